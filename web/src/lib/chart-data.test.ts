import { describe, expect, it } from '@jest/globals';
import type { CampaignMetrics, ChannelMetrics, OverviewMetrics } from '@parley/shared';
import {
  buildKpis,
  comparability,
  MIN_SAMPLE,
  sampleSize,
  campaignMarkers,
  campaignSends,
  failedShare,
  funnelSteps,
  sortCampaigns,
  channelBars,
  channelRevenueBars,
  revenueAmounts,
  durationTicks,
  cohortTable,
  currencies,
  delta,
  heatmapGrid,
  intensity,
  isEmpty,
  overviewKpis,
  pivotGroups,
  revenueRows,
  seriesRows,
  sortChannels,
  withPrevious,
  MIN_RATINGS,
  fewKey,
  splitBySample,
  ratingsNote,
} from './chart-data';

const B1 = '2026-11-01T00:00:00+01:00';
const B2 = '2026-11-02T00:00:00+01:00';
const B3 = '2026-11-03T00:00:00+01:00';

describe('delta', () => {
  it('gives relative changes for counts and durations', () => {
    expect(delta(120, 100, 'count', 'up')).toEqual({ change: 0.2, mode: 'relative', direction: 'up', tone: 'good' });
    expect(delta(80, 100, 'count', 'up')).toMatchObject({ change: -0.2, direction: 'down', tone: 'bad' });
  });

  it('colours a faster response as good', () => {
    expect(delta(60, 120, 'duration', 'down')).toMatchObject({ change: -0.5, direction: 'down', tone: 'good' });
    expect(delta(180, 120, 'duration', 'down')).toMatchObject({ direction: 'up', tone: 'bad' });
  });

  it('gives rates in percentage points', () => {
    const d = delta(0.88, 0.8, 'percent', 'up');
    expect(d.mode).toBe('points');
    expect(d.change).toBeCloseTo(0.08);
    expect(d.tone).toBe('good');
  });

  it('leaves metrics without a better direction uncoloured', () => {
    expect(delta(0.5, 0.3, 'percent', null)).toMatchObject({ direction: 'up', tone: 'neutral' });
  });

  it('treats tiny changes as flat', () => {
    expect(delta(1000.2, 1000, 'count', 'up')).toMatchObject({ direction: 'flat', tone: 'neutral' });
    expect(delta(0, 0, 'count', 'up')).toMatchObject({ change: 0, direction: 'flat' });
  });

  it('has no ratio from zero or from no value', () => {
    expect(delta(5, 0, 'count', 'up')).toMatchObject({ change: null, direction: 'up', tone: 'good' });
    expect(delta(null, 60, 'duration', 'down')).toMatchObject({ change: null, direction: 'flat', tone: 'neutral' });
    expect(delta(60, null, 'duration', 'down')).toMatchObject({ change: null, direction: 'flat' });
  });
});

const metrics = (over: Partial<OverviewMetrics>): OverviewMetrics => ({
  conversations: 0,
  messagesIn: 0,
  messagesOut: 0,
  activeContacts: 0,
  newContacts: 0,
  returningRate: null,
  responseRate: null,
  firstResponseMedian: null,
  firstResponseP90: null,
  automationRate: null,
  csatAverage: null,
  csatResponses: 0,
  conversionRate: null,
  revenue: {},
  ...over,
});

describe('overviewKpis', () => {
  it('lists the headline cards in order, then one revenue card per currency', () => {
    const kpis = overviewKpis({
      current: metrics({ conversations: 110, firstResponseMedian: 90, revenue: { EUR: 500, USD: 50 } }),
      before: metrics({ conversations: 100, firstResponseMedian: 120, revenue: { EUR: 400, GBP: 10 } }),
    });
    expect(kpis.map((k) => k.id)).toEqual([
      'conversations',
      'messagesIn',
      'messagesOut',
      'activeContacts',
      'responseRate',
      'firstResponseMedian',
      'firstResponseP90',
      'automationRate',
      'csatAverage',
      'conversionRate',
      'revenue-EUR',
      'revenue-USD',
      'revenue-GBP',
    ]);
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]));
    expect(byId.conversations.delta).toMatchObject({ change: 0.1, tone: 'good' });
    expect(byId.firstResponseMedian.delta).toMatchObject({ change: -0.25, tone: 'good' });
    expect(byId['revenue-EUR']).toMatchObject({ value: 500, previous: 400, currency: 'EUR', label: 'Revenue (EUR)' });
    // A currency only in the previous period shows as 0 now, and the drop as bad.
    expect(byId['revenue-GBP']).toMatchObject({ value: 0, previous: 10, delta: { change: -1, tone: 'bad' } });
  });

  it('shows no change against a near-empty previous period (n/a — too little data before), never a green −100%', () => {
    const kpis = overviewKpis({
      current: metrics({ conversations: 583, messagesIn: 0, responseRate: 0.9, firstResponseMedian: 0, csatAverage: 4.5, csatResponses: 40, revenue: { EUR: 900 } }),
      before: metrics({ conversations: 1, messagesIn: 25, responseRate: 1, firstResponseMedian: 60, csatAverage: 2, csatResponses: 2, revenue: { EUR: 1 } }),
    });
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]));
    for (const id of ['conversations', 'responseRate', 'firstResponseMedian', 'csatAverage', 'revenue-EUR'])
      expect([id, byId[id].delta]).toEqual([id, { change: null, mode: expect.any(String), direction: 'flat', tone: 'neutral', insufficient: 'before' }]);
    // A count now is a fact: 25 messages before, none now is a real −100%, and bad.
    expect(byId.messagesIn.delta).toMatchObject({ change: -1, tone: 'bad' });
    expect(byId.messagesIn.delta.insufficient).toBeUndefined();
  });

  it('a ratio needs enough data now too; CSAT counts its ratings, not the conversations', () => {
    const kpis = buildKpis(
      metrics({ conversations: 5, responseRate: 1, csatAverage: 5, csatResponses: 19 }),
      metrics({ conversations: 400, responseRate: 0.5, csatAverage: 3, csatResponses: 100 }),
      ['conversations', 'responseRate', 'csatAverage'],
    );
    expect(kpis.map((k) => k.delta.insufficient ?? 'ok')).toEqual(['ok', 'now', 'now']);
    expect(kpis[0].delta).toMatchObject({ direction: 'down', tone: 'bad' });
  });

  it('the sample of a metric: itself for counts, the denominator for ratios, first field present', () => {
    expect(sampleSize('conversations', { conversations: 7 })).toBe(7);
    expect(sampleSize('firstResponseMedian', { conversations: 50, responded: 30 })).toBe(30);
    expect(sampleSize('firstResponseMedian', { conversations: 50 })).toBe(50);
    expect(sampleSize('csatAverage', { conversations: 50 })).toBeNull();
    expect(sampleSize('resolutionMedian', { resolutions: 3 })).toBe(3);
    expect(comparability('conversations', { conversations: 100 }, { conversations: MIN_SAMPLE })).toBeNull();
    expect(comparability('conversations', { conversations: 100 }, { conversations: MIN_SAMPLE - 1 })).toBe('before');
    // Totals that do not say how large the sample is: compared as before.
    expect(comparability('csatAverage', {}, {})).toBeNull();
  });

  it('has no deltas without a previous period', () => {
    const [k] = buildKpis(metrics({ conversations: 3 }), null, ['conversations']);
    expect(k).toMatchObject({ value: 3, previous: null, delta: { change: null, tone: 'neutral' } });
  });
});

describe('series shaping', () => {
  it('picks fields per bucket, missing ones as null', () => {
    const rows = seriesRows([{ bucket: B1, a: 1, b: null } as { bucket: string; a: number; b: number | null }], ['a', 'b']);
    expect(rows).toEqual([{ bucket: B1, a: 1, b: null }]);
  });

  it('lays the previous period beside the current one, bucket by bucket', () => {
    const rows = withPrevious(
      [
        { bucket: B2, v: 5 },
        { bucket: B3, v: 6 },
      ],
      [{ bucket: B1, v: 4 }],
      'v',
    );
    expect(rows).toEqual([
      { bucket: B2, v: 5, previous: 4, previousBucket: B1 },
      { bucket: B3, v: 6, previous: null, previousBucket: null },
    ]);
    expect(withPrevious([{ bucket: B1, v: 1 }], undefined, 'v')[0]).toMatchObject({ previous: null });
  });

  it('gives revenue a column per currency, largest total first, 0 where a bucket has none', () => {
    const { rows, currencies: curs } = revenueRows([
      { bucket: B1, revenue: { EUR: 10 } },
      { bucket: B2, revenue: { USD: 50, EUR: 5 } },
      { bucket: B3, revenue: {} },
    ]);
    expect(curs).toEqual(['USD', 'EUR']);
    expect(rows).toEqual([
      { bucket: B1, USD: 0, EUR: 10 },
      { bucket: B2, USD: 50, EUR: 5 },
      { bucket: B3, USD: 0, EUR: 0 },
    ]);
    expect(currencies([{ B: 1, A: 1 }])).toEqual(['A', 'B']);
  });

  it('knows an empty series', () => {
    expect(isEmpty([{ bucket: B1, a: 0, b: null }], ['a', 'b'])).toBe(true);
    expect(isEmpty([{ bucket: B1, a: 0, b: 0.5 }], ['a', 'b'])).toBe(false);
    expect(isEmpty([], ['a'])).toBe(true);
  });
});

describe('pivotGroups', () => {
  const item = (bucket: string, group: string | null, conversations: number, median: number | null = null) => ({ bucket, group, conversations, median });

  it('makes one column per group, biggest first, with safe keys', () => {
    const { rows, groups, hidden } = pivotGroups(
      [item(B1, 'sms', 1), item(B2, 'sms', 2), item(B1, 'ana.smith', 5), item(B2, 'ana.smith', 0)],
      'conversations',
    );
    expect(groups).toEqual([
      { key: 'g0', label: 'ana.smith', group: 'ana.smith' },
      { key: 'g1', label: 'sms', group: 'sms' },
    ]);
    expect(rows).toEqual([
      { bucket: B1, g0: 5, g1: 1 },
      { bucket: B2, g0: 0, g1: 2 },
    ]);
    expect(hidden).toBe(0);
  });

  it('names the null group and orders ties like the API (null last)', () => {
    const { groups } = pivotGroups([item(B1, null, 1), item(B1, 'b', 1), item(B1, 'a', 1)], 'conversations', { noneLabel: 'Unanswered' });
    expect(groups.map((g) => g.label)).toEqual(['a', 'b', 'Unanswered']);
  });

  it('sums groups beyond the limit into "Other" for counts', () => {
    const series = ['a', 'b', 'c', 'd'].flatMap((g, i) => [item(B1, g, 10 - i), item(B2, g, 1)]);
    const { rows, groups } = pivotGroups(series, 'conversations', { limit: 2 });
    expect(groups.map((g) => g.label)).toEqual(['a', 'b', 'Other (2)']);
    expect(rows[0]).toEqual({ bucket: B1, g0: 10, g1: 9, other: 8 + 7 });
    expect(rows[1]).toEqual({ bucket: B2, g0: 1, g1: 1, other: 2 });
  });

  it('leaves out groups without any value (no median for the unanswered)', () => {
    const { groups } = pivotGroups([item(B1, null, 9, null), item(B1, 'ana', 1, 40)], 'median', { additive: false, weight: 'conversations' });
    expect(groups.map((g) => g.label)).toEqual(['ana']);
  });

  it('leaves extra groups out for medians, ranked by another field, and says how many', () => {
    const series = [item(B1, 'busy', 50, 30), item(B1, 'quiet', 1, 999), item(B1, 'mid', 10, 60)];
    const { rows, groups, hidden } = pivotGroups(series, 'median', { limit: 2, additive: false, weight: 'conversations' });
    expect(groups.map((g) => g.label)).toEqual(['busy', 'mid']);
    expect(rows).toEqual([{ bucket: B1, g0: 30, g1: 60 }]);
    expect(hidden).toBe(1);
  });
});

describe('durationTicks', () => {
  it('steps in round durations', () => {
    expect(durationTicks(50)).toEqual([0, 15, 30, 45, 60]);
    expect(durationTicks(2700)).toEqual([0, 900, 1800, 2700]);
    expect(durationTicks(80_000)).toEqual([0, 21_600, 43_200, 64_800, 86_400]);
    expect(durationTicks(160_000)).toEqual([0, 43_200, 86_400, 129_600, 172_800]);
    expect(durationTicks(500_000)).toEqual([0, 172_800, 345_600, 518_400]);
  });

  it('has a scale even for nothing', () => {
    expect(durationTicks(0)).toEqual([0, 60]);
    expect(durationTicks(Number.NaN)).toEqual([0, 60]);
  });
});

describe('heatmap and cohorts', () => {
  it('fills a Monday-first 7 × 24 grid', () => {
    const grid = heatmapGrid([
      { weekday: 1, hour: 9, messages: 4 },
      { weekday: 7, hour: 23, messages: 10 },
      { weekday: 8, hour: 0, messages: 99 },
    ]);
    expect(grid.values).toHaveLength(7);
    expect(grid.values[0]).toHaveLength(24);
    expect(grid.values[0][9]).toBe(4);
    expect(grid.values[6][23]).toBe(10);
    expect(grid.max).toBe(10);
    expect(grid.total).toBe(14);
  });

  it('scales intensity by square root, 0 for nothing', () => {
    expect(intensity(25, 100)).toBeCloseTo(0.5);
    expect(intensity(100, 100)).toBe(1);
    expect(intensity(0, 100)).toBe(0);
    expect(intensity(5, 0)).toBe(0);
    expect(intensity(null, 10)).toBe(0);
  });

  it('shapes the retention triangle', () => {
    const { rows, offsets } = cohortTable([
      { cohort: B1, size: 10, retained: [10, 4, 2], rate: [1, 0.4, 0.2] },
      { cohort: B2, size: 0, retained: [0, 0], rate: [null, null] },
      { cohort: B3, size: 5, retained: [5], rate: [1] },
    ]);
    expect(offsets).toBe(3);
    expect(rows.map((r) => r.cells.length)).toEqual([3, 2, 1]);
    expect(rows[0].cells[1]).toEqual({ offset: 1, retained: 4, rate: 0.4 });
    expect(rows[1].cells[0].rate).toBeNull();
    expect(cohortTable([]).offsets).toBe(0);
  });
});

const channel = (name: string, over: Partial<ChannelMetrics>): ChannelMetrics => ({
  channel: name,
  conversations: 0,
  messagesIn: 0,
  messagesOut: 0,
  activeContacts: 0,
  responseRate: null,
  firstResponseMedian: null,
  firstResponseP90: null,
  replyMedian: null,
  automationRate: null,
  csatAverage: null,
  returningRate: null,
  conversionRate: null,
  revenue: {},
  ...over,
});

describe('channels', () => {
  const list = [
    channel('sms', { conversations: 5, csatAverage: 4.5, revenue: { EUR: 10 } }),
    channel('email', { conversations: 20, csatAverage: null, revenue: { EUR: 30, USD: 100 } }),
    channel('whatsapp', { conversations: 20, csatAverage: 3.9 }),
  ];

  it('sorts by a metric, ties by name, channels without a value last both ways', () => {
    expect(sortChannels(list, 'conversations', 'desc').map((c) => c.channel)).toEqual(['email', 'whatsapp', 'sms']);
    expect(sortChannels(list, 'conversations', 'asc').map((c) => c.channel)).toEqual(['sms', 'email', 'whatsapp']);
    expect(sortChannels(list, 'csatAverage', 'desc').map((c) => c.channel)).toEqual(['sms', 'whatsapp', 'email']);
    expect(sortChannels(list, 'csatAverage', 'asc').map((c) => c.channel)).toEqual(['whatsapp', 'sms', 'email']);
    expect(sortChannels(list, 'channel', 'asc').map((c) => c.channel)).toEqual(['email', 'sms', 'whatsapp']);
  });

  it('sorts revenue in the given currency', () => {
    expect(sortChannels(list, 'revenue', 'desc', 'EUR').map((c) => c.channel)).toEqual(['email', 'sms', 'whatsapp']);
  });

  it('does not reorder its input', () => {
    sortChannels(list, 'channel', 'desc');
    expect(list.map((c) => c.channel)).toEqual(['sms', 'email', 'whatsapp']);
  });

  it('gives bar data largest first without channels lacking a value', () => {
    expect(channelBars(list, 'csatAverage')).toEqual([
      { channel: 'sms', value: 4.5 },
      { channel: 'whatsapp', value: 3.9 },
    ]);
    expect(channelBars(list, 'revenue', 'USD')).toEqual([
      { channel: 'email', value: 100 },
      { channel: 'sms', value: 0 },
      { channel: 'whatsapp', value: 0 },
    ]);
  });
});

const campaign = (campaignId: string, over: Partial<CampaignMetrics> = {}): CampaignMetrics => ({
  campaignId,
  channels: ['whatsapp'],
  firstSentAt: '2026-11-02T10:00:00+01:00',
  lastSentAt: '2026-11-02T10:05:00+01:00',
  sent: 10,
  recipients: 10,
  delivered: 8,
  read: 4,
  failed: 1,
  deliveryRate: 0.8,
  readRate: 0.5,
  replied: 0,
  replyRate: 0,
  converted: 0,
  conversionRate: 0,
  revenue: {},
  ...over,
});

describe('campaign funnel', () => {
  it('gives messages (sent, delivered, read) against sent and contacts (replied, converted) against recipients, with the API rates', () => {
    // 200 messages to 80 contacts: 150 delivered, 60 read, 20 failed; 24 contacts replied, 6 converted.
    const steps = funnelSteps({ sent: 200, delivered: 150, read: 60, failed: 20, recipients: 80, replied: 24, converted: 6, deliveryRate: 0.75, readRate: 0.4, replyRate: 0.3, conversionRate: 0.075 });
    expect(steps.map((s) => [s.key, s.unit, s.value, s.share, s.rate, s.rateOf])).toEqual([
      ['sent', 'messages', 200, 1, null, null],
      ['delivered', 'messages', 150, 0.75, 0.75, 'of sent'],
      ['read', 'messages', 60, 0.3, 0.4, 'of delivered'],
      ['recipients', 'recipients', 80, 1, null, null],
      ['replied', 'recipients', 24, 0.3, 0.3, 'of recipients'],
      ['converted', 'recipients', 6, 0.075, 0.075, 'of recipients'],
    ]);
    expect(failedShare({ sent: 200, failed: 20 })).toBe(0.1);
  });

  it('draws nothing and keeps null rates when nothing was sent', () => {
    const steps = funnelSteps({ sent: 0, delivered: 0, read: 0, failed: 0, recipients: 0, replied: 0, converted: 0, deliveryRate: null, readRate: null, replyRate: null, conversionRate: null });
    expect(steps.every((s) => s.share === 0)).toBe(true);
    expect(steps.map((s) => s.rate)).toEqual([null, null, null, null, null, null]);
    expect(failedShare({ sent: 0, failed: 0 })).toBeNull();
  });
});

describe('sortCampaigns', () => {
  const a = campaign('a', { converted: 2, replied: 5, sent: 30, readRate: 0.2, firstSentAt: '2026-11-03T09:00:00+01:00', revenue: { EUR: 10 } });
  const b = campaign('b', { converted: 2, replied: 9, sent: 10, readRate: null, firstSentAt: '2026-11-01T23:30:00-05:00', revenue: { EUR: 50, USD: 900 } });
  const c = campaign('c', { converted: 5, replied: 1, sent: 20, readRate: 0.9, firstSentAt: '2026-11-02T06:00:00+01:00' });
  const d = campaign('d', { converted: 2, replied: 5, sent: 5, readRate: 0.2, firstSentAt: '2026-11-02T05:00:00+00:00' });
  const ids = (list: CampaignMetrics[]) => list.map((x) => x.campaignId);

  it('ranks by converted, then replied, then id by default', () => {
    expect(ids(sortCampaigns([a, b, c, d], 'converted', 'desc'))).toEqual(['c', 'b', 'a', 'd']);
  });

  it('sorts any column either way, breaking ties by the ranking and putting missing rates last', () => {
    expect(ids(sortCampaigns([a, b, c, d], 'sent', 'asc'))).toEqual(['d', 'b', 'c', 'a']);
    expect(ids(sortCampaigns([a, b, c, d], 'readRate', 'desc'))).toEqual(['c', 'a', 'd', 'b']);
    expect(ids(sortCampaigns([a, b, c, d], 'readRate', 'asc'))).toEqual(['a', 'd', 'c', 'b']);
    expect(ids(sortCampaigns([d, c, b, a], 'campaignId', 'asc'))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('orders first sends by the instant, whatever the offsets', () => {
    // b: 2 Nov 04:30 UTC; d: 05:00 UTC; c: 05:00 UTC (06:00+01), a: 3 Nov 08:00 UTC. c and d tie: c converted more.
    expect(ids(sortCampaigns([a, b, c, d], 'firstSentAt', 'asc'))).toEqual(['b', 'c', 'd', 'a']);
  });

  it('sorts revenue in the main currency', () => {
    expect(ids(sortCampaigns([a, b, c, d], 'revenue', 'desc', 'EUR'))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(sortCampaigns([a, b, c, d], 'revenue', 'desc', 'USD'))).toEqual(['b', 'c', 'a', 'd']);
  });
});

describe('campaignSends', () => {
  it('stacks one column per campaign, largest first, every bucket kept', () => {
    const series = [
      { bucket: B1, group: 'spring', sent: 3 },
      { bucket: B2, group: 'spring', sent: 0 },
      { bucket: B1, group: 'summer', sent: 0 },
      { bucket: B2, group: 'summer', sent: 7 },
    ];
    const { rows, groups } = campaignSends(series);
    expect(groups).toEqual([
      { key: 'g0', label: 'summer', group: 'summer' },
      { key: 'g1', label: 'spring', group: 'spring' },
    ]);
    expect(rows).toEqual([
      { bucket: B1, g0: 0, g1: 3 },
      { bucket: B2, g0: 7, g1: 0 },
    ]);
  });

  it('keeps the campaigns with the most sends and sums the rest into Other', () => {
    // Ten campaigns c0…c9 with 10, 20, …, 100 messages on B1 and one more each on B2.
    const series = Array.from({ length: 10 }, (_, i) => [
      { bucket: B1, group: `c${i}`, sent: 10 * (i + 1) },
      { bucket: B2, group: `c${i}`, sent: 1 },
    ]).flat();
    const { rows, groups } = campaignSends(series, 8);
    expect(groups.map((g) => g.label)).toEqual(['c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2', 'Other (2)']);
    // Other: c0 and c1 → 10 + 20 on B1, 1 + 1 on B2.
    expect(rows[0]).toMatchObject({ g0: 100, g7: 30, other: 30 });
    expect(rows[1]).toMatchObject({ g0: 1, g7: 1, other: 2 });
  });
});

describe('campaignMarkers', () => {
  // Days in Berlin around the autumn clock change (25 Oct 2026, 03:00 CEST → 02:00 CET): a 25-hour day.
  const days = ['2026-10-24T00:00:00+02:00', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', '2026-10-27T00:00:00+01:00'];

  it("puts a send inside a bucket at that bucket's start, in the zone and across the clock change", () => {
    const markers = campaignMarkers(
      [
        // 25 Oct 23:30 CET is still the 25th in Berlin (22:30 UTC).
        { campaignId: 'late', firstSentAt: '2026-10-25T23:30:00+01:00' },
        // 23:30 UTC on the 25th is 00:30 on the 26th in Berlin.
        { campaignId: 'utc', firstSentAt: '2026-10-25T23:30:00Z' },
        // Exactly a bucket's start belongs to that bucket.
        { campaignId: 'midnight', firstSentAt: '2026-10-24T00:00:00+02:00' },
      ],
      days,
    );
    expect(markers).toEqual([
      { bucket: days[0], campaigns: [{ campaignId: 'midnight', firstSentAt: '2026-10-24T00:00:00+02:00' }] },
      { bucket: days[1], campaigns: [{ campaignId: 'late', firstSentAt: '2026-10-25T23:30:00+01:00' }] },
      { bucket: days[2], campaigns: [{ campaignId: 'utc', firstSentAt: '2026-10-25T23:30:00Z' }] },
    ]);
  });

  it('joins campaigns of one bucket into one marker, earliest first', () => {
    const markers = campaignMarkers(
      [
        { campaignId: 'b', firstSentAt: '2026-10-26T18:00:00+01:00' },
        { campaignId: 'a', firstSentAt: '2026-10-26T09:00:00+01:00' },
      ],
      days,
    );
    expect(markers).toEqual([
      {
        bucket: days[2],
        campaigns: [
          { campaignId: 'a', firstSentAt: '2026-10-26T09:00:00+01:00' },
          { campaignId: 'b', firstSentAt: '2026-10-26T18:00:00+01:00' },
        ],
      },
    ]);
  });

  it('places hours across the clock change by instant (the repeated 02:00 hour is two buckets)', () => {
    // 25 Oct in Berlin by hour: 02:00+02:00 (00:00 UTC) and 02:00+01:00 (01:00 UTC) are different hours.
    const hours = ['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00'];
    const markers = campaignMarkers([{ campaignId: 'x', firstSentAt: '2026-10-25T01:15:00Z' }], hours);
    expect(markers.map((m) => m.bucket)).toEqual(['2026-10-25T02:00:00+01:00']);
  });

  it('leaves out sends before the first bucket or at the end of the period, and gives none without buckets', () => {
    const end = Date.parse('2026-10-28T00:00:00+01:00');
    const markers = campaignMarkers(
      [
        { campaignId: 'before', firstSentAt: '2026-10-23T23:59:59+02:00' },
        { campaignId: 'last', firstSentAt: '2026-10-27T23:59:59+01:00' },
        { campaignId: 'after', firstSentAt: '2026-10-28T00:00:00+01:00' },
      ],
      days,
      end,
    );
    expect(markers).toEqual([{ bucket: days[3], campaigns: [{ campaignId: 'last', firstSentAt: '2026-10-27T23:59:59+01:00' }] }]);
    expect(campaignMarkers([{ campaignId: 'x', firstSentAt: '2026-10-25T10:00:00+02:00' }], [])).toEqual([]);
  });
});

describe('splitBySample', () => {
  const rows = [
    { bucket: 'd1', csatAverage: 4.2, csatSatisfiedRate: 0.8, csatResponses: 10 },
    { bucket: 'd2', csatAverage: 1, csatSatisfiedRate: 0, csatResponses: 1 },
    { bucket: 'd3', csatAverage: null, csatSatisfiedRate: null, csatResponses: 0 },
    { bucket: 'd4', csatAverage: 5, csatSatisfiedRate: 1, csatResponses: MIN_RATINGS },
  ];

  it('keeps values on enough ratings under their key and moves the others to the faint key', () => {
    const out = splitBySample(rows, ['csatAverage', 'csatSatisfiedRate'], 'csatResponses', MIN_RATINGS);
    expect(out.map((r) => [r.csatAverage, r[fewKey('csatAverage')]])).toEqual([
      [4.2, null],
      [null, 1],
      [null, null],
      [5, null],
    ]);
    expect(out.map((r) => r.csatSatisfiedRateFew)).toEqual([null, 0, null, null]);
    // The sample stays in the row, for the tooltip and the table.
    expect(out.map((r) => r.csatResponses)).toEqual([10, 1, 0, MIN_RATINGS]);
    expect(rows[1].csatAverage).toBe(1);
  });
});

describe('ratingsNote', () => {
  it('names the sample and says when it is too small to read', () => {
    expect(ratingsNote(1)).toBe('1 rating, too few to read');
    expect(ratingsNote(MIN_RATINGS - 1)).toBe(`${MIN_RATINGS - 1} ratings, too few to read`);
    expect(ratingsNote(MIN_RATINGS)).toBe(`${MIN_RATINGS} ratings`);
    expect(ratingsNote(0)).toBe('0 ratings');
    expect(ratingsNote(1234)).toBe('1,234 ratings');
  });
});

describe('money by currency', () => {
  const ch = (channel: string, revenue: Record<string, number>) => ({ channel, revenue }) as ChannelMetrics;
  const list = [ch('sms', { EUR: 50 }), ch('whatsapp', { EUR: 6198.05, USD: 1869.9 }), ch('email', {}), ch('webchat', { USD: 20, EUR: 0 })];

  it('gives one bar chart per currency, the largest currency first, only channels with revenue in it', () => {
    expect(channelRevenueBars(list)).toEqual([
      { currency: 'EUR', bars: [{ channel: 'whatsapp', value: 6198.05 }, { channel: 'sms', value: 50 }] },
      { currency: 'USD', bars: [{ channel: 'whatsapp', value: 1869.9 }, { channel: 'webchat', value: 20 }] },
    ]);
  });

  it('gives no chart without revenue', () => {
    expect(channelRevenueBars([ch('email', {})])).toEqual([]);
  });

  it('lists a figure\'s amounts in the page\'s currency order, others A–Z after', () => {
    expect(revenueAmounts({ USD: 5, EUR: 1, GBP: 2, CHF: 3 }, ['EUR', 'USD'])).toEqual([
      { currency: 'EUR', value: 1 },
      { currency: 'USD', value: 5 },
      { currency: 'CHF', value: 3 },
      { currency: 'GBP', value: 2 },
    ]);
    expect(revenueAmounts({})).toEqual([]);
  });
});
