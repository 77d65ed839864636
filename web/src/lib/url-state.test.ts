import { describe, expect, it } from '@jest/globals';
import { REPORT_PARAMS } from '@parley/shared/report-params';
import { addDays, canonicalTimeZone, daysBetween, monthStart, parseDate, todayIn, zonedMidnightMs } from './dates';
import {
  DEFAULT_STATE,
  type DashboardState,
  PAGE_FILTERS,
  PAGE_REPORTS,
  carryIgnoredFilters,
  defaultGrain,
  pageFromPath,
  parseState,
  parseStateWithIssues,
  presetRange,
  resolvePeriod,
  serializeState,
  updateState,
  validGrains,
} from './url-state';

const parse = (url: string) => {
  const u = new URL(url, 'http://x');
  return parseState(u.pathname, u.search);
};
// 2026-11-20 10:00 UTC: a Friday; 11:00 in Berlin, 23:00 in Auckland.
const NOW = Date.UTC(2026, 10, 20, 10, 0, 0);

describe('parseState', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parse('/')).toEqual(DEFAULT_STATE);
  });

  it('reads every parameter', () => {
    const s = parse(
      '/response-times?period=custom&from=2026-11-01&to=2026-11-15&compare=off&tz=America/New_York&grain=week&channel=whatsapp&channel=sms&groupBy=agent&responder=agent&sla=120&show=replyP90',
    );
    expect(s).toMatchObject({
      page: 'response-times',
      period: 'custom',
      from: '2026-11-01',
      to: '2026-11-15',
      compare: false,
      tz: 'America/New_York',
      grain: 'week',
      channels: ['sms', 'whatsapp'],
      groupBy: 'agent',
      responder: 'agent',
      sla: 120,
      show: 'replyP90',
    });
  });

  it('falls back to the default for each invalid value', () => {
    const s = parse(
      '/nowhere?period=fortnight&compare=maybe&tz=Mars/Olympus&grain=decade&groupBy=contact&responder=bot&sla=-5&show=x&metric=y&volume=z&cohort=day&sort=nope&dir=up',
    );
    expect(s).toEqual(DEFAULT_STATE);
  });

  it('refuses offsets and junk as time zones, and reads a zone in any case', () => {
    expect(parse('/?tz=%2B01:00').tz).toBeNull();
    expect(parse('/?tz=').tz).toBeNull();
    expect(parse('/?tz=europe/berlin').tz).toBe('Europe/Berlin');
    expect(parse('/?tz=UTC').tz).toBe('UTC');
  });

  it('drops a custom range that is incomplete, reversed, impossible or too long', () => {
    for (const q of [
      'period=custom',
      'period=custom&from=2026-11-10',
      'period=custom&from=2026-11-10&to=2026-11-01',
      'period=custom&from=2026-02-30&to=2026-03-05',
      'period=custom&from=2024-01-01&to=2026-11-01',
      'period=custom&from=11/01/2026&to=2026-11-05',
    ]) {
      const s = parse(`/?${q}`);
      expect([q, s.period, s.from, s.to]).toEqual([q, '30d', null, null]);
    }
  });

  it('accepts a one-day custom range and one of exactly 731 days', () => {
    expect(parse('/?period=custom&from=2026-11-01&to=2026-11-01').period).toBe('custom');
    expect(parse(`/?period=custom&from=2024-11-20&to=${addDays('2024-11-20', 730)}`).period).toBe('custom');
  });

  it('reads channels repeated or comma-separated, keeps valid names once, sorted', () => {
    expect(parse('/?channel=sms,whatsapp&channel=sms&channel=Bad Name&channel=').channels).toEqual(['sms', 'whatsapp']);
  });

  it('takes an SLA in whole seconds up to 366 days', () => {
    expect(parse('/?sla=0').sla).toBe(0);
    expect(parse('/?sla=1.5').sla).toBe(300);
    expect(parse('/?sla=99999999').sla).toBe(300);
  });

  it('maps paths to pages, unknown ones to the overview', () => {
    expect(pageFromPath('/loyalty/')).toBe('loyalty');
    expect(pageFromPath('/channels')).toBe('channels');
    expect(pageFromPath('/admin')).toBe('overview');
  });
});

describe('campaigns state', () => {
  it('reads the window in whole hours from 1 to 720, else the default of 120', () => {
    expect(DEFAULT_STATE.window).toBe(120);
    expect(parse('/campaigns?window=24').window).toBe(24);
    expect(parse('/campaigns?window=1').window).toBe(1);
    expect(parse('/campaigns?window=720').window).toBe(720);
    for (const bad of ['0', '721', '-5', '1.5', '24h', '', '0024'])
      expect(parse(`/campaigns?window=${encodeURIComponent(bad)}`).window).toBe(120);
  });

  it('reads the chosen campaign as any id the API could name (1–128 printable characters)', () => {
    expect(parse('/campaigns').campaign).toBeNull();
    expect(parse('/campaigns?campaign=black-friday%202026').campaign).toBe('black-friday 2026');
    expect(parse('/campaigns?campaign=').campaign).toBeNull();
    expect(parse(`/campaigns?campaign=${'x'.repeat(129)}`).campaign).toBeNull();
    expect(parse(`/campaigns?campaign=${'é'.repeat(128)}`).campaign).toBe('é'.repeat(128));
    expect(parse('/campaigns?campaign=a%0Ab').campaign).toBeNull();
  });

  it('reads the table order, ranked by converted (descending) by default', () => {
    expect(parse('/campaigns')).toMatchObject({ page: 'campaigns', campaignSort: 'converted', campaignDir: 'desc' });
    expect(parse('/campaigns?campaignSort=readRate&campaignDir=asc')).toMatchObject({ campaignSort: 'readRate', campaignDir: 'asc' });
    expect(parse('/campaigns?campaignSort=nope&campaignDir=up')).toMatchObject({ campaignSort: 'converted', campaignDir: 'desc' });
  });

  it('round-trips window, campaign and order on the campaigns page only, the defaults left out', () => {
    const s: DashboardState = { ...DEFAULT_STATE, page: 'campaigns', period: '7d', window: 24, campaign: 'spring sale', campaignSort: 'sent', campaignDir: 'asc' };
    const url = serializeState(s);
    expect(url).toBe('/campaigns?period=7d&window=24&campaign=spring+sale&campaignSort=sent&campaignDir=asc');
    expect(parse(url)).toEqual(s);
    expect(serializeState({ ...DEFAULT_STATE, page: 'campaigns' })).toBe('/campaigns');
    // Other pages do not carry them.
    expect(serializeState(s, 'overview')).toBe('/?period=7d');
  });
});

describe('serializeState', () => {
  it('writes nothing for the defaults', () => {
    expect(serializeState(DEFAULT_STATE)).toBe('/');
  });

  it('round-trips through parseState', () => {
    const s: DashboardState = {
      ...DEFAULT_STATE,
      page: 'channels',
      period: 'custom',
      from: '2026-10-01',
      to: '2026-10-31',
      compare: false,
      tz: 'Asia/Tokyo',
      grain: 'week',
      channels: ['email', 'sms'],
      sort: 'csatAverage',
      dir: 'asc',
    };
    const url = serializeState(s);
    // Channels ignore grain and comparison (PAGE_FILTERS): its URL leaves them out.
    expect(url).toBe('/channels?period=custom&from=2026-10-01&to=2026-10-31&tz=Asia%2FTokyo&channel=email&channel=sms&sort=csatAverage&dir=asc');
    expect(parse(url)).toEqual({ ...s, compare: DEFAULT_STATE.compare, grain: null });
    const onOverview = { ...s, page: 'overview' as const };
    expect(parse(serializeState(onOverview))).toEqual({ ...onOverview, sort: DEFAULT_STATE.sort, dir: DEFAULT_STATE.dir });
  });

  it('keeps only the options of the target page', () => {
    const s = { ...DEFAULT_STATE, page: 'response-times' as const, groupBy: 'agent' as const, sla: 60, period: '7d' as const };
    expect(serializeState(s)).toBe('/response-times?period=7d&groupBy=agent&sla=60');
    expect(serializeState(s, 'engagement')).toBe('/engagement?period=7d');
  });

  it('leaves out custom dates when the period is a preset', () => {
    expect(serializeState({ ...DEFAULT_STATE, period: '90d', from: '2026-01-01', to: '2026-01-02' })).toBe('/?period=90d');
  });
});

describe('updateState', () => {
  it('resets the grain and cohort size when the period changes', () => {
    const s = updateState({ ...DEFAULT_STATE, grain: 'hour', cohort: 'month' }, { period: '90d' });
    expect(s.grain).toBeNull();
    expect(s.cohort).toBeNull();
  });

  it('keeps the grain for other changes and clears custom dates for presets', () => {
    expect(updateState({ ...DEFAULT_STATE, grain: 'week' }, { channels: ['sms'] }).grain).toBe('week');
    const s = updateState({ ...DEFAULT_STATE, period: 'custom', from: '2026-01-01', to: '2026-01-05' }, { period: '7d' });
    expect([s.from, s.to]).toEqual([null, null]);
  });
});

describe('periods', () => {
  it('turns presets into days in the zone, "to" exclusive', () => {
    const today = '2026-11-20';
    expect(presetRange('today', today)).toEqual({ from: '2026-11-20', to: '2026-11-21' });
    expect(presetRange('7d', today)).toEqual({ from: '2026-11-14', to: '2026-11-21' });
    expect(presetRange('30d', today)).toEqual({ from: '2026-10-22', to: '2026-11-21' });
    expect(presetRange('90d', today)).toEqual({ from: '2026-08-23', to: '2026-11-21' });
    expect(presetRange('month', today)).toEqual({ from: '2026-11-01', to: '2026-11-21' });
    expect(presetRange('lastmonth', today)).toEqual({ from: '2026-10-01', to: '2026-11-01' });
    expect(presetRange('lastmonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(presetRange('custom', today, { from: '2026-11-01', to: '2026-11-03' })).toEqual({ from: '2026-11-01', to: '2026-11-04' });
  });

  it('reads "today" in the chosen zone', () => {
    const berlin = resolvePeriod({ ...DEFAULT_STATE, period: 'today' }, 'Europe/Berlin', NOW);
    const auckland = resolvePeriod({ ...DEFAULT_STATE, period: 'today', tz: 'Pacific/Auckland' }, 'Europe/Berlin', NOW);
    const honolulu = resolvePeriod({ ...DEFAULT_STATE, period: 'today', tz: 'Pacific/Honolulu' }, 'Europe/Berlin', NOW);
    expect([berlin.tz, berlin.from, berlin.to]).toEqual(['Europe/Berlin', '2026-11-20', '2026-11-21']);
    expect([auckland.tz, auckland.from]).toEqual(['Pacific/Auckland', '2026-11-20']);
    expect(honolulu.from).toBe('2026-11-20');
    // 10:00 UTC is already the 21st from 14:00 UTC on in Kiritimati (+14).
    expect(resolvePeriod({ ...DEFAULT_STATE, period: 'today', tz: 'Pacific/Kiritimati' }, 'UTC', NOW).from).toBe('2026-11-21');
  });

  it('shortens a 731-day range by a day when a clock change would make it longer than the API allows', () => {
    const state = { ...DEFAULT_STATE, period: 'custom' as const, from: '2024-10-27', to: '2026-10-27' };
    expect(resolvePeriod(state, 'Europe/Berlin', NOW).from).toBe('2024-10-28');
    expect(resolvePeriod(state, 'UTC', NOW).from).toBe('2024-10-27');
  });

  it('uses the workspace zone by default, UTC when even that is unknown', () => {
    expect(resolvePeriod(DEFAULT_STATE, 'Asia/Tokyo', NOW).tz).toBe('Asia/Tokyo');
    expect(resolvePeriod(DEFAULT_STATE, 'Not/AZone', NOW).tz).toBe('UTC');
  });

  it('gives the previous period of the same number of days, cut at the same time while running (periods.test.ts)', () => {
    const p = resolvePeriod({ ...DEFAULT_STATE, period: '7d' }, 'UTC', NOW);
    expect(p.previous).toMatchObject({ from: '2026-11-07', to: '2026-11-13T10:01:00+00:00' });
    expect(p.last).toBe('2026-11-20');
    expect(p.days).toBe(7);
  });

  it('offers only grains that suit the period', () => {
    expect(validGrains('2026-11-20', '2026-11-21', 'UTC')).toEqual(['hour']);
    expect(validGrains('2026-11-14', '2026-11-21', 'UTC')).toEqual(['hour', 'day']);
    expect(validGrains('2026-10-22', '2026-11-21', 'UTC')).toEqual(['hour', 'day', 'week']);
    expect(validGrains('2026-08-23', '2026-11-21', 'UTC')).toEqual(['day', 'week', 'month']);
  });

  it('refuses hours for 31 days across the autumn clock change (745 hours), allows them otherwise', () => {
    expect(validGrains('2026-10-01', '2026-11-01', 'Europe/Berlin')).not.toContain('hour');
    expect(validGrains('2026-10-01', '2026-11-01', 'UTC')).toContain('hour');
    expect(validGrains('2026-03-01', '2026-04-01', 'Europe/Berlin')).toContain('hour');
  });

  it('replaces a grain that does not suit the period by the default one', () => {
    expect(resolvePeriod({ ...DEFAULT_STATE, period: '90d', grain: 'hour' }, 'UTC', NOW).grain).toBe('day');
    expect(resolvePeriod({ ...DEFAULT_STATE, period: 'today', grain: 'month' }, 'UTC', NOW).grain).toBe('hour');
    expect(resolvePeriod({ ...DEFAULT_STATE, period: '30d', grain: 'week' }, 'UTC', NOW).grain).toBe('week');
  });

  it('picks a default grain and cohort size by length', () => {
    expect([1, 7, 30, 92, 93, 366, 400].map(defaultGrain)).toEqual(['hour', 'day', 'day', 'day', 'week', 'week', 'month']);
    expect(resolvePeriod(DEFAULT_STATE, 'UTC', NOW).cohortGrain).toBe('week');
    expect(resolvePeriod({ ...DEFAULT_STATE, period: 'custom', from: '2026-01-01', to: '2026-11-01' }, 'UTC', NOW).cohortGrain).toBe('month');
    expect(resolvePeriod({ ...DEFAULT_STATE, cohort: 'month' }, 'UTC', NOW).cohortGrain).toBe('month');
  });
});

describe('filters a page uses (PAGE_FILTERS)', () => {
  const chosen: DashboardState = { ...DEFAULT_STATE, period: '90d', compare: false, grain: 'week' };

  it('offers grain and comparison only where they change what is shown', () => {
    expect(PAGE_FILTERS.channels).toEqual(['team', 'tag', 'hours']);
    expect(PAGE_FILTERS.exports).toEqual(['grain', 'team', 'tag', 'hours']);
    expect(PAGE_FILTERS.campaigns).toEqual(['grain', 'team', 'tag']);
    for (const p of ['overview', 'response-times'] as const) expect(PAGE_FILTERS[p]).toEqual(['grain', 'compare', 'team', 'tag', 'hours']);
    expect(PAGE_FILTERS.engagement).toEqual(['grain', 'compare', 'team', 'tag']);
    expect(PAGE_FILTERS.loyalty).toEqual(['grain', 'compare']);
    expect(PAGE_FILTERS.settings).toEqual([]);
  });

  it('leaves out of a URL the filters its page ignores', () => {
    expect(serializeState({ ...chosen, page: 'overview' })).toBe('/?period=90d&compare=off&grain=week');
    expect(serializeState(chosen, 'channels')).toBe('/channels?period=90d');
    expect(serializeState(chosen, 'exports')).toBe('/exports?period=90d&grain=week');
    expect(serializeState(chosen, 'campaigns')).toBe('/campaigns?period=90d&grain=week');
  });

  it('carries them over a page that ignores them, so the next page that uses them keeps the choice', () => {
    const onChannels = carryIgnoredFilters(parse('/channels?period=90d'), { ...chosen, page: 'overview' });
    expect(onChannels).toMatchObject({ page: 'channels', compare: false, grain: 'week' });
    expect(serializeState(onChannels, 'engagement')).toBe('/engagement?period=90d&compare=off&grain=week');
    // A page that uses them reads them from its own URL, whatever came before.
    expect(carryIgnoredFilters(parse('/loyalty?period=90d'), onChannels)).toMatchObject({ compare: true, grain: null });
    // Exports uses the grain but not the comparison.
    expect(carryIgnoredFilters(parse('/exports?period=90d'), onChannels)).toMatchObject({ compare: false, grain: null });
  });

  it('drops a carried grain when the period changed (the grain belongs to its period), and carries nothing on a fresh load', () => {
    expect(carryIgnoredFilters(parse('/channels?period=7d'), { ...chosen, page: 'channels' })).toMatchObject({ period: '7d', compare: false, grain: null });
    expect(carryIgnoredFilters(parse('/channels?period=90d'), null)).toEqual(parse('/channels?period=90d'));
  });
});

describe('dates', () => {
  it('does calendar arithmetic without zones', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(monthStart('2026-03-31', -1)).toBe('2026-02-01');
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('validates dates', () => {
    expect(parseDate('2028-02-29')).toBe('2028-02-29');
    expect(parseDate('2026-02-29')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(parseDate(null)).toBeNull();
  });

  it('finds local midnight across clock changes', () => {
    expect(new Date(zonedMidnightMs('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(zonedMidnightMs('2026-03-30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(zonedMidnightMs('2026-11-20', 'America/New_York')).toISOString()).toBe('2026-11-20T05:00:00.000Z');
    expect(todayIn('Asia/Tokyo', NOW)).toBe('2026-11-20');
  });

  it('canonicalises zone names', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('Nowhere/Town')).toBeNull();
  });
});

describe('split table state (groupSort, groupDir, groups)', () => {
  it('reads and writes the sort and the picked groups, escaping commas inside a name', () => {
    const s = parse('/response-times?groupBy=agent&groupSort=firstResponseMedian&groupDir=asc&groups=ana,b%252Cc,(none)');
    expect(s).toMatchObject({ groupSort: 'firstResponseMedian', groupDir: 'asc', groups: ['ana', 'b,c', '(none)'] });
    const url = serializeState(s);
    expect(url).toContain('groupSort=firstResponseMedian&groupDir=asc&groups=ana%2Cb%252Cc%2C%28none%29');
    expect(parse(url)).toEqual(s);
    // A link to Engagement keeps the sort, not the agents picked here; pages without a split write neither.
    expect(serializeState(s, 'engagement')).toContain('groupSort=firstResponseMedian');
    expect(serializeState(s, 'engagement')).not.toContain('groups=');
    expect(serializeState(s, 'overview')).not.toContain('group');
  });

  it('drops bad values: unknown sort, empty, duplicate, broken escapes, more than five', () => {
    expect(parse('/engagement?groupSort=nope&groupDir=up&groups=,,')).toMatchObject({ groupSort: 'conversations', groupDir: 'desc', groups: null });
    expect(parse('/engagement?groups=a,a,%E0%A4%A,b').groups).toEqual(['a', 'b']);
    expect(parse('/engagement?groups=a,b,c,d,e,f,g').groups).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(parse(`/engagement?groups=${'x'.repeat(129)}`).groups).toBeNull();
  });

  it('Agents, Teams and Tags: their own paths, sort by CSAT or assignment response, the SLA carried from Response times, no comparison', () => {
    expect(pageFromPath('/agents')).toBe('agents');
    expect(pageFromPath('/teams/')).toBe('teams');
    expect(pageFromPath('/tags')).toBe('tags');
    const s = parse('/teams?groupSort=csatAverage&groupDir=asc&sla=600&show=assignmentResponseMedian&compare=off&groups=Support');
    expect(s).toMatchObject({ page: 'teams', groupSort: 'csatAverage', groupDir: 'asc', sla: 600, show: 'assignmentResponseMedian', groups: ['Support'] });
    expect(serializeState(s)).toBe('/teams?sla=600&show=assignmentResponseMedian&groupSort=csatAverage&groupDir=asc&groups=Support');
    // To Tags: the sort and SLA go along; the teams picked for the chart do not.
    expect(serializeState(s, 'tags')).toBe('/tags?sla=600&show=assignmentResponseMedian&groupSort=csatAverage&groupDir=asc');
    expect(serializeState({ ...s, groupSort: 'assignmentResponseMedian' }, 'agents')).toContain('groupSort=assignmentResponseMedian');
    // They read response-times: team, tag and hours apply (PAGE_REPORTS).
    expect(PAGE_FILTERS.teams).toEqual(['grain', 'team', 'tag', 'hours']);
  });

  it('forgets the picks when the split changes, keeps them otherwise', () => {
    const s: DashboardState = { ...DEFAULT_STATE, page: 'response-times', groupBy: 'agent', groups: ['ana'] };
    expect(updateState(s, { groupBy: 'channel' }).groups).toBeNull();
    expect(updateState(s, { groupSort: 'withinSla' }).groups).toEqual(['ana']);
    expect(updateState(s, { groupBy: 'agent' }).groups).toEqual(['ana']);
  });
});

describe('parseStateWithIssues', () => {
  const CONTEXT = { workspaceTz: 'Europe/Berlin', nowMs: NOW };
  // null: without the context.
  const check = (url: string, context: typeof CONTEXT | null = CONTEXT) => {
    const u = new URL(url, 'http://x');
    return parseStateWithIssues(u.pathname, u.search, context ?? undefined);
  };
  const messages = (url: string) => check(url).issues.map((i) => i.message);

  it('reports nothing for a good URL, and gives the same state as parseState', () => {
    for (const url of [
      '/',
      '/?tz=',
      '/response-times?period=custom&from=2026-11-01&to=2026-11-15&compare=off&tz=America/New_York&grain=week&channel=whatsapp,sms&groupBy=agent&sla=0300',
      '/campaigns?window=24&campaign=spring%20sale&campaignSort=sent&campaignDir=asc',
      '/loyalty?cohort=month&period=90d',
      '/channels/?sort=revenue&dir=asc',
    ]) {
      const { state, issues } = check(url);
      expect(issues).toEqual([]);
      expect(state).toEqual(parse(url));
    }
  });

  it('says when a custom period is longer than the limit, and that the last 30 days are shown', () => {
    const { state, issues } = check('/?period=custom&from=2019-01-01&to=2026-12-01');
    expect(state.period).toBe('30d');
    expect(issues).toEqual([
      { param: 'period', value: '2019-01-01 – 2026-12-01', message: 'period: 2019-01-01 – 2026-12-01 is longer than 731 days; showing the last 30 days' },
    ]);
    expect(serializeState(state)).toBe('/');
  });

  it('says when the dates are reversed, not dates, or missing', () => {
    expect(messages('/?period=custom&from=2026-12-01&to=2026-11-01')).toEqual(['period: 2026-12-01 – 2026-11-01 ends before it starts; showing the last 30 days']);
    expect(messages('/?period=custom&from=2026-02-30&to=2026-03-10')).toEqual(["from: '2026-02-30' is not a date (YYYY-MM-DD); showing the last 30 days"]);
    expect(messages('/?period=custom&from=2026-02-01&to=tomorrow')).toEqual(["to: 'tomorrow' is not a date (YYYY-MM-DD); showing the last 30 days"]);
    expect(messages('/?period=custom&from=2026-02-01')).toEqual(['period: a custom period needs from and to dates (YYYY-MM-DD), to missing; showing the last 30 days']);
    expect(messages('/?period=7d&from=2026-02-01&to=2026-02-10')).toEqual(['from, to: dates are read only with period=custom; showing the last 7 days']);
    expect(messages('/?period=fortnight')).toEqual(["period: 'fortnight' is not a period; showing the last 30 days"]);
  });

  it("names the workspace's zone as the one shown instead of an unknown zone", () => {
    const { state, issues } = check('/?tz=Mars/Base');
    expect(state.tz).toBeNull();
    expect(issues.map((i) => i.message)).toEqual(["tz: 'Mars/Base' is not a time zone; showing Europe/Berlin (the workspace's)"]);
    expect(check('/?tz=Mars/Base', null).issues[0].message).toBe("tz: 'Mars/Base' is not a time zone; showing the workspace's zone");
  });

  it('says when a grain is unknown, and when it does not suit the period (dropping it)', () => {
    expect(messages('/?grain=fortnight')).toEqual(["grain: 'fortnight' is not a grain; showing daily"]);
    expect(messages('/?period=today&grain=fortnight')).toEqual(["grain: 'fortnight' is not a grain; showing hourly"]);
    const hourly = check('/?period=90d&grain=hour');
    expect(hourly.issues.map((i) => i.message)).toEqual(['grain: hourly does not suit 90 days (hourly goes up to 31 days); showing daily']);
    expect(hourly.state.grain).toBeNull();
    expect(serializeState(hourly.state)).toBe('/?period=90d');
    expect(messages('/?period=7d&grain=week')).toEqual(['grain: weekly does not suit 7 days (weekly needs more than 7 days); showing daily']);
    // Without the context (no "today"), parseState's rule: any known grain is kept.
    expect(check('/?period=90d&grain=hour', null)).toEqual({ state: parse('/?period=90d&grain=hour'), issues: [] });
  });

  it('says when the page does not exist, and shows the overview with the same filters', () => {
    const { state, issues } = check('/foo?period=7d');
    expect(issues.map((i) => i.message)).toEqual(['page: /foo does not exist; showing the overview']);
    expect(serializeState(state)).toBe('/?period=7d');
  });

  it("reports the page's own options and channels it could not read, not other pages' options", () => {
    expect(messages('/response-times?sla=-5&groupBy=contact&show=x&channel=sms,Bad%20Name')).toEqual([
      "channel: 'Bad Name' is not a channel name (a–z, 0–9, _ and -); showing sms",
      "groupBy: 'contact' is not one of none, channel, agent, team, tag; showing none",
      "sla: '-5' is not a whole number of seconds up to 31622400; showing 300 s",
      "show: 'x' is not one of firstResponseMedian, firstResponseP90, replyMedian, replyP90, resolutionMedian, withinSla, responseRate, assignmentResponseMedian; showing firstResponseMedian",
    ]);
    expect(messages('/campaigns?window=0&campaignDir=up')).toEqual([
      "window: '0' is not a whole number of hours from 1 to 720; showing 120 hours",
      "campaignDir: 'up' is not asc or desc; showing desc",
    ]);
    expect(messages('/?metric=revenue&compare=maybe')).toEqual([
      "compare: 'maybe' is not on or off; showing the comparison",
      "metric: 'revenue' is not one of conversations, messagesIn, messagesOut, activeContacts; showing conversations",
    ]);
    // sla belongs to response times: the overview neither reads nor reports it.
    expect(messages('/?sla=-5')).toEqual([]);
  });

  it('reads nothing but the path on settings', () => {
    expect(messages('/settings?period=fortnight')).toEqual([]);
  });

  it('lists several problems at once, in the order of the URL parameters', () => {
    const { state, issues } = check('/nowhere?period=custom&from=2026-12-01&to=2026-11-01&tz=Mars/Base&grain=fortnight');
    expect(issues.map((i) => i.param)).toEqual(['page', 'period', 'tz', 'grain']);
    expect(serializeState(state)).toBe('/');
  });
});

describe('team, tag and hours', () => {
  it('reads team and tag repeated, never comma-split, kept once and sorted; none is a value', () => {
    const s = parse('/?team=Sales&team=Billing%2C%20EU&team=Sales&tag=none&tag=refund%2C%20partial&tag=');
    expect(s.teams).toEqual(['Billing, EU', 'Sales']);
    expect(s.tags).toEqual(['none', 'refund, partial']);
    expect(s.hours).toBe('calendar');
  });

  it('drops names longer than the API takes (team 128, tag 64 characters) and empty ones', () => {
    expect(parse(`/?team=${'t'.repeat(128)}&team=${'t'.repeat(129)}&team=`).teams).toEqual(['t'.repeat(128)]);
    expect(parse(`/?tag=${'g'.repeat(64)}&tag=${'g'.repeat(65)}`).tags).toEqual(['g'.repeat(64)]);
    expect(parse(`/?tag=${encodeURIComponent('😀'.repeat(64))}`).tags).toEqual(['😀'.repeat(64)]);
  });

  it('reads hours=business, anything else is calendar', () => {
    expect(parse('/?hours=business').hours).toBe('business');
    expect(parse('/?hours=office').hours).toBe('calendar');
    expect(parse('/?hours=Business').hours).toBe('calendar');
  });

  it('writes team and tag repeated (commas escaped, not split) and hours only when business', () => {
    const state: DashboardState = { ...DEFAULT_STATE, teams: ['Billing, EU', 'Sales'], tags: ['none'], hours: 'business' };
    const url = serializeState(state);
    expect(url).toBe('/?team=Billing%2C+EU&team=Sales&tag=none&hours=business');
    expect(parse(url)).toEqual(state);
    expect(serializeState({ ...state, hours: 'calendar' })).toBe('/?team=Billing%2C+EU&team=Sales&tag=none');
  });

  it('offers them where the page reads a report that takes them (the registry decides)', () => {
    for (const page of ['overview', 'response-times', 'agents', 'teams', 'tags', 'engagement', 'campaigns', 'loyalty', 'channels'] as const) {
      const reports = PAGE_REPORTS[page] as (keyof typeof REPORT_PARAMS)[];
      const anyTakes = (p: string) => reports.some((r) => (REPORT_PARAMS[r].params as readonly string[]).includes(p));
      expect(PAGE_FILTERS[page].includes('team')).toBe(anyTakes('team'));
      expect(PAGE_FILTERS[page].includes('hours')).toBe(anyTakes('hours'));
    }
    const state: DashboardState = { ...DEFAULT_STATE, teams: ['Sales'], tags: ['vip'], hours: 'business' };
    // Loyalty and cohorts take no team or tag (contacts are not conversations), and nobody there takes hours.
    expect(serializeState(state, 'loyalty')).toBe('/loyalty');
    expect(serializeState(state, 'engagement')).toBe('/engagement?team=Sales&tag=vip');
    expect(serializeState(state, 'channels')).toBe('/channels?team=Sales&tag=vip&hours=business');
  });

  it('carries them over a page that ignores them, and a page that uses them reads its own URL', () => {
    const before: DashboardState = { ...DEFAULT_STATE, page: 'overview', teams: ['Sales'], tags: ['none'], hours: 'business' };
    const onLoyalty = carryIgnoredFilters(parse('/loyalty'), before);
    expect(onLoyalty).toMatchObject({ teams: ['Sales'], tags: ['none'], hours: 'business' });
    expect(serializeState(onLoyalty, 'response-times')).toBe('/response-times?team=Sales&tag=none&hours=business');
    const onEngagement = carryIgnoredFilters(parse('/engagement?team=Billing'), before);
    expect(onEngagement).toMatchObject({ teams: ['Billing'], tags: [], hours: 'business' });
    expect(carryIgnoredFilters(parse('/'), onEngagement)).toMatchObject({ teams: [], tags: [], hours: 'calendar' });
  });
});

describe('team, tag and hours in parseStateWithIssues', () => {
  const check = (url: string, businessHours = true) => {
    const u = new URL(url, 'http://x');
    return parseStateWithIssues(u.pathname, u.search, { workspaceTz: 'Europe/Berlin', nowMs: NOW, businessHours });
  };
  const messages = (url: string, businessHours = true) => check(url, businessHours).issues.map((i) => i.message);

  it('reports an hours value that is not calendar or business', () => {
    expect(messages('/?hours=office')).toEqual(["hours: 'office' is not calendar or business; showing calendar hours"]);
    expect(messages('/?hours=business')).toEqual([]);
    // Engagement takes no hours: not its business.
    expect(messages('/engagement?hours=office')).toEqual([]);
  });

  it('reports and drops hours=business when the workspace has no schedule', () => {
    const { state, issues } = check('/response-times?hours=business', false);
    expect(issues.map((i) => i.message)).toEqual(["hours: business hours need the workspace's schedule, and none is set (an admin sets it in Settings); showing calendar hours"]);
    expect(state.hours).toBe('calendar');
    expect(serializeState(state)).toBe('/response-times');
  });

  it('reports names too long for a team or tag, and says what is shown', () => {
    expect(messages(`/?team=Sales&team=${'x'.repeat(129)}`)).toEqual([`team: a name longer than 128 characters cannot be a team; showing Sales`]);
    expect(messages(`/channels?tag=none&tag=${'y'.repeat(65)}&tag=${'z'.repeat(66)}`)).toEqual([`tag: 2 names longer than 64 characters cannot be a tag; showing without tags`]);
    expect(check(`/?tag=${'y'.repeat(65)}`).issues[0].value).toBe(`${'y'.repeat(40)}…`);
    // Loyalty reads no team: nothing to report there.
    expect(messages(`/loyalty?team=${'x'.repeat(129)}`)).toEqual([]);
  });
});
