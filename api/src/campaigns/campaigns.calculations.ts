/**
 * The campaigns report's math that is not SQL (metrics.md "Campaigns"): rates (null over 0),
 * the order of the campaigns, the instants in the request's zone, revenue per currency and the
 * sends-over-time series with every bucket of the period.
 */
import type { CampaignMetrics, CampaignTotals, CampaignsResponse } from '@parley/shared';
import { compareBytes } from '../facts/facts.calculations.js';
import { rate, revenueOf, series } from '../metrics/metrics.calculations.js';
import { type Bucket, formatLocalMicros } from '../metrics/period.calculations.js';
import type { CampaignRow } from './campaigns.repository.js';

/** The funnel of one row (a campaign, or the totals), without the id and the instants. */
function funnel(r: CampaignRow) {
  return {
    channels: [...(r.channels ?? [])].sort(compareBytes),
    sent: r.sent,
    recipients: r.recipients,
    delivered: r.delivered,
    read: r.read,
    failed: r.failed,
    deliveryRate: rate(r.delivered, r.sent),
    readRate: rate(r.read, r.delivered),
    replied: r.replied,
    replyRate: rate(r.replied, r.recipients),
    converted: r.converted,
    conversionRate: rate(r.converted, r.recipients),
    revenue: revenueOf(r.revenue.map((x) => ({ b: 1, g: null, currency: x.currency, amount: x.amount }))),
  };
}

/** Campaigns in answer order: the instant of their first message, then campaignId byte by byte. */
export function orderCampaigns(rows: CampaignRow[]): CampaignRow[] {
  return [...rows].sort((a, b) => {
    const d = BigInt(a.first_us!) - BigInt(b.first_us!);
    return d < 0n ? -1 : d > 0n ? 1 : compareBytes(a.campaign_id!, b.campaign_id!);
  });
}

/** The answer's totals, campaigns and series from the repository's rows (one of them the totals, campaign_id null). */
export function campaignsReport(rows: CampaignRow[], buckets: Bucket[], tz: string): Pick<CampaignsResponse, 'totals' | 'campaigns' | 'series'> {
  const at = (us: string | null) => (us === null ? null : formatLocalMicros(BigInt(us), tz));
  const total = rows.find((r) => r.campaign_id === null);
  const ordered = orderCampaigns(rows.filter((r) => r.campaign_id !== null));
  const { channels, ...rest } = total ? funnel(total) : funnel(EMPTY);
  const totals: CampaignTotals = { channels, firstSentAt: at(total?.first_us ?? null), lastSentAt: at(total?.last_us ?? null), ...rest };
  const campaigns: CampaignMetrics[] = ordered.map((r) => {
    const { channels, ...figures } = funnel(r);
    return { campaignId: r.campaign_id!, channels, firstSentAt: at(r.first_us)!, lastSentAt: at(r.last_us)!, ...figures };
  });
  const sends = new Map(ordered.map((r) => [r.campaign_id!, new Map(r.sends)]));
  return {
    totals,
    campaigns,
    series: series(buckets, ordered.map((r) => r.campaign_id), (b, g) => ({ sent: sends.get(g!)?.get(b) ?? 0 })) as CampaignsResponse['series'],
  };
}

const EMPTY: CampaignRow = {
  campaign_id: null, sent: 0, recipients: 0, delivered: 0, read: 0, failed: 0, replied: 0, converted: 0,
  channels: null, first_us: null, last_us: null, revenue: [], sends: [],
};
