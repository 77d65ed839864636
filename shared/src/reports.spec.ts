/**
 * The registry's query schemas (api.md "Query parameters", metrics-decisions.md "Requests"): which
 * parameters each report and export takes, their values and defaults, and every 400 message, which
 * must start with the name of the parameter at fault. The zone and the period are resolved in the
 * API (api/src/metrics/query.calculations.spec.ts).
 */
import { z } from 'zod';
import { EXPORT_PARAMS, GRAINS, REPORT_NAMES, REPORT_PARAMS } from './report-params.js';
import { EXPORTS, type ParsedQuery, REPORTS, queryMessages } from './reports.js';

type Endpoint = keyof typeof REPORTS | keyof typeof EXPORTS;
const ALL: Endpoint[] = [...REPORT_NAMES, 'conversations.csv', 'events.csv'];
const entry = (endpoint: Endpoint) => (endpoint in REPORTS ? REPORTS[endpoint as keyof typeof REPORTS] : EXPORTS[endpoint as keyof typeof EXPORTS]);

function parse(endpoint: Endpoint, raw: Record<string, unknown>): ParsedQuery {
  const r = entry(endpoint).query.safeParse(raw);
  if (!r.success) throw new Error(`unexpected errors: ${queryMessages(r.error, entry(endpoint).params).join('; ')}`);
  return r.data as ParsedQuery;
}

function errorsOf(endpoint: Endpoint, raw: Record<string, unknown>): string[] {
  const r = entry(endpoint).query.safeParse(raw);
  if (r.success) throw new Error(`expected errors for ${JSON.stringify(raw)}`);
  return queryMessages(r.error, entry(endpoint).params);
}

/** Exactly one error, naming `param` at the start. */
function expectOneError(endpoint: Endpoint, raw: Record<string, unknown>, param: string): string {
  const messages = errorsOf(endpoint, raw);
  expect(messages).toHaveLength(1);
  expect(messages[0].startsWith(`${param}: `)).toBe(true);
  return messages[0];
}

describe('the registry', () => {
  it('lists the eight reports of api.md, each with its answer schema, and the two exports', () => {
    expect(REPORT_NAMES).toEqual(['overview', 'response-times', 'engagement', 'heatmap', 'loyalty', 'cohorts', 'channels', 'campaigns']);
    for (const name of REPORT_NAMES) {
      expect(REPORTS[name].name).toBe(name);
      expect(REPORTS[name].params).toBe(REPORT_PARAMS[name]);
      expect(z.globalRegistry.get(REPORTS[name].answer)?.id).toMatch(/Response$/);
    }
    expect(Object.keys(EXPORTS)).toEqual(Object.keys(EXPORT_PARAMS));
  });

  it.each(ALL)('%s: the schema takes exactly the parameters of its rules', (endpoint) => {
    expect(Object.keys(entry(endpoint).query.shape)).toEqual([...entry(endpoint).params.params]);
  });
});

describe('defaults', () => {
  it('grain day, responder any, hours calendar, sla 300; nothing else filled in', () => {
    expect(parse('response-times', {})).toEqual({ grain: 'day', responder: 'any', hours: 'calendar', sla: 300 });
  });

  it('cohorts default to grain week', () => {
    expect(parse('cohorts', {}).grain).toBe('week');
  });

  it('every endpoint accepts an empty query', () => {
    for (const endpoint of ALL) expect(() => parse(endpoint, {})).not.toThrow();
  });

  it('from, to and tz are passed on as text (the API resolves them in the zone)', () => {
    expect(parse('engagement', { from: '2026-11-01', to: 'garbage', tz: 'Mars/Base' })).toMatchObject({ from: '2026-11-01', to: 'garbage', tz: 'Mars/Base' });
  });
});

describe('grain', () => {
  it.each(GRAINS)('%s is accepted on series endpoints', (grain) => {
    expect(parse('engagement', { grain }).grain).toBe(grain);
  });

  it.each(['year', 'Day', '', 'minute'])('%j is a 400 naming grain', (grain) => {
    expect(expectOneError('response-times', { grain }, 'grain')).toBe(`grain: must be one of hour, day, week, month, got '${grain}'`);
  });

  it('cohorts take week or month only', () => {
    expect(parse('cohorts', { grain: 'month' }).grain).toBe('month');
    expect(parse('cohorts', { grain: 'week' }).grain).toBe('week');
    expect(expectOneError('cohorts', { grain: 'day' }, 'grain')).toBe("grain: must be one of week, month, got 'day'");
    expectOneError('cohorts', { grain: 'hour' }, 'grain');
  });
});

describe('channel', () => {
  it('a single channel', () => {
    expect(parse('engagement', { channel: 'whatsapp' }).channel).toEqual(['whatsapp']);
  });

  it('comma-separated: sorted', () => {
    expect(parse('engagement', { channel: 'whatsapp,sms' }).channel).toEqual(['sms', 'whatsapp']);
  });

  it('repeated (an array from the query string), mixed with commas: deduplicated and sorted', () => {
    expect(parse('engagement', { channel: ['whatsapp', 'sms,whatsapp', 'instagram'] }).channel).toEqual(['instagram', 'sms', 'whatsapp']);
    expect(parse('engagement', { channel: ['sms', 'sms'] }).channel).toEqual(['sms']);
  });

  it('channel names with digits, _ and - pass', () => {
    expect(parse('engagement', { channel: 'web-chat,line_2,9go' }).channel).toEqual(['9go', 'line_2', 'web-chat']);
  });

  it.each([
    ['uppercase', 'WhatsApp'],
    ['empty', ''],
    ['trailing comma', 'whatsapp,'],
    ['empty in the middle', 'sms,,whatsapp'],
    ['starting with _', '_sms'],
    ['too long (33 chars)', 'a'.repeat(33)],
    ['a space inside', 'whats app'],
    ['an array with a bad value', ['sms', 'Bad!']],
    ['an object (qs nested syntax)', { a: 'sms' }],
    ['an array with an object', ['sms', { a: 'sms' }]],
    ['an empty array', []],
  ])('%s is a 400 naming channel', (_name, channel) => {
    expectOneError('engagement', { channel }, 'channel');
  });

  it('the message lists the bad names', () => {
    expect(expectOneError('engagement', { channel: ['sms', 'Bad!,WA'] }, 'channel')).toBe("channel: must be channel names like whatsapp,sms; got 'Bad!,WA'");
    expect(expectOneError('engagement', { channel: { a: 'sms' } }, 'channel')).toBe("channel: must be channel names like whatsapp,sms; got 'null'");
  });

  it('32 characters is the longest name', () => {
    expect(parse('engagement', { channel: 'a'.repeat(32) }).channel).toEqual(['a'.repeat(32)]);
  });

  it('every endpoint takes channel', () => {
    for (const endpoint of ALL) expect(parse(endpoint, { channel: 'sms' }).channel).toEqual(['sms']);
  });
});

describe('groupBy', () => {
  it('response-times: channel, agent, team or tag', () => {
    for (const g of ['channel', 'agent', 'team', 'tag']) expect(parse('response-times', { groupBy: g }).groupBy).toBe(g);
    expect(expectOneError('response-times', { groupBy: 'contact' }, 'groupBy')).toBe("groupBy: must be channel or agent or team or tag, got 'contact'");
  });

  it('engagement: channel, team or tag (agent is a 400)', () => {
    for (const g of ['channel', 'team', 'tag']) expect(parse('engagement', { groupBy: g }).groupBy).toBe(g);
    expect(expectOneError('engagement', { groupBy: 'agent' }, 'groupBy')).toBe("groupBy: must be channel or team or tag, got 'agent'");
  });

  it('loyalty: channel only (agent, team and tag are 400s)', () => {
    expect(parse('loyalty', { groupBy: 'channel' }).groupBy).toBe('channel');
    for (const g of ['agent', 'team', 'tag']) expect(expectOneError('loyalty', { groupBy: g }, 'groupBy')).toBe(`groupBy: must be channel, got '${g}'`);
  });

  it('overview, heatmap, cohorts, channels and the exports take no groupBy', () => {
    for (const endpoint of ['overview', 'heatmap', 'cohorts', 'channels', 'conversations.csv', 'events.csv'] as const)
      expect(expectOneError(endpoint, { groupBy: 'channel' }, 'groupBy')).toMatch(/unknown parameter/);
  });
});

describe('responder', () => {
  it('any (default) or agent', () => {
    expect(parse('response-times', { responder: 'agent' }).responder).toBe('agent');
    expect(parse('response-times', { responder: 'any' }).responder).toBe('any');
    expect(parse('overview', { responder: 'agent' }).responder).toBe('agent');
    expect(parse('channels', { responder: 'agent' }).responder).toBe('agent');
  });

  it('another value is a 400 naming responder', () => {
    expect(expectOneError('response-times', { responder: 'human' }, 'responder')).toBe("responder: must be any or agent, got 'human'");
    expectOneError('response-times', { responder: 'bot' }, 'responder');
  });

  it('not taken by engagement, heatmap, loyalty, cohorts', () => {
    for (const endpoint of ['engagement', 'heatmap', 'loyalty', 'cohorts'] as const) expectOneError(endpoint, { responder: 'agent' }, 'responder');
  });
});

describe('sla', () => {
  it('seconds ≥ 0, fractions allowed', () => {
    expect(parse('response-times', { sla: '120' }).sla).toBe(120);
    expect(parse('response-times', { sla: '0' }).sla).toBe(0);
    expect(parse('response-times', { sla: '2.5' }).sla).toBe(2.5);
  });

  it.each(['-1', 'abc', '', '5m', 'NaN', 'Infinity'])('%j is a 400 naming sla', (sla) => {
    expectOneError('response-times', { sla }, 'sla');
  });

  it('sla above 366 days says the range', () => {
    expect(parse('response-times', { sla: '31622400' }).sla).toBe(31_622_400);
    expect(expectOneError('response-times', { sla: '40000000' }, 'sla')).toMatch(/from 0 to 31622400/);
  });

  it('only response-times takes sla', () => {
    for (const endpoint of ['overview', 'engagement', 'loyalty', 'channels', 'cohorts', 'heatmap'] as const) expectOneError(endpoint, { sla: '60' }, 'sla');
  });
});

describe('format', () => {
  it('csv or json; none given is left to the Accept header', () => {
    expect(parse('engagement', { format: 'csv' }).format).toBe('csv');
    expect(parse('engagement', { format: 'json' }).format).toBe('json');
    expect(parse('engagement', {}).format).toBeUndefined();
    expect(expectOneError('engagement', { format: 'xml' }, 'format')).toBe("format: must be json or csv, got 'xml'");
  });
});

describe('unknown and repeated parameters', () => {
  it('an unknown parameter is a 400 naming it (typos such as chanel), with the parameters the endpoint takes', () => {
    expect(expectOneError('engagement', { chanel: 'sms' }, 'chanel')).toBe('chanel: unknown parameter (this endpoint takes from, to, tz, grain, channel, team, tag, format, groupBy)');
    expectOneError('overview', { foo: '1' }, 'foo');
  });

  it('several unknown parameters: one message each', () => {
    expect(errorsOf('heatmap', { a: '1', b: '2' }).map((m) => m.slice(0, m.indexOf(':')))).toEqual(['a', 'b']);
  });

  it.each(['tz', 'grain', 'from', 'to', 'groupBy', 'responder', 'sla', 'format'])('%s given twice is a 400 naming it', (name) => {
    const values: Record<string, [string, string]> = {
      tz: ['UTC', 'UTC'],
      grain: ['day', 'week'],
      from: ['2026-11-01', '2026-11-02'],
      to: ['2026-11-10', '2026-11-11'],
      groupBy: ['channel', 'agent'],
      responder: ['any', 'agent'],
      sla: ['60', '120'],
      format: ['csv', 'csv'],
    };
    expect(expectOneError('response-times', { [name]: values[name] }, name)).toBe(`${name}: give it once, as a plain value`);
  });

  it('a nested object (qs a[b]=c) is a 400 for a single-valued parameter', () => {
    expectOneError('response-times', { tz: { a: 'UTC' } }, 'tz');
    expectOneError('response-times', { grain: { a: 'day' } }, 'grain');
  });

  it.each([
    ['heatmap', 'groupBy', 'channel'],
    ['engagement', 'responder', 'agent'],
    ['loyalty', 'sla', '60'],
  ] as [Endpoint, string, string][])('%s with %s: one message, naming the unknown parameter', (endpoint, name, value) => {
    expect(expectOneError(endpoint, { [name]: value }, name)).toMatch(/unknown parameter/);
  });

  it('several errors are all reported, each naming its parameter', () => {
    const messages = errorsOf('response-times', { chanel: 'sms', grain: 'year', responder: 'bot', sla: '-1', channel: 'A' });
    expect(messages.map((m) => m.slice(0, m.indexOf(':'))).sort()).toEqual(['chanel', 'channel', 'grain', 'responder', 'sla']);
  });
});

describe('team and tag (metrics.md "Teams and tags")', () => {
  const taking = ['overview', 'response-times', 'engagement', 'heatmap', 'channels', 'campaigns', 'conversations.csv', 'events.csv'] as const;

  it('are repeatable, never comma-split, sorted and distinct', () => {
    expect(parse('engagement', { team: ['Support', 'Billing, EU', 'Support'] }).team).toEqual(['Billing, EU', 'Support']);
    expect(parse('engagement', { tag: 'a,b' }).tag).toEqual(['a,b']);
  });

  it('none is a value like any other here (the API reads it as "without")', () => {
    expect(parse('response-times', { team: 'none', tag: ['none', 'vip'] })).toMatchObject({ team: ['none'], tag: ['none', 'vip'] });
  });

  it('are taken by every endpoint of the spec', () => {
    for (const endpoint of taking) expect(parse(endpoint, { team: 'Sales', tag: 'vip' })).toMatchObject({ team: ['Sales'], tag: ['vip'] });
  });

  it('loyalty and cohorts answer 400 to them', () => {
    for (const endpoint of ['loyalty', 'cohorts'] as const) {
      expect(expectOneError(endpoint, { team: 'Sales' }, 'team')).toMatch(/^team: unknown parameter/);
      expect(expectOneError(endpoint, { tag: 'vip' }, 'tag')).toMatch(/^tag: unknown parameter/);
    }
  });

  it('an empty or too long name is a 400 naming the parameter', () => {
    expect(expectOneError('engagement', { team: '' }, 'team')).toMatch(/^team: must be team names of 1–128 characters/);
    expect(expectOneError('engagement', { tag: ['ok', 'x'.repeat(65)] }, 'tag')).toMatch(/^tag: must be tag names of 1–64 characters.*got 'x{65}'/);
    // 64 emoji are 128 UTF-16 units but 64 characters, as an event's tags count them.
    expect(parse('engagement', { tag: '😀'.repeat(64) }).tag).toEqual(['😀'.repeat(64)]);
    expect(expectOneError('engagement', { team: { a: 'b' } }, 'team')).toMatch(/^team: must be team names/);
  });

  it('counts characters as events.md does (code points): 64 emoji are a valid tag, 65 are not', () => {
    expect(parse('engagement', { tag: '😀'.repeat(64), team: '🚀'.repeat(128) })).toMatchObject({ tag: ['😀'.repeat(64)], team: ['🚀'.repeat(128)] });
    expect(expectOneError('engagement', { tag: '😀'.repeat(65) }, 'tag')).toMatch(/^tag: must be tag names of 1–64 characters/);
  });
});

describe('hours', () => {
  it('calendar (default) or business on overview, response-times, channels and the conversations export (its drill-down selection)', () => {
    for (const endpoint of ['overview', 'response-times', 'channels', 'conversations.csv'] as const) {
      expect(parse(endpoint, {}).hours).toBe('calendar');
      expect(parse(endpoint, { hours: 'business' }).hours).toBe('business');
    }
    expect(expectOneError('overview', { hours: 'office' }, 'hours')).toBe("hours: must be calendar or business, got 'office'");
  });

  it('elsewhere it is a 400', () => {
    for (const endpoint of ['engagement', 'heatmap', 'loyalty', 'cohorts', 'campaigns', 'events.csv'] as const)
      expect(expectOneError(endpoint, { hours: 'business' }, 'hours')).toMatch(/^hours: unknown parameter/);
  });
});
