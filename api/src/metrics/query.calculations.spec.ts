/**
 * The metric endpoints' query parameters (api.md "Query parameters", metrics.md "Period, buckets,
 * time zone", metrics-decisions.md "Requests"): defaults, and every 400 rule, whose message must
 * start with the name of the parameter at fault.
 */
import { type Endpoint, type MetricsQuery, parseMetricsQuery, QueryError } from './query.calculations.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Now" of every case: 2026-11-20T12:00:00Z. */
const NOW = Date.UTC(2026, 10, 20, 12);
const ctx = { workspaceTz: 'Europe/Berlin', nowMs: NOW };

const parse = (endpoint: Endpoint, raw: Record<string, unknown>, context: Partial<typeof ctx & { accept: string }> = {}): MetricsQuery =>
  parseMetricsQuery(endpoint, raw, { ...ctx, ...context });

/** The messages of the QueryError thrown (fails when nothing is thrown). */
function errorsOf(endpoint: Endpoint, raw: Record<string, unknown>, context: Partial<typeof ctx & { accept: string }> = {}): string[] {
  try {
    parse(endpoint, raw, context);
  } catch (e) {
    expect(e).toBeInstanceOf(QueryError);
    return (e as QueryError).messages;
  }
  throw new Error(`expected a QueryError for ${JSON.stringify(raw)}`);
}

/** Exactly one error, naming `param` at the start. */
function expectOneError(endpoint: Endpoint, raw: Record<string, unknown>, param: string, context: Partial<typeof ctx & { accept: string }> = {}) {
  const messages = errorsOf(endpoint, raw, context);
  expect(messages).toHaveLength(1);
  expect(messages[0].startsWith(`${param}: `)).toBe(true);
  return messages[0];
}

const ALL: Endpoint[] = ['overview', 'response-times', 'engagement', 'heatmap', 'loyalty', 'cohorts', 'channels', 'campaigns', 'conversations.csv', 'events.csv'];

describe('defaults', () => {
  it('to = now, from = to − 30 × 24 h, tz = the workspace zone, grain day, no filter, responder any, sla 300, json', () => {
    expect(parse('response-times', {})).toEqual({
      fromMs: NOW - 30 * DAY, // 2026-10-21T12:00Z
      toMs: NOW,
      tz: 'Europe/Berlin',
      grain: 'day',
      channels: null,
      teams: null,
      tags: null,
      groupBy: null,
      responder: 'any',
      hours: 'calendar',
      sla: 300,
      window: 120,
      format: 'json',
    });
  });

  it('30 days are exact 24-hour days even across a DST change', () => {
    // now 2026-11-01T12:00Z; 30 × 24 h before is 2026-10-02T12:00Z (the 25-hour 10-25 does not matter).
    const q = parse('engagement', {}, { nowMs: Date.UTC(2026, 10, 1, 12) });
    expect(q.fromMs).toBe(Date.UTC(2026, 9, 2, 12));
  });

  it('the workspace zone is used when tz is absent', () => {
    expect(parse('engagement', {}, { workspaceTz: 'UTC' }).tz).toBe('UTC');
    expect(parse('engagement', {}, { workspaceTz: 'Asia/Kolkata' }).tz).toBe('Asia/Kolkata');
  });

  it('cohorts default to grain week', () => {
    expect(parse('cohorts', {}).grain).toBe('week');
  });

  it('only `to` given: from = to − 30 days', () => {
    const q = parse('engagement', { to: '2026-11-01T00:00:00Z' });
    expect(q.toMs).toBe(Date.UTC(2026, 10, 1));
    expect(q.fromMs).toBe(Date.UTC(2026, 10, 1) - 30 * DAY);
  });

  it('only `from` given: to = now', () => {
    const q = parse('engagement', { from: '2026-11-01T00:00:00Z' });
    expect(q).toMatchObject({ fromMs: Date.UTC(2026, 10, 1), toMs: NOW });
  });

  it('every endpoint accepts an empty query', () => {
    for (const endpoint of ALL) expect(() => parse(endpoint, {})).not.toThrow();
  });
});

describe('from, to and tz', () => {
  it('dates are local midnight in tz (the parameter, else the workspace zone)', () => {
    // Berlin: 2026-11-01T00:00+01:00 = 2026-10-31T23:00Z; 2026-11-08T00:00+01:00 = 2026-11-07T23:00Z.
    expect(parse('engagement', { from: '2026-11-01', to: '2026-11-08' })).toMatchObject({
      fromMs: Date.UTC(2026, 9, 31, 23),
      toMs: Date.UTC(2026, 10, 7, 23),
      tz: 'Europe/Berlin',
    });
    // New York: 2026-11-01T00:00-04:00 = 04:00Z; 2026-11-08T00:00-05:00 = 05:00Z.
    expect(parse('engagement', { from: '2026-11-01', to: '2026-11-08', tz: 'America/New_York' })).toMatchObject({
      fromMs: Date.UTC(2026, 10, 1, 4),
      toMs: Date.UTC(2026, 10, 8, 5),
      tz: 'America/New_York',
    });
  });

  it('local date-times are wall time in tz; offsets are kept', () => {
    expect(parse('engagement', { from: '2026-11-01T08:00', to: '2026-11-02T08:00:00+01:00', tz: 'UTC' })).toMatchObject({
      fromMs: Date.UTC(2026, 10, 1, 8),
      toMs: Date.UTC(2026, 10, 2, 7),
    });
  });

  it('tz: an unknown zone is a 400 with the message of api.md', () => {
    expect(expectOneError('engagement', { tz: 'Europe/Berln' }, 'tz')).toBe("tz: unknown time zone 'Europe/Berln'");
    expectOneError('engagement', { tz: '' }, 'tz');
    expectOneError('engagement', { tz: 'Mars/Olympus_Mons' }, 'tz');
  });

  it('tz: known zones pass', () => {
    for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Etc/GMT+5'])
      expect(parse('engagement', { tz }).tz).toBe(tz);
  });

  it.each(['2026-02-30', '2026-13-01', 'garbage', '', '2026-11-01T25:00', '1762000000000'])('from: %j is a 400 naming from', (from) => {
    expectOneError('engagement', { from, to: '2026-11-20' }, 'from');
  });

  it.each(['2026-02-30', 'tomorrow', '2026-11-01T08:00:00+99:00'])('to: %j is a 400 naming to', (to) => {
    expectOneError('engagement', { from: '2026-11-01', to }, 'to');
  });

  it('from = to is a 400 naming from', () => {
    expectOneError('engagement', { from: '2026-11-01', to: '2026-11-01' }, 'from');
  });

  it('from > to is a 400 naming from', () => {
    expectOneError('engagement', { from: '2026-11-02', to: '2026-11-01' }, 'from');
    // only from, after now (2026-11-20T12:00Z)
    expectOneError('engagement', { from: '2026-12-01' }, 'from');
  });

  it('from one millisecond before to is fine', () => {
    const q = parse('engagement', { from: '2026-11-01T00:00:00.000Z', to: '2026-11-01T00:00:00.001Z' });
    expect(q.toMs - q.fromMs).toBe(1);
  });

  it.each([
    ['0001-01-01', '0001-01-02', 'from'], // the 500 of issue 15: both out of range, both named
    ['1999-12-31', '2000-01-02', 'from'],
    ['2026-01-01', '9999-12-31T00:00:01', 'to'],
    ['9999-12-30', '9999-12-31T12:00', 'to'],
  ])('from=%s to=%s: a bound outside 2000-01-01 … 9999-12-31 is a 400 naming it', (from, to, param) => {
    const messages = errorsOf('overview', { from, to, tz: 'UTC' });
    expect(messages).toContain(`${param}: must be from 2000-01-01 to 9999-12-31 (in UTC), got '${param === 'from' ? from : to}'`);
    if (from === '0001-01-01') expect(messages).toEqual([`from: must be from 2000-01-01 to 9999-12-31 (in UTC), got '0001-01-01'`, `to: must be from 2000-01-01 to 9999-12-31 (in UTC), got '0001-01-02'`]);
    else expect(messages).toHaveLength(1);
  });

  it.each(ALL)('%s: the range is checked in the query zone; both ends are fine', (endpoint) => {
    // Tokyo's 2000-01-01 starts 1999-12-31T15:00Z and is still in range.
    expect(parse(endpoint, { from: '2000-01-01', to: '2000-01-08', tz: 'Asia/Tokyo' }).fromMs).toBe(Date.UTC(1999, 11, 31, 15));
    expect(parse(endpoint, { from: '9999-12-24', to: '9999-12-31', tz: 'Etc/GMT+12' }).toMs).toBe(Date.UTC(9999, 11, 31, 12));
    expect(parse(endpoint, { from: '2000-01-01T00:00:00Z', to: '2000-01-08', tz: 'Asia/Tokyo' }).fromMs).toBe(Date.UTC(2000, 0, 1)); // 09:00 there
    expectOneError(endpoint, { from: '1999-12-31T14:59:59Z', to: '2000-01-08', tz: 'Asia/Tokyo' }, 'from'); // 23:59:59 there
  });

  it.each(['2016-12-31T23:59:60Z', '2026-11-01T00:00:00.1234567891Z', '+275760-09-13', '-000001-01-01', '2026-11-01\u0000', '\u0000'])(
    'from: %j (leap second, >9 fractional digits, extended years, NUL) is a 400 naming from',
    (from) => {
      expect(expectOneError('events.csv', { from, to: '2026-11-20' }, 'from')).toMatch(/must be a date/);
    },
  );

});

describe('grain=hour', () => {
  it('grain=hour: exactly 744 hours is fine, more is a 400 naming grain', () => {
    // 2026-11-01T00:00Z + 744 h = 2026-12-02T00:00Z.
    expect(parse('engagement', { grain: 'hour', from: '2026-11-01T00:00:00Z', to: '2026-12-02T00:00:00Z' }).grain).toBe('hour');
    expectOneError('engagement', { grain: 'hour', from: '2026-11-01T00:00:00Z', to: '2026-12-02T00:00:01Z' }, 'grain');
  });

  it('grain=hour with the default 30-day period is fine (720 hours)', () => {
    expect(parse('engagement', { grain: 'hour' })).toMatchObject({ grain: 'hour', fromMs: NOW - 720 * HOUR, toMs: NOW });
  });

  it('grain=hour counts real hours: Berlin October (31 local days, 745 h with the fall-back) is over 744', () => {
    // 2026-10-01T00:00+02:00 (09-30T22:00Z) … 2026-11-01T00:00+01:00 (10-31T23:00Z) = 745 h.
    // metrics-decisions.md: "grain=hour and the period is longer than 744 hours".
    expectOneError('engagement', { grain: 'hour', from: '2026-10-01', to: '2026-11-01' }, 'grain');
    // November (30 days, 720 h) is fine.
    expect(() => parse('engagement', { grain: 'hour', from: '2026-11-01', to: '2026-12-01' })).not.toThrow();
  });

  it('other grains accept periods far above 744 hours', () => {
    expect(() => parse('engagement', { grain: 'day', from: '2026-01-01', to: '2027-01-01' })).not.toThrow();
  });

  it('applies to every endpoint that takes grain=hour', () => {
    for (const endpoint of ALL.filter((e) => e !== 'cohorts'))
      expectOneError(endpoint, { grain: 'hour', from: '2026-11-01T00:00:00Z', to: '2026-12-02T01:00:00Z' }, 'grain');
  });
});

describe('period limits (api.md): 10 years for any period, 731 days for a day series', () => {
  const SERIES: Endpoint[] = ['response-times', 'engagement', 'loyalty', 'campaigns'];
  const from = '2020-01-01T00:00:00Z';
  const after = (hours: number) => new Date(Date.parse(from) + hours * HOUR).toISOString();

  it.each(SERIES)('%s by day: exactly 731 × 24 h is fine, one hour more is a 400 naming to', (endpoint) => {
    const q = parse(endpoint, { from, to: after(731 * 24) });
    expect(q.toMs - q.fromMs).toBe(731 * DAY);
    expect(q.grain).toBe('day');
    expect(expectOneError(endpoint, { from, to: after(731 * 24 + 1) }, 'to')).toBe('to: the period must be at most 731 days with grain=day; use a longer grain');
    expectOneError(endpoint, { from, to: after(731 * 24 + 1), grain: 'day' }, 'to');
  });

  it('one second more than 731 days is already too long by day', () => {
    expectOneError('engagement', { from: '2026-01-01T00:00:00Z', to: '2028-01-02T00:00:01Z' }, 'to');
  });

  it.each(SERIES)('%s by week or month: up to 10 years', (endpoint) => {
    for (const grain of ['week', 'month']) {
      expect(parse(endpoint, { from, to: after(731 * 24 + 1), grain }).grain).toBe(grain);
      expect(() => parse(endpoint, { from, to: after(3_660 * 24), grain })).not.toThrow();
    }
  });

  it.each(ALL)('%s: exactly 3,660 × 24 h is fine, one hour more is a 400 naming to', (endpoint) => {
    // Series by month (a day series stops at 731 days); the others with their default grain.
    const grain = SERIES.includes(endpoint) ? { grain: 'month' } : {};
    const q = parse(endpoint, { from, to: after(3_660 * 24), ...grain });
    expect(q.toMs - q.fromMs).toBe(3_660 * DAY);
    expect(expectOneError(endpoint, { from, to: after(3_660 * 24 + 1), ...grain }, 'to')).toBe('to: the period must be at most 3660 days');
  });

  it('non-series reports and the exports take more than 731 days by day (the grain does not make points there)', () => {
    for (const endpoint of ['overview', 'heatmap', 'channels', 'conversations.csv', 'events.csv'] as const)
      expect(() => parse(endpoint, { from: '2020-01-01', to: '2026-01-01', grain: 'day' })).not.toThrow();
  });

  it('731 local days in Berlin (both ends in winter time) are exactly 731 × 24 h', () => {
    // 2026-01-01T00:00+01:00 … 2028-01-02T00:00+01:00.
    expect(() => parse('engagement', { from: '2026-01-01', to: '2028-01-02' })).not.toThrow();
    expectOneError('engagement', { from: '2026-01-01', to: '2028-01-03' }, 'to');
  });

  it('over 10 years: one message, whatever the grain', () => {
    expect(errorsOf('overview', { from: '2000-01-01', to: '2026-01-01', tz: 'UTC' })).toEqual(['to: the period must be at most 3660 days']);
    expect(errorsOf('engagement', { from: '2000-01-01', to: '2026-01-01', tz: 'UTC', grain: 'hour' })).toEqual(['to: the period must be at most 3660 days']);
  });

  it('without from and to, the default 30 days are within every limit', () => {
    for (const endpoint of ALL) expect(() => parse(endpoint, endpoint === 'cohorts' ? {} : { grain: 'hour' })).not.toThrow();
  });
});

describe('the registry schema inside', () => {
  it('its messages reach the QueryError, unknown parameters first, then in the order of api.md', () => {
    expect(errorsOf('heatmap', { format: 'xml', groupBy: 'channel', tz: 'Mars/Base', from: 'x' })).toEqual([
      'groupBy: unknown parameter (this endpoint takes from, to, tz, grain, channel, team, tag, format)',
      "tz: unknown time zone 'Mars/Base'",
      "from: must be a date (2026-11-01) or a date-time (2026-11-01T08:00:00+01:00), got 'x'",
      "format: must be json or csv, got 'xml'",
    ]);
  });

  it('window: whole hours 1–720 on campaigns, default 120; anything else names window', () => {
    expect(parse('campaigns', {}).window).toBe(120);
    expect(parse('campaigns', { window: '1' }).window).toBe(1);
    expect(parse('campaigns', { window: '720' }).window).toBe(720);
    for (const bad of ['0', '721', '1.5', '-3', 'abc', '', '1e2'])
      expect(errorsOf('campaigns', { window: bad })).toEqual([`window: must be a whole number of hours from 1 to 720, got '${bad}'`]);
    expect(errorsOf('campaigns', { window: ['2', '3'] })).toEqual(['window: give it once, as a plain value']);
    expect(errorsOf('engagement', { window: '24' })[0]).toMatch(/^window: unknown parameter/);
  });

  it('channels, groupBy, responder and sla as the schema parsed them', () => {
    expect(parse('response-times', { channel: 'whatsapp,sms', groupBy: 'agent', responder: 'agent', sla: '120' })).toMatchObject({
      channels: ['sms', 'whatsapp'],
      groupBy: 'agent',
      responder: 'agent',
      sla: 120,
    });
  });

  it('a repeated tz is reported once, and the period is still checked in the workspace zone', () => {
    expect(errorsOf('engagement', { tz: ['UTC', 'UTC'], from: '2026-11-02', to: '2026-11-01' })).toEqual(['tz: give it once, as a plain value', 'from: must be before to']);
  });

  it('grain=hour is checked against the period even when another parameter is wrong', () => {
    const messages = errorsOf('engagement', { grain: 'hour', from: '2026-09-01', to: '2026-10-03', channel: 'A' });
    expect(messages.map((m) => m.slice(0, m.indexOf(':')))).toEqual(['grain', 'channel']);
  });
});

describe('format and Accept', () => {
  it('format=csv or json', () => {
    expect(parse('engagement', { format: 'csv' }).format).toBe('csv');
    expect(parse('engagement', { format: 'json' }).format).toBe('json');
    expectOneError('engagement', { format: 'xml' }, 'format');
  });

  it('Accept: text/csv asks for CSV', () => {
    expect(parse('engagement', {}, { accept: 'text/csv' }).format).toBe('csv');
    expect(parse('engagement', {}, { accept: 'text/csv; charset=utf-8' }).format).toBe('csv');
    expect(parse('engagement', {}, { accept: 'application/json' }).format).toBe('json');
    expect(parse('engagement', {}, { accept: '*/*' }).format).toBe('json');
  });

  it('an explicit format wins over Accept', () => {
    expect(parse('engagement', { format: 'json' }, { accept: 'text/csv' }).format).toBe('json');
    expect(parse('engagement', { format: 'csv' }, { accept: 'application/json' }).format).toBe('csv');
  });
});

describe('several errors at once', () => {
  it('are all reported, each naming its parameter', () => {
    const messages = errorsOf('response-times', { chanel: 'sms', tz: 'Mars/Base', grain: 'year', responder: 'bot', sla: '-1' });
    expect(messages.map((m) => m.slice(0, m.indexOf(':'))).sort()).toEqual(['chanel', 'grain', 'responder', 'sla', 'tz']);
  });

  it('the error message joins them', () => {
    try {
      parse('response-times', { grain: 'year', format: 'xml' });
      throw new Error('expected a QueryError');
    } catch (e) {
      expect(e).toBeInstanceOf(QueryError);
      expect(e).toBeInstanceOf(Error);
      const err = e as QueryError;
      expect(err.messages).toHaveLength(2);
      expect(err.message).toBe(err.messages.join('; '));
    }
  });

  it('from, to and channel errors together', () => {
    const messages = errorsOf('loyalty', { from: 'x', to: 'y', channel: 'A' });
    expect(messages.map((m) => m.slice(0, m.indexOf(':'))).sort()).toEqual(['channel', 'from', 'to']);
  });
});

describe('rough edges', () => {
  it('a zone typed in another case is answered in its usual spelling', () => {
    expect(parse('engagement', { tz: 'europe/berlin' }).tz).toBe('Europe/Berlin');
    expect(parse('engagement', { tz: 'utc' }).tz).toBe('UTC');
  });

  it('Accept: text/csv is matched whatever its case', () => {
    expect(parse('engagement', {}, { accept: 'Text/CSV' }).format).toBe('csv');
  });
});

describe('compareFrom and compareTo (overview, a Parley extension)', () => {
  it('given together: the compared period, read like from and to (dates in tz, date-times with offset)', () => {
    const q = parse('overview', { from: '2026-11-20', to: '2026-11-20T14:24:00+01:00', compareFrom: '2026-11-19', compareTo: '2026-11-19T14:24:00+01:00' });
    expect(q.toMs).toBe(Date.UTC(2026, 10, 20, 13, 24));
    expect(q.compare).toEqual({ fromMs: Date.UTC(2026, 10, 18, 23), toMs: Date.UTC(2026, 10, 19, 13, 24) });
  });

  it('absent: no compared period (the service takes the one as long just before)', () => {
    expect(parse('overview', { from: '2026-11-01', to: '2026-11-08' }).compare).toBeUndefined();
  });

  it('one without the other is a 400 naming the missing one', () => {
    expect(expectOneError('overview', { compareFrom: '2026-11-01' }, 'compareTo')).toContain('give it with compareFrom');
    expectOneError('overview', { compareTo: '2026-11-01' }, 'compareFrom');
  });

  it('bad bounds, reversed or too long periods name the parameter', () => {
    expectOneError('overview', { compareFrom: 'yesterday', compareTo: '2026-11-01' }, 'compareFrom');
    expectOneError('overview', { compareFrom: '2026-11-01', compareTo: '2026-11-31' }, 'compareTo');
    expectOneError('overview', { compareFrom: '2026-11-02', compareTo: '2026-11-01' }, 'compareTo');
    expectOneError('overview', { compareFrom: '2026-11-01', compareTo: '2026-11-01' }, 'compareTo');
    expect(expectOneError('overview', { compareFrom: '2000-01-01', compareTo: '2026-11-01' }, 'compareTo')).toContain('at most 3660 days');
    expectOneError('overview', { compareFrom: ['2026-11-01', '2026-11-02'], compareTo: '2026-11-03' }, 'compareFrom');
  });

  it('only the overview takes them', () => {
    expect(errorsOf('engagement', { compareFrom: '2026-11-01', compareTo: '2026-11-02' })).toEqual([
      expect.stringMatching(/^compareFrom: unknown parameter/),
      expect.stringMatching(/^compareTo: unknown parameter/),
    ]);
    expect(errorsOf('engagement', { compareFrom: '2026-11-01' })).toEqual([expect.stringMatching(/^compareFrom: unknown parameter/)]);
  });
});
