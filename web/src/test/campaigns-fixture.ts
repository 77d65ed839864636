/** A campaigns answer the page and marker tests share: three campaigns over three days in Berlin. */
import type { CampaignMetrics, CampaignsResponse, Me } from '@parley/shared';

export const me: Me = { user: { email: 'ana@example.com', role: 'admin' }, workspace: { name: 'Acme', timeZone: 'Europe/Berlin', hasEvents: true, firstEventAt: '2026-08-01T09:00:00+02:00', lastEventAt: '2026-11-20T10:00:00+01:00', businessHours: { set: false, recompute: null } } };
export const PERIOD = 'period=custom&from=2026-11-01&to=2026-11-03';
export const DAYS = ['2026-11-01T00:00:00+01:00', '2026-11-02T00:00:00+01:00', '2026-11-03T00:00:00+01:00'];

export const campaign = (c: Partial<CampaignMetrics> & Pick<CampaignMetrics, 'campaignId' | 'firstSentAt'>): CampaignMetrics => ({
  channels: ['whatsapp'],
  lastSentAt: c.firstSentAt,
  sent: 0,
  recipients: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  deliveryRate: null,
  readRate: null,
  replied: 0,
  replyRate: null,
  converted: 0,
  conversionRate: null,
  revenue: {},
  ...c,
});
// Three campaigns; totals count each contact once, so recipients (250) are fewer than the rows' sum (270).
export const spring = campaign({ campaignId: 'spring', firstSentAt: '2026-11-01T10:00:00+01:00', sent: 100, recipients: 100, delivered: 90, read: 45, failed: 4, deliveryRate: 0.9, readRate: 0.5, replied: 10, replyRate: 0.1, converted: 2, conversionRate: 0.02, revenue: { EUR: 200 } });
export const summer = campaign({ campaignId: 'summer', channels: ['sms', 'whatsapp'], firstSentAt: '2026-11-01T18:00:00+01:00', sent: 150, recipients: 120, delivered: 140, read: 70, failed: 5, deliveryRate: 140 / 150, readRate: 0.5, replied: 25, replyRate: 25 / 120, converted: 6, conversionRate: 0.05, revenue: { EUR: 1034.5, USD: 99 } });
export const autumn = campaign({ campaignId: 'autumn', firstSentAt: '2026-11-02T09:00:00+01:00', sent: 50, recipients: 50, delivered: 40, read: 20, failed: 3, deliveryRate: 0.8, readRate: 0.5, replied: 5, replyRate: 0.1, converted: 2, conversionRate: 0.04 });

export const answer = (over: Partial<CampaignsResponse> = {}): CampaignsResponse => ({
  period: { from: DAYS[0], to: '2026-11-04T00:00:00+01:00' },
  tz: 'Europe/Berlin',
  grain: 'day',
  window: 120,
  totals: { channels: ['sms', 'whatsapp'], firstSentAt: spring.firstSentAt, lastSentAt: autumn.firstSentAt, sent: 300, recipients: 250, delivered: 270, read: 135, failed: 12, deliveryRate: 0.9, readRate: 0.5, replied: 40, replyRate: 0.16, converted: 10, conversionRate: 0.04, revenue: { EUR: 1234.5, USD: 99 } },
  campaigns: [spring, summer, autumn],
  series: [
    ...DAYS.map((bucket, i) => ({ bucket, group: 'spring', sent: [100, 0, 0][i] })),
    ...DAYS.map((bucket, i) => ({ bucket, group: 'summer', sent: [150, 0, 0][i] })),
    ...DAYS.map((bucket, i) => ({ bucket, group: 'autumn', sent: [0, 50, 0][i] })),
  ],
  ...over,
});
export const empty: CampaignsResponse = { ...answer(), totals: { ...answer().totals, firstSentAt: null, lastSentAt: null, channels: [], sent: 0, recipients: 0, delivered: 0, read: 0, failed: 0, deliveryRate: null, readRate: null, replied: 0, replyRate: null, converted: 0, conversionRate: null, revenue: {} }, campaigns: [], series: [] };

