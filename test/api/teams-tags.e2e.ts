/**
 * Teams, tags and assignment (metrics.md "Teams and tags", events.md conversation facts): on a
 * generated dataset reworked to have teams (with commas, spaces, unicode), reassignments that move
 * a conversation's team (some after the period), 0–3 tags per conversation (some only on late
 * events), a tag that is another's prefix and a 64-character one, every endpoint that takes the
 * filters is compared field by field to the independent oracle (test/support/oracle.ts), and
 * every group of groupBy=team|tag to the same request filtered to that one group.
 */
import { type GeneratedEvent, Random, generateEvents, rng } from '@parley/shared/generate';
import { expectSame, parseCsv } from '../support/compare';
import { insideBusiestHour } from '../support/periods';
import { Oracle, type OracleParams } from '../support/oracle';
import { type Server, databaseEnv, ingestAll, newWorkspace, startServer } from '../support/server';

jest.setTimeout(600_000);

const TEAMS = ['support', 'Sales, EU', 'Support Tier 2', 'Équipe Zürich ☕', 'night shift', 'Team 🚀'];
const LONG_TAG = 't'.repeat(64);
// 64 characters as events.md counts them (code points), 128 UTF-16 units.
const EMOJI_TAG = '😀'.repeat(64);
// "vip" is a prefix of "vip-gold" (and of "vip,late"): a filter on one never takes the others.
// "\u0001null": any text but NUL is a valid tag, so no text may stand for the group null.
const TAGS = ['vip', 'vip-gold', 'vip,late', 'refund', 'billing issue', 'ünïcode·tag', LONG_TAG, EMOJI_TAG, '\u0001null'];

/**
 * The generator's events with teams and tags reworked: each conversation.assigned gets a team
 * (or none), some conversations are assigned afterwards (a first assignment or a reassignment to
 * another team, up to 3 days after their last event), others never; 0–3 tags are put on random
 * events of the conversation (one of them often only on its last event), and some get one more
 * tag from a conversation.opened up to 5 days after their last event.
 */
function withTeamsAndTags(events: GeneratedEvent[], seed: number, teams: string[]): GeneratedEvent[] {
  const random = new Random(rng(seed));
  const r = () => random.next();
  const pick = <T>(xs: readonly T[]) => random.pick(xs);
  const byConversation = new Map<string, GeneratedEvent[]>();
  for (const e of events) byConversation.set(e.conversationId, [...(byConversation.get(e.conversationId) ?? []), e]);
  const out: GeneratedEvent[] = [];
  for (const [id, list] of byConversation) {
    const sorted = [...list].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    const last = sorted[sorted.length - 1];
    const reworked = sorted.map((e) => {
      const { tags: _generated, ...rest } = e; // the generator's own tags stay on a few: see below
      const copy: GeneratedEvent = r() < 0.5 ? { ...e } : rest;
      if (e.type === 'conversation.assigned') {
        delete copy.team;
        if (r() < 0.8) copy.team = pick(teams);
      }
      return copy;
    });
    const tagCount = Math.floor(r() * 4); // 0–3
    for (let i = 0; i < tagCount; i++) {
      const tag = pick(TAGS);
      // Half of the time only on the last event (it may lie after the period asked for).
      const target = r() < 0.5 ? reworked[reworked.length - 1] : pick(reworked);
      target.tags = [...new Set([...(target.tags ?? []), tag])];
    }
    const lastMs = Date.parse(last.occurredAt);
    const x = r();
    if (x < 0.35) {
      // A (re)assignment after everything else: it decides the team for the whole history.
      const team = r() < 0.85 ? pick(teams) : undefined;
      reworked.push({
        id: `${id}-reassigned`,
        type: 'conversation.assigned',
        occurredAt: new Date(lastMs + Math.floor(r() * 3 * 86_400_000) + 1000).toISOString(),
        conversationId: id,
        contactId: last.contactId,
        channel: last.channel,
        agentId: `agent-${Math.floor(r() * 6)}`,
        ...(team && { team }),
        ...(r() < 0.3 && { tags: [pick(TAGS)] }),
      });
    } else if (x < 0.55 && sorted.length > 1) {
      // An early assignment (the second event's instant, so agents' responses follow it).
      reworked.push({
        id: `${id}-assigned`,
        type: 'conversation.assigned',
        occurredAt: sorted[1].occurredAt,
        conversationId: id,
        contactId: sorted[0].contactId,
        channel: sorted[0].channel,
        agentId: `agent-${Math.floor(r() * 6)}`,
        team: pick(teams),
      });
    }
    if (r() < 0.25) {
      // A tag that only a later event gives (an event that changes no other fact): it tags the whole history.
      reworked.push({
        id: `${id}-late-tag`,
        type: 'conversation.opened',
        occurredAt: new Date(lastMs + Math.floor(r() * 5 * 86_400_000) + 1000).toISOString(),
        conversationId: id,
        contactId: last.contactId,
        channel: last.channel,
        tags: [pick(TAGS)],
      });
    }
    out.push(...reworked);
  }
  return out;
}

// 40 days from 2026-10-01: across the Berlin fall-back night (Oct 25).
const EVENTS = withTeamsAndTags(generateEvents({ events: 12_000, seed: 4242, startMs: Date.UTC(2026, 9, 1), days: 40 }), 1, TEAMS);
// Another workspace, same period, the same team and tag names and one of its own.
const OTHER = withTeamsAndTags(generateEvents({ events: 3_000, seed: 99, startMs: Date.UTC(2026, 9, 1), days: 40 }), 2, [...TEAMS, 'ghost team']);

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let ws: { name: string; key: string };
let other: { name: string; key: string };
let oracle: Oracle;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn' });
  ws = await newWorkspace(db.env, 'teams-tags', 'ingest,read', 'Europe/Berlin');
  other = await newWorkspace(db.env, 'teams-tags-other');
  // The late reassignments and tags arrive last, in their own batch: they must still move whole histories.
  const late = (e: GeneratedEvent) => e.id.endsWith('-reassigned') || e.id.endsWith('-late-tag');
  await ingestAll(server.url, ws.key, EVENTS.filter((e) => !late(e)));
  await ingestAll(server.url, other.key, OTHER);
  await ingestAll(server.url, ws.key, EVENTS.filter(late));
  oracle = new Oracle(EVENTS);
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

type Query = Record<string, string | string[]>;

async function get(path: string, params: Query, key = ws.key): Promise<{ status: number; body: any }> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
  const r = await fetch(`${server.url}/api/v1/${path}?${qs}`, { headers: { authorization: `Bearer ${key}` } });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: r.status, body };
}

const ms = (iso: string) => Date.parse(iso);

interface Frame {
  name: string;
  query: Query;
  params: Omit<OracleParams, 'teams' | 'tags' | 'groupBy'>;
}
/**
 * Time frames: Kolkata (+05:30) bounds are never whole UTC hours (the events path); the UTC and
 * Berlin ones are, where the rollups would answer without a team or tag.
 */
const FRAMES: Frame[] = [
  {
    name: 'Kolkata, day grain, ending before the late reassignments',
    query: { from: '2026-10-05', to: '2026-11-01', tz: 'Asia/Kolkata', grain: 'day' },
    params: { fromMs: ms('2026-10-05T00:00:00+05:30'), toMs: ms('2026-11-01T00:00:00+05:30'), tz: 'Asia/Kolkata', grain: 'day', channels: null, responder: 'any', sla: 300 },
  },
  {
    name: 'UTC, week grain (whole hours), the whole dataset',
    query: { from: '2026-10-01', to: '2026-11-14', tz: 'UTC', grain: 'week' },
    params: { fromMs: ms('2026-10-01T00:00:00Z'), toMs: ms('2026-11-14T00:00:00Z'), tz: 'UTC', grain: 'week', channels: null, responder: 'any', sla: 300 },
  },
  {
    name: 'Berlin (workspace zone), hour grain across the fall-back night, responder=agent',
    query: { from: '2026-10-24', to: '2026-10-27', grain: 'hour', responder: 'agent' },
    params: { fromMs: ms('2026-10-24T00:00:00+02:00'), toMs: ms('2026-10-27T00:00:00+01:00'), tz: 'Europe/Berlin', grain: 'hour', channels: null, responder: 'agent', sla: 300 },
  },
  // Ending inside an hour: the whole hours from the rollups' team and tag rows, the last one from
  // the events, added up (partial-hour.calculations.ts); the end splits the busiest hour's customer messages.
  ((toMs) => ({
    name: `UTC, day grain, ending inside an hour (${new Date(toMs).toISOString()})`,
    query: { from: '2026-10-01', to: new Date(toMs).toISOString(), tz: 'UTC', grain: 'day' },
    params: { fromMs: ms('2026-10-01T00:00:00Z'), toMs, tz: 'UTC', grain: 'day' as const, channels: null, responder: 'any' as const, sla: 300 },
  }))(insideBusiestHour(EVENTS, ms('2026-10-01T00:00:00Z'), 40)),
];

interface Filter {
  name: string;
  query: Query;
  teams?: string[];
  tags?: string[];
  channels?: string[];
}
const FILTERS: Filter[] = [
  { name: 'one team', query: { team: 'support' }, teams: ['support'] },
  { name: 'two teams with a comma and unicode (repeated, never split)', query: { team: ['Sales, EU', 'Équipe Zürich ☕'] }, teams: ['Sales, EU', 'Équipe Zürich ☕'] },
  { name: 'team=none', query: { team: 'none' }, teams: ['none'] },
  { name: 'a team or none', query: { team: ['night shift', 'none'] }, teams: ['night shift', 'none'] },
  { name: 'one tag (a prefix of others)', query: { tag: 'vip' }, tags: ['vip'] },
  { name: 'a tag with a comma, or none', query: { tag: ['vip,late', 'none'] }, tags: ['vip,late', 'none'] },
  { name: 'tag=none', query: { tag: 'none' }, tags: ['none'] },
  { name: 'the 64-character tags (one of 64 emoji)', query: { tag: [LONG_TAG, EMOJI_TAG] }, tags: [LONG_TAG, EMOJI_TAG] },
  { name: 'the emoji team', query: { team: 'Team 🚀' }, teams: ['Team 🚀'] },
  { name: 'team and tag (AND)', query: { team: 'Support Tier 2', tag: ['refund', 'ünïcode·tag'] }, teams: ['Support Tier 2'], tags: ['refund', 'ünïcode·tag'] },
  { name: 'team=none, tag=none and a channel', query: { team: 'none', tag: 'none', channel: 'whatsapp' }, teams: ['none'], tags: ['none'], channels: ['whatsapp'] },
];

const only = (query: Query, drop: string[]) => Object.fromEntries(Object.entries(query).filter(([k]) => !drop.includes(k)));

const paramsOf = (frame: Frame, filter: Filter, groupBy: OracleParams['groupBy'] = null): OracleParams => ({
  ...frame.params,
  channels: filter.channels ?? frame.params.channels,
  teams: filter.teams ?? null,
  tags: filter.tags ?? null,
  groupBy,
});

describe('the dataset exercises what it is meant to', () => {
  it('teams, reassignments across teams, tags on later events only, conversations without either', () => {
    const convs = new Map<string, GeneratedEvent[]>();
    for (const e of EVENTS) convs.set(e.conversationId, [...(convs.get(e.conversationId) ?? []), e]);
    const lists = [...convs.values()];
    const teamsOf = (l: GeneratedEvent[]) => new Set(l.filter((e) => e.type === 'conversation.assigned').map((e) => e.team ?? null));
    expect(lists.filter((l) => teamsOf(l).size >= 2).length).toBeGreaterThan(20);
    expect(lists.filter((l) => !l.some((e) => e.type === 'conversation.assigned')).length).toBeGreaterThan(20);
    expect(lists.filter((l) => !l.some((e) => e.tags?.length)).length).toBeGreaterThan(20);
    expect(lists.filter((l) => new Set(l.flatMap((e) => e.tags ?? [])).size >= 3).length).toBeGreaterThan(20);
    for (const t of TAGS) expect(EVENTS.some((e) => e.tags?.includes(t))).toBe(true);
    for (const t of TEAMS) expect(EVENTS.some((e) => e.team === t)).toBe(true);
    // Tags (and teams) that only events after the Kolkata frame's end give, to conversations active in it.
    const end = FRAMES[0].params.toMs;
    const lateOnly = lists.filter((l) => {
      const early = new Set(l.filter((e) => Date.parse(e.occurredAt) < end).flatMap((e) => e.tags ?? []));
      return l.some((e) => Date.parse(e.occurredAt) < end) && l.some((e) => Date.parse(e.occurredAt) >= end && e.tags?.some((t) => !early.has(t)));
    });
    expect(lateOnly.length).toBeGreaterThan(10);
    expect(EVENTS.filter((e) => e.id.endsWith('-reassigned') && Date.parse(e.occurredAt) >= end).length).toBeGreaterThan(10);
    // The assignment figures have values to compare.
    const totals = oracle.responseTimes(paramsOf(FRAMES[1], { name: '', query: {} })).totals;
    expect(totals.assignedConversations).toBeGreaterThan(100);
    expect(totals.assignmentResponseMedian).not.toBeNull();
  });
});

describe.each(FRAMES)('$name', (frame) => {
  describe.each(FILTERS)('$name', (filter) => {
    const query = { ...frame.query, ...filter.query };
    const params = paramsOf(frame, filter);

    it('response-times, engagement, heatmap, channels and overview equal the oracle', async () => {
      const rt = await get('metrics/response-times', query);
      expect(rt.status).toBe(200);
      expectSame(rt.body, oracle.responseTimes(params));
      const en = await get('metrics/engagement', only(query, ['responder']));
      expect(en.status).toBe(200);
      expectSame(en.body, oracle.engagement(params));
      const rest = only(query, ['grain']);
      const day = { ...params, grain: 'day' as const };
      expectSame((await get('metrics/heatmap', only(rest, ['responder']))).body, oracle.heatmap(day));
      expectSame((await get('metrics/channels', rest)).body, oracle.channels(day));
      expectSame((await get('metrics/overview', rest)).body, oracle.overview(day));
    });
  });
});

describe('a filter really narrows: figures differ from the unfiltered ones and the oracle sees data', () => {
  it.each(FILTERS)('$name', (filter) => {
    const frame = FRAMES[1];
    const filtered = oracle.engagement(paramsOf(frame, filter)).totals;
    const all = oracle.engagement(paramsOf(frame, { name: 'all', query: {} })).totals;
    expect(filtered.conversations).toBeGreaterThan(0);
    expect(filtered.conversations).toBeLessThan(all.conversations);
  });
});

/** A series item or group item without its group label (and the Parley per-group extras). */
const figures = (item: Record<string, unknown>) => only(item as Query, ['bucket', 'group', 'csatAverage', 'csatResponses', 'bot']);

describe.each([
  ['Kolkata, day grain', FRAMES[0], {} as Query, {} as Partial<Filter>],
  // Whole UTC hours: the rollups' team and tag rows answer the groups and the one-value filters.
  ['UTC, week grain', FRAMES[1], {} as Query, {} as Partial<Filter>],
  ['UTC, week grain, within two channels and a tag', FRAMES[1], { channel: 'whatsapp,webchat', tag: ['vip', 'refund'] } as Query, { channels: ['webchat', 'whatsapp'], tags: ['vip', 'refund'] }],
  ['UTC, week grain, within team=none', FRAMES[1], { team: 'none' } as Query, { teams: ['none'] }],
] as [string, Frame, Query, Partial<Filter>][])('groups, %s', (_name, frame, extraQuery, extraFilter) => {
  describe.each([
    ['response-times', 'team'],
    ['response-times', 'tag'],
    ['engagement', 'team'],
    ['engagement', 'tag'],
  ] as const)('%s grouped by %s', (report, groupBy) => {
    const baseQuery = { ...(report === 'engagement' ? only(frame.query, ['responder']) : frame.query), ...extraQuery };
    it('equals the oracle; every group equals the request with that group as its filter', async () => {
      const grouped = await get(`metrics/${report}`, { ...baseQuery, groupBy });
      expect(grouped.status).toBe(200);
      const params = paramsOf(frame, { name: '', query: {}, ...extraFilter }, groupBy);
      expectSame(grouped.body, report === 'response-times' ? oracle.responseTimes(params) : oracle.engagement(params));

      const groups = grouped.body.groups as Record<string, unknown>[];
      // Within team=none, groupBy=team has the one group null.
      expect(groups.length).toBeGreaterThanOrEqual(groupBy === 'team' && extraFilter.teams ? 1 : 3);
      const buckets = grouped.body.series.filter((s: { group: unknown }) => s.group === groups[0].group).length;
      expect(buckets).toBeGreaterThan(1);
      expect(grouped.body.series).toHaveLength(groups.length * buckets);
      // A group's figures are the request's filters AND that group's own. A team is one value, so
      // within a team filter the group's filter alone says the same; a conversation has several
      // tags, so within a tag filter "tag X and one of those" has no single request (the oracle
      // comparison above covers it).
      const own = extraQuery[groupBy];
      if (groupBy === 'tag' && own !== undefined) return;
      for (const g of groups) {
        const value = g.group === null ? 'none' : (g.group as string);
        if (own !== undefined) expect([own].flat()).toContain(value);
        const filtered = await get(`metrics/${report}`, { ...baseQuery, [groupBy]: value });
        expect(filtered.status).toBe(200);
        const ofGroup = grouped.body.series.filter((s: { group: unknown }) => s.group === g.group);
        expectSame(ofGroup.map(figures), filtered.body.series.map(figures), `${groupBy}=${value}.series`);
        expectSame(figures(g), filtered.body.totals, `${groupBy}=${value}.groups[]`);
      }
      if (groupBy === 'tag' && Object.keys(extraQuery).length === 0) {
        // A conversation is under each of its tags: the groups add up to more than the totals.
        const sum = groups.reduce((n, g) => n + (g.conversations as number), 0);
        expect(sum).toBeGreaterThan(grouped.body.totals.conversations);
      }
      if (report === 'response-times') {
        // The Parley per-group CSAT is there, and some group has ratings.
        for (const g of groups) expect(Object.keys(g)).toEqual(expect.arrayContaining(['csatAverage', 'csatResponses']));
        if (Object.keys(extraQuery).length === 0) expect(groups.some((g) => (g.csatResponses as number) > 0)).toBe(true);
      }
    });
  });
});

describe('validation', () => {
  it.each(['loyalty', 'cohorts'])('%s answers 400 to team and to tag, naming them', async (report) => {
    for (const [name, value] of [['team', 'support'], ['tag', 'vip'], ['team', 'none']]) {
      const r = await get(`metrics/${report}`, { [name]: value });
      expect([name, r.status]).toEqual([name, 400]);
      const messages: string[] = [r.body.message].flat();
      expect(messages.some((m) => m.startsWith(`${name}: `))).toBe(true);
    }
    const r = await get('metrics/loyalty', { groupBy: 'tag' });
    expect(r.status).toBe(400);
    expect([r.body.message].flat().some((m: string) => m.startsWith('groupBy: '))).toBe(true);
  });

  it.each([
    ['response-times', { tag: '' }, 'tag'],
    ['engagement', { tag: 'x'.repeat(65) }, 'tag'],
    ['overview', { team: '' }, 'team'],
    ['channels', { team: 'y'.repeat(129) }, 'team'],
    ['heatmap', { tag: ['vip', ''] }, 'tag'],
    ['engagement', { groupBy: 'agent' }, 'groupBy'],
    ['response-times', { groupBy: 'contact' }, 'groupBy'],
  ] as [string, Query, string][])('%s %j is a 400 naming %s', async (report, query, name) => {
    const r = await get(`metrics/${report}`, query);
    expect(r.status).toBe(400);
    expect([r.body.message].flat().some((m: string) => m.startsWith(`${name}: `))).toBe(true);
  });

  it('a 64-character tag and a 128-character team are fine', async () => {
    expect((await get('metrics/engagement', { tag: 'x'.repeat(64) })).status).toBe(200);
    expect((await get('metrics/engagement', { team: 'y'.repeat(128) })).status).toBe(200);
  });
});

describe('tenant isolation', () => {
  const frame = FRAMES[1];
  it('another workspace with the same team and tag names leaks into neither figures nor groups', async () => {
    // Its own team has data there ...
    const theirs = await get('metrics/engagement', { ...frame.query, team: 'ghost team' }, other.key);
    expect(theirs.body.totals.conversations).toBeGreaterThan(0);
    // ... and none here, nor a group of that name.
    const mine = await get('metrics/engagement', { ...frame.query, team: 'ghost team' });
    expect(mine.body.totals).toMatchObject({ conversations: 0, messagesIn: 0, messagesOut: 0 });
    const byTeam = await get('metrics/response-times', { ...frame.query, groupBy: 'team' });
    expect(byTeam.body.groups.map((g: { group: string | null }) => g.group)).not.toContain('ghost team');
    expectSame(byTeam.body, oracle.responseTimes(paramsOf(frame, { name: '', query: {} }, 'team')));
    // A shared team name gives this workspace's figures only (the oracle sees only its events).
    const shared = await get('metrics/engagement', { ...frame.query, team: 'support', groupBy: 'tag' });
    expectSame(shared.body, oracle.engagement(paramsOf(frame, { name: '', query: {}, teams: ['support'] }, 'tag')));
    const theirsShared = await get('metrics/engagement', { ...frame.query, team: 'support' }, other.key);
    expect(theirsShared.body.totals.conversations).toBeGreaterThan(0);
  });
});

describe('team and tag filters with the other groupings', () => {
  const frame = FRAMES[0];
  it.each([
    ['response-times by agent (bots too) within a team', { team: ['support', 'Sales, EU'], groupBy: 'agent' }, { teams: ['Sales, EU', 'support'] }, 'agent'],
    ['response-times by agent, responder=agent, within a tag', { tag: 'vip', groupBy: 'agent', responder: 'agent', sla: '120' }, { tags: ['vip'], responder: 'agent', sla: 120 }, 'agent'],
    ['response-times by channel within tag=none', { tag: 'none', groupBy: 'channel' }, { tags: ['none'] }, 'channel'],
    ['engagement by channel within a team and a tag', { team: 'night shift', tag: ['refund', 'vip-gold'], groupBy: 'channel' }, { teams: ['night shift'], tags: ['refund', 'vip-gold'] }, 'channel'],
  ] as [string, Query, Partial<OracleParams>, 'agent' | 'channel'][])('%s equals the oracle', async (name, extra, params, groupBy) => {
    const report = name.startsWith('engagement') ? 'engagement' : 'response-times';
    const r = await get(`metrics/${report}`, { ...frame.query, ...extra });
    expect(r.status).toBe(200);
    const p: OracleParams = { ...frame.params, teams: null, tags: null, ...params, groupBy };
    expectSame(r.body, report === 'engagement' ? oracle.engagement(p) : oracle.responseTimes(p));
    expect(r.body.groups.length).toBeGreaterThan(1);
  });

  it('CSV of groupBy=tag and team: the group column holds the names as they are (commas, unicode, none empty)', async () => {
    for (const groupBy of ['tag', 'team']) {
      const query = { ...FRAMES[1].query, groupBy };
      const json = (await get('metrics/response-times', query)).body;
      const r = await fetch(`${server.url}/api/v1/metrics/response-times?${new URLSearchParams({ ...query, format: 'csv' } as Record<string, string>)}`, {
        headers: { authorization: `Bearer ${ws.key}` },
      });
      expect(r.status).toBe(200);
      const rows = parseCsv(await r.text());
      const header = rows[0];
      const groupColumn = header.indexOf('group');
      expect(rows.slice(1).map((row) => row[groupColumn])).toEqual(json.series.map((s: { group: string | null }) => s.group ?? ''));
    }
  });
});
