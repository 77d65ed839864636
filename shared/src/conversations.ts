import { z } from 'zod';
import { OverviewMetricsSchema } from './metrics.js';
import { LIVE_LONGEST_WAITS, LIVE_OPEN_DAYS } from './report-params.js';

/**
 * GET /conversations/{conversationId} (api.md): one conversation's facts and its events in the
 * sort order of events.md. Facts are in calendar time for responder=any, as the conversations
 * export gives them; instants are UTC ISO 8601 with microseconds (as stored).
 */
export const MAX_CONVERSATION_EVENTS = 10_000;

const instant = z.string().nullable();
const seconds = z.number().nullable();

export const ConversationFactsSchema = z
  .object({
    conversationId: z.string(),
    channel: z.string(),
    contactId: z.string(),
    startedAt: z.string(),
    firstCustomerAt: instant,
    firstResponseAt: instant,
    firstResponseTime: seconds,
    firstResponder: z.string().nullable(),
    agentFirstResponseAt: instant,
    agentFirstResponseTime: seconds,
    agentFirstResponder: z.string().nullable(),
    replies: z.number().int(),
    agentReplies: z.number().int(),
    resolved: z.boolean(),
    resolvedAt: instant,
    resolutionTime: seconds,
    automated: z.boolean(),
    rating: z.number().int().nullable(),
    ratedAt: instant,
    converted: z.boolean(),
    conversions: z.number().int(),
    revenue: z.record(z.string(), z.string()).nullable().meta({ description: 'Conversion sums per currency, exact decimal strings; null without any' }),
    team: z.string().nullable(),
    assignee: z.string().nullable(),
    tags: z.array(z.string()),
    firstAssignedAt: instant,
    assignmentResponseTime: seconds,
    messagesIn: z.number().int(),
    messagesOut: z.number().int(),
    events: z.number().int(),
    lastEventAt: z.string(),
    waitingSince: instant.meta({ description: 'The start of the wait still open (events.md "waiting"); null when not waiting' }),
  })
  .meta({ id: 'ConversationFacts' });
export type ConversationFactsItem = z.infer<typeof ConversationFactsSchema>;

export const StoredEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    occurredAt: z.string(),
    conversationId: z.string(),
    contactId: z.string(),
    channel: z.string(),
    sender: z.object({ type: z.string(), id: z.string().optional() }).nullable(),
    campaignId: z.string().nullable(),
    messageId: z.string().nullable(),
    agentId: z.string().nullable(),
    team: z.string().nullable(),
    rating: z.number().int().nullable(),
    value: z.string().nullable().meta({ description: 'Decimal text, exact' }),
    currency: z.string().nullable(),
    tags: z.array(z.string()).nullable(),
    attributes: z.record(z.string(), z.unknown()).nullable(),
    receivedAt: z.string(),
  })
  .meta({ id: 'StoredEvent' });
export type StoredEvent = z.infer<typeof StoredEventSchema>;

export const ConversationDetailSchema = z
  .object({
    conversation: ConversationFactsSchema,
    events: z.array(StoredEventSchema).meta({ description: `In events.md's order (instant; received, sent, others; id byte-wise); the first ${MAX_CONVERSATION_EVENTS}` }),
    moreEvents: z.boolean().meta({ description: `true when the conversation has more than ${MAX_CONVERSATION_EVENTS} events and only the first are listed` }),
  })
  .meta({ id: 'ConversationDetail' });
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;

export const ConversationListSchema = z
  .object({
    items: z.array(ConversationFactsSchema).meta({
      description: 'Durations, firstResponseAt, firstResponder and waitingSince follow the request\'s hours and responder',
    }),
    nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last page' }),
  })
  .meta({ id: 'ConversationList' });
export type ConversationList = z.infer<typeof ConversationListSchema>;

export const LiveWaitSchema = z
  .object({
    conversationId: z.string(),
    channel: z.string(),
    contactId: z.string(),
    team: z.string().nullable(),
    waitingSince: z.string().meta({ description: 'UTC ISO 8601 with microseconds' }),
    waitingSeconds: z.number().meta({ description: 'asOf − waitingSince, seconds' }),
  })
  .meta({ id: 'LiveWait' });

export const LiveResponseSchema = z
  .object({
    asOf: z.string().meta({ description: 'The instant the answer is of (UTC ISO 8601); only events at or before it count' }),
    open: z.number().int().meta({ description: `Conversations not resolved with an event in the ${LIVE_OPEN_DAYS} days before asOf` }),
    waiting: z.number().int().meta({ description: 'Those of them waiting (for the responder)' }),
    longestWaits: z.array(LiveWaitSchema).meta({ description: `The ${LIVE_LONGEST_WAITS} longest waits, longest first, ties by conversationId` }),
    // today: the overview figures of [local midnight, asOf); lastWeek: the same local wall-clock hours of the date 7 days earlier.
    today: OverviewMetricsSchema,
    lastWeek: OverviewMetricsSchema,
    todayPeriod: z.object({ from: z.string(), to: z.string() }).meta({ description: 'Parley extension: the period of today, local times with offset' }),
    lastWeekPeriod: z.object({ from: z.string(), to: z.string() }).meta({ description: 'Parley extension: the period of lastWeek' }),
  })
  .meta({ id: 'LiveResponse' });
export type LiveResponse = z.infer<typeof LiveResponseSchema>;
