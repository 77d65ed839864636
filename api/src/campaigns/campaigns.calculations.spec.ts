/**
 * The campaigns report after SQL (metrics.md "Campaigns"): hand-worked rows in, the answer out.
 * Rates over 0 are null; campaigns in the order of their first instant, then id bytes; the
 * series lists every bucket for every campaign, in the campaigns' order.
 */
import type { Bucket } from '../metrics/period.calculations.js';
import type { CampaignRow } from './campaigns.repository.js';
import { campaignsReport, orderCampaigns } from './campaigns.calculations.js';

const row = (x: Partial<CampaignRow>): CampaignRow => ({
  campaign_id: null, sent: 0, recipients: 0, delivered: 0, read: 0, failed: 0, replied: 0, converted: 0,
  channels: null, first_us: null, last_us: null, revenue: [], sends: [], ...x,
});
const US = (iso: string, micros = 0) => String(BigInt(Date.parse(iso)) * 1000n + BigInt(micros));
const DAYS: Bucket[] = [
  { startMs: Date.parse('2026-11-01T23:00:00Z'), label: '2026-11-02T00:00:00+01:00' },
  { startMs: Date.parse('2026-11-02T23:00:00Z'), label: '2026-11-03T00:00:00+01:00' },
];

describe('orderCampaigns', () => {
  it('by the instant (to the µs), then campaignId byte by byte', () => {
    const rows = [
      row({ campaign_id: 'b', first_us: US('2026-11-02T08:00:00Z') }),
      row({ campaign_id: 'late', first_us: US('2026-11-02T08:00:00Z', 1) }),
      row({ campaign_id: 'a', first_us: US('2026-11-02T08:00:00Z') }),
      row({ campaign_id: 'B', first_us: US('2026-11-02T08:00:00Z') }),
      row({ campaign_id: 'first', first_us: US('2026-11-01T08:00:00Z') }),
    ];
    // 'B' (0x42) before 'a' (0x61): bytes, not a locale.
    expect(orderCampaigns(rows).map((r) => r.campaign_id)).toEqual(['first', 'B', 'a', 'b', 'late']);
  });
});

describe('campaignsReport', () => {
  const rows = [
    row({
      campaign_id: 'spring', sent: 3, recipients: 2, delivered: 2, read: 1, failed: 1, replied: 1, converted: 1,
      channels: ['whatsapp', 'sms', 'Z'], first_us: US('2026-11-03T09:00:00Z'), last_us: US('2026-11-03T10:00:00Z', 250),
      revenue: [{ currency: 'USD', amount: '0.30' }, { currency: 'EUR', amount: '6.55' }], sends: [[2, 3]],
    }),
    row({ campaign_id: 'autumn', sent: 1, recipients: 1, failed: 1, channels: ['sms'], first_us: US('2026-11-02T08:00:00Z'), last_us: US('2026-11-02T08:00:00Z'), sends: [[1, 1]] }),
    row({
      sent: 4, recipients: 2, delivered: 2, read: 1, failed: 2, replied: 1, converted: 1, channels: ['whatsapp', 'sms', 'Z'],
      first_us: US('2026-11-02T08:00:00Z'), last_us: US('2026-11-03T10:00:00Z', 250), revenue: [{ currency: 'EUR', amount: '6.55' }, { currency: 'USD', amount: '0.30' }],
    }),
  ];
  const r = campaignsReport(rows, DAYS, 'Europe/Berlin');

  it('a campaign: rates, sorted channels, local instants, revenue per currency', () => {
    expect(r.campaigns[1]).toEqual({
      campaignId: 'spring', channels: ['Z', 'sms', 'whatsapp'], firstSentAt: '2026-11-03T10:00:00+01:00', lastSentAt: '2026-11-03T11:00:00.000250+01:00',
      sent: 3, recipients: 2, delivered: 2, read: 1, failed: 1, deliveryRate: 2 / 3, readRate: 0.5,
      replied: 1, replyRate: 0.5, converted: 1, conversionRate: 0.5, revenue: { EUR: 6.55, USD: 0.3 },
    });
  });

  it('rates over 0 are null (read / delivered with nothing delivered)', () => {
    expect(r.campaigns[0]).toMatchObject({ campaignId: 'autumn', deliveryRate: 0, readRate: null, replyRate: 0, conversionRate: 0, revenue: {} });
  });

  it('totals from the totals row, never summed from the campaigns', () => {
    expect(r.totals).toEqual({
      channels: ['Z', 'sms', 'whatsapp'], firstSentAt: '2026-11-02T09:00:00+01:00', lastSentAt: '2026-11-03T11:00:00.000250+01:00',
      sent: 4, recipients: 2, delivered: 2, read: 1, failed: 2, deliveryRate: 0.5, readRate: 0.5,
      replied: 1, replyRate: 0.5, converted: 1, conversionRate: 0.5, revenue: { EUR: 6.55, USD: 0.3 },
    });
  });

  it('series: every bucket of every campaign, in the campaigns’ order, 0 where none', () => {
    expect(r.series).toEqual([
      { bucket: '2026-11-02T00:00:00+01:00', group: 'autumn', sent: 1 },
      { bucket: '2026-11-03T00:00:00+01:00', group: 'autumn', sent: 0 },
      { bucket: '2026-11-02T00:00:00+01:00', group: 'spring', sent: 0 },
      { bucket: '2026-11-03T00:00:00+01:00', group: 'spring', sent: 3 },
    ]);
  });

  it('no campaign: zero totals, null rates and instants, nothing listed', () => {
    const none = campaignsReport([row({})], DAYS, 'UTC');
    expect(none).toEqual({
      totals: {
        channels: [], firstSentAt: null, lastSentAt: null, sent: 0, recipients: 0, delivered: 0, read: 0, failed: 0,
        deliveryRate: null, readRate: null, replied: 0, replyRate: null, converted: 0, conversionRate: null, revenue: {},
      },
      campaigns: [],
      series: [],
    });
  });
});
