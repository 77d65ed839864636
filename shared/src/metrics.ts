import { z } from 'zod';
import { GRAINS } from './report-params.js';

// Query parameters: report-params.ts (plain values) and reports.ts (the registry's zod schemas).

const nullableNumber = z.number().nullable();
export const RevenueSchema = z.record(z.string(), z.number()).meta({ id: 'Revenue', description: 'Sum of conversion values per currency', example: { EUR: 120.5 } });

export const ResponseMetricsSchema = z
  .object({
    conversations: z.number().int().meta({ description: 'Conversations whose first customer message is in the bucket' }),
    responded: z.number().int(),
    responseRate: nullableNumber,
    firstResponseMedian: nullableNumber.meta({ description: 'Seconds' }),
    firstResponseP90: nullableNumber,
    firstResponseMean: nullableNumber,
    replyMedian: nullableNumber,
    replyP90: nullableNumber,
    resolutions: z.number().int(),
    resolutionMedian: nullableNumber,
    withinSla: nullableNumber,
    assignedConversations: z.number().int().meta({ description: 'Conversations whose first assignment is in the bucket' }),
    assignmentResponseMedian: nullableNumber.meta({ description: 'Seconds from the first assignment to the first agent response after it' }),
    assignmentResponseP90: nullableNumber,
  })
  .meta({ id: 'ResponseMetrics' });
export type ResponseMetrics = z.infer<typeof ResponseMetricsSchema>;

export const EngagementMetricsSchema = z
  .object({
    conversations: z.number().int().meta({ description: 'Conversations started in the bucket' }),
    messagesIn: z.number().int(),
    messagesOut: z.number().int(),
    activeContacts: z.number().int(),
    messagesPerConversation: nullableNumber,
    automationRate: nullableNumber,
    conversionRate: nullableNumber,
    revenue: RevenueSchema,
  })
  .meta({ id: 'EngagementMetrics' });
export type EngagementMetrics = z.infer<typeof EngagementMetricsSchema>;

export const LoyaltyMetricsSchema = z
  .object({
    activeContacts: z.number().int(),
    newContacts: z.number().int(),
    returningContacts: z.number().int(),
    returningRate: nullableNumber,
    repeatContactRate: nullableNumber,
    csatAverage: nullableNumber,
    csatSatisfiedRate: nullableNumber,
    csatResponses: z.number().int(),
  })
  .meta({ id: 'LoyaltyMetrics' });
export type LoyaltyMetrics = z.infer<typeof LoyaltyMetricsSchema>;

export const PeriodSchema = z
  .object({
    from: z.string().meta({ description: 'Inclusive, as a local time with offset in tz' }),
    to: z.string().meta({ description: 'Exclusive' }),
  })
  .meta({ id: 'Period' });

/** The fields every series item has besides its metrics. */
const seriesFields = {
  bucket: z.string().meta({ description: 'Local start of the bucket with its offset', example: '2026-10-25T00:00:00+02:00' }),
  group: z.string().nullable().optional().meta({ description: 'The group (channel, agent, team or tag) when groupBy is set; null: unanswered (agent), without a team or without tags' }),
};
const seriesHead = { period: PeriodSchema, tz: z.string(), grain: z.enum(GRAINS) };
const totalsNote = { description: 'Over the whole period (never summed from buckets)' };

/**
 * Parley extension (docs/api.md): with groupBy, each group's figures over the whole period, computed
 * like `totals` (a percentile or a distinct count of a group is never summed from its buckets).
 */
const groupFields = {
  group: z.string().nullable().meta({ description: 'The group (channel, agent, team or tag); null: unanswered (agent), without a team or without tags' }),
};
const groupsNote = { description: 'With groupBy only: one item per group of the series, in its order, over the whole period' };

// Spelled out per report (not through a generic helper) so the compiled types keep every field.
export const ResponseTimesResponseSchema = z
  .object({
    ...seriesHead,
    totals: ResponseMetricsSchema.meta(totalsNote),
    series: z.array(ResponseMetricsSchema.extend(seriesFields)),
    groups: z
      .array(
        ResponseMetricsSchema.extend({
          ...groupFields,
          bot: z.boolean().optional().meta({ description: 'groupBy=agent only: this id sent a first response of the period as a bot (sender.type bot)' }),
          csatAverage: nullableNumber.optional().meta({ description: "The group's CSAT average over the ratings of the period (as loyalty's), for ranked tables" }),
          csatResponses: z.number().int().optional().meta({ description: 'Ratings behind csatAverage' }),
        }),
      )
      .optional()
      .meta(groupsNote),
  })
  .meta({ id: 'ResponseTimesResponse' });
export type ResponseTimesResponse = z.infer<typeof ResponseTimesResponseSchema>;
export const EngagementResponseSchema = z
  .object({
    ...seriesHead,
    totals: EngagementMetricsSchema.meta(totalsNote),
    series: z.array(EngagementMetricsSchema.extend(seriesFields)),
    groups: z.array(EngagementMetricsSchema.extend(groupFields)).optional().meta(groupsNote),
  })
  .meta({ id: 'EngagementResponse' });
export type EngagementResponse = z.infer<typeof EngagementResponseSchema>;
export const LoyaltyResponseSchema = z
  .object({
    ...seriesHead,
    totals: LoyaltyMetricsSchema.meta(totalsNote),
    series: z.array(LoyaltyMetricsSchema.extend(seriesFields)),
    groups: z.array(LoyaltyMetricsSchema.extend(groupFields)).optional().meta(groupsNote),
  })
  .meta({ id: 'LoyaltyResponse' });
export type LoyaltyResponse = z.infer<typeof LoyaltyResponseSchema>;

export const HeatmapResponseSchema = z
  .object({
    period: PeriodSchema,
    tz: z.string(),
    cells: z.array(
      z.object({
        weekday: z.number().int().min(1).max(7).meta({ description: '1 = Monday … 7 = Sunday' }),
        hour: z.number().int().min(0).max(23),
        messages: z.number().int().meta({ description: 'Customer messages (message.received)' }),
      }),
    ),
  })
  .meta({ id: 'HeatmapResponse' });
export type HeatmapResponse = z.infer<typeof HeatmapResponseSchema>;

export const CohortsResponseSchema = z
  .object({
    period: PeriodSchema,
    tz: z.string(),
    grain: z.enum(['week', 'month']),
    cohorts: z.array(
      z.object({
        cohort: z.string().meta({ example: '2026-10-05T00:00:00+02:00' }),
        size: z.number().int(),
        retained: z.array(z.number().int()),
        rate: z.array(nullableNumber),
      }),
    ),
  })
  .meta({ id: 'CohortsResponse' });
export type CohortsResponse = z.infer<typeof CohortsResponseSchema>;

export const ChannelMetricsSchema = z
  .object({
    channel: z.string(),
    conversations: z.number().int(),
    messagesIn: z.number().int(),
    messagesOut: z.number().int(),
    activeContacts: z.number().int(),
    responseRate: nullableNumber,
    firstResponseMedian: nullableNumber,
    firstResponseP90: nullableNumber,
    replyMedian: nullableNumber,
    automationRate: nullableNumber,
    csatAverage: nullableNumber,
    returningRate: nullableNumber,
    conversionRate: nullableNumber,
    revenue: RevenueSchema,
  })
  .meta({ id: 'ChannelMetrics' });
export type ChannelMetrics = z.infer<typeof ChannelMetricsSchema>;

export const ChannelsResponseSchema = z
  .object({ period: PeriodSchema, tz: z.string(), channels: z.array(ChannelMetricsSchema) })
  .meta({ id: 'ChannelsResponse' });
export type ChannelsResponse = z.infer<typeof ChannelsResponseSchema>;

export const OverviewMetricsSchema = z
  .object({
    conversations: z.number().int().meta({ description: 'Started in the period' }),
    messagesIn: z.number().int(),
    messagesOut: z.number().int(),
    activeContacts: z.number().int(),
    newContacts: z.number().int(),
    returningRate: nullableNumber,
    responseRate: nullableNumber,
    firstResponseMedian: nullableNumber,
    firstResponseP90: nullableNumber,
    automationRate: nullableNumber,
    csatAverage: nullableNumber,
    csatResponses: z.number().int().meta({ description: 'Ratings in the period (the sample of csatAverage)' }),
    conversionRate: nullableNumber,
    revenue: RevenueSchema,
  })
  .meta({ id: 'OverviewMetrics' });
export type OverviewMetrics = z.infer<typeof OverviewMetricsSchema>;

export const OverviewResponseSchema = z
  .object({
    period: PeriodSchema,
    previous: PeriodSchema,
    tz: z.string(),
    current: OverviewMetricsSchema,
    before: OverviewMetricsSchema,
  })
  .meta({ id: 'OverviewResponse' });
export type OverviewResponse = z.infer<typeof OverviewResponseSchema>;

export const CampaignMetricsSchema = z
  .object({
    campaignId: z.string(),
    channels: z.array(z.string()).meta({ description: 'Sorted distinct channels of the conversations of its messages in the period' }),
    firstSentAt: z.string().meta({ description: 'Its first message in the period, local time with offset in tz' }),
    lastSentAt: z.string(),
    sent: z.number().int().meta({ description: 'Campaign messages in the period' }),
    recipients: z.number().int().meta({ description: 'Distinct contacts of those messages' }),
    delivered: z.number().int().meta({ description: 'Of those messages: delivered or read (statuses before to)' }),
    read: z.number().int(),
    failed: z.number().int().meta({ description: 'Failed and not delivered' }),
    deliveryRate: nullableNumber.meta({ description: 'delivered / sent' }),
    readRate: nullableNumber.meta({ description: 'read / delivered' }),
    replied: z.number().int().meta({ description: 'Recipients with a message.received attributed to one of its messages in the period' }),
    replyRate: nullableNumber.meta({ description: 'replied / recipients' }),
    converted: z.number().int().meta({ description: 'Recipients with an attributed conversion' }),
    conversionRate: nullableNumber.meta({ description: 'converted / recipients' }),
    revenue: RevenueSchema,
  })
  .meta({ id: 'CampaignMetrics' });
export type CampaignMetrics = z.infer<typeof CampaignMetricsSchema>;

/** All campaigns of the period together: distinct contacts over all of them, computed once (never summed from rows). */
export const CampaignTotalsSchema = CampaignMetricsSchema.omit({ campaignId: true, firstSentAt: true, lastSentAt: true })
  .extend({
    firstSentAt: z.string().nullable(),
    lastSentAt: z.string().nullable(),
  })
  .meta({ id: 'CampaignTotals', description: 'Over all campaigns of the period: recipients, replied and converted are distinct contacts over all of them' });
export type CampaignTotals = z.infer<typeof CampaignTotalsSchema>;

export const CampaignsResponseSchema = z
  .object({
    period: PeriodSchema,
    tz: z.string(),
    grain: z.enum(GRAINS),
    window: z.number().int().meta({ description: 'The attribution window used, in hours' }),
    totals: CampaignTotalsSchema,
    campaigns: z.array(CampaignMetricsSchema).meta({ description: 'Sorted by firstSentAt (the instant), then campaignId byte by byte' }),
    series: z
      .array(
        z.object({
          bucket: seriesFields.bucket,
          group: z.string().meta({ description: 'The campaignId' }),
          sent: z.number().int().meta({ description: 'Its campaign messages in the bucket' }),
        }),
      )
      .meta({ description: 'Sends over time: every bucket of the period for every listed campaign, in the order of campaigns' }),
  })
  .meta({ id: 'CampaignsResponse' });
export type CampaignsResponse = z.infer<typeof CampaignsResponseSchema>;
