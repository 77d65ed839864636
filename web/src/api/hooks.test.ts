import { describe, expect, it } from '@jest/globals';
import { EXPORT_PARAMS, REPORT_NAMES, REPORT_PARAMS } from '@parley/shared/report-params';
import { type BaseParams, csvHref, exportHref, metricPath, reportParams } from './hooks';

const base: BaseParams = { from: '2026-11-01', to: '2026-11-08', tz: 'Europe/Berlin', channel: ['sms'], team: ['Billing, EU', 'none'], tag: ['vip'], hours: 'business' };
const query = (path: string) => new URL(path, 'http://x').searchParams;

describe('what each report is sent', () => {
  it('team, tag and hours only where the report takes them (the API answers 400 to the others)', () => {
    for (const report of REPORT_NAMES) {
      const q = query(metricPath(report, base as never));
      const takes = (p: string) => (REPORT_PARAMS[report].params as readonly string[]).includes(p);
      expect([report, q.getAll('team')]).toEqual([report, takes('team') ? ['Billing, EU', 'none'] : []]);
      expect([report, q.getAll('tag')]).toEqual([report, takes('tag') ? ['vip'] : []]);
      expect([report, q.get('hours')]).toEqual([report, takes('hours') ? 'business' : null]);
      expect(q.getAll('channel')).toEqual(['sms']);
    }
    // Spelled out for the two kinds: overview takes all three, loyalty none of them.
    expect(metricPath('overview', base)).toBe('/metrics/overview?from=2026-11-01&to=2026-11-08&tz=Europe%2FBerlin&channel=sms&team=Billing%2C+EU&team=none&tag=vip&hours=business');
    expect(metricPath('loyalty', { ...base, grain: 'day' })).toBe('/metrics/loyalty?from=2026-11-01&to=2026-11-08&tz=Europe%2FBerlin&channel=sms&grain=day');
    expect(metricPath('engagement', { ...base, grain: 'day' })).not.toContain('hours');
  });

  it('the CSV links follow the same rule', () => {
    expect(query(csvHref('cohorts', { ...base, grain: 'week' })).has('team')).toBe(false);
    const channels = query(csvHref('channels', base));
    expect(channels.get('format')).toBe('csv');
    expect(channels.getAll('team')).toEqual(['Billing, EU', 'none']);
    expect(channels.get('hours')).toBe('business');
    for (const name of ['conversations', 'events'] as const) {
      const q = query(exportHref(name, { ...base, grain: 'day' } as BaseParams));
      expect([...q.keys()].every((k) => (EXPORT_PARAMS[`${name}.csv`].params as readonly string[]).includes(k))).toBe(true);
      expect(q.getAll('team')).toEqual(['Billing, EU', 'none']);
      expect(q.getAll('tag')).toEqual(['vip']);
      expect(q.has('hours') || q.has('grain')).toBe(false);
    }
  });

  it('leaves out unset values and empty lists, so equal requests have equal query keys', () => {
    expect(reportParams(REPORT_PARAMS.overview.params, { from: 'a', channel: [], team: [], hours: undefined, sla: 300 })).toEqual({ from: 'a' });
    expect(metricPath('channels', { ...base, channel: [], team: [], tag: [], hours: undefined })).toBe('/metrics/channels?from=2026-11-01&to=2026-11-08&tz=Europe%2FBerlin');
  });
});
