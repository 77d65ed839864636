/**
 * GET /workspace/dimensions (docs/api.md): the workspace's teams and tags with their conversations,
 * for the dashboard's pickers. Counts and order, the "without" counts, the cap, who may read it,
 * and isolation: another workspace's teams and tags never appear.
 */
import { MAX_DIMENSION_VALUES, WorkspaceDimensionsSchema } from '@parley/shared';
import { type Server, apiCall, databaseEnv, ingestAll, newKey, newWorkspace, realPostgres, sessionHeaders, startServer } from '../support/server';
import { TEAMS_CONVERSATIONS, expectedDimensions, teamsEvents } from '../support/teams-dataset';

jest.setTimeout(300_000);

const PATH = '/workspace/dimensions';

describe.each(realPostgres ? [['Postgres', false], ['PGlite', true]] : [['PGlite', true]])('workspace dimensions on %s', (_name, embedded) => {
  let db: ReturnType<typeof databaseEnv>;
  let server: Server;
  const now = Date.now();

  beforeAll(async () => {
    db = databaseEnv(embedded as boolean);
    server = await startServer(db.env, { LOG_LEVEL: 'warn', PARLEY_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server?.stop();
    db?.cleanup();
  });

  const get = (headers: Record<string, string>, path = PATH) => apiCall(server.url, 'GET', path, undefined, headers);
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('lists teams and tags by conversations then name, with the counts without; read keys and members read it; another workspace never shows', async () => {
    const a = await newWorkspace(db.env, 'dims-a');
    const b = await newWorkspace(db.env, 'dims-b');
    await ingestAll(server.url, a.key, teamsEvents(now, 'a'));
    // B: its own teams and tags, and one of A's names with more conversations than A has.
    const bConversations = [
      { id: 'b1', channel: 'sms', team: 'Secret team B', tags: ['b-only'], hoursAgo: 5, replyMinutes: 1 },
      ...[1, 2, 3, 4].map((i) => ({ id: `b-sales-${i}`, channel: 'sms', team: 'Sales', tags: ['vip'], hoursAgo: 6 + i, replyMinutes: 1 })),
    ];
    await ingestAll(server.url, b.key, teamsEvents(now, 'b', bConversations));

    const expected = expectedDimensions();
    // The fixture's own order: Sales (3) before "Billing, EU" (2); pricing (3), vip (2), "refund, partial" (1).
    expect(expected.teams.map((t) => t.name)).toEqual(['Sales', 'Billing, EU']);
    const reader = await get(bearer(await newKey(db.env, a.name, 'read')));
    expect(reader.status).toBe(200);
    expect(WorkspaceDimensionsSchema.parse(reader.json)).toEqual(expected);
    expect(reader.json).toEqual({
      teams: [
        { name: 'Sales', conversations: 3 },
        { name: 'Billing, EU', conversations: 2 },
      ],
      tags: [
        { name: 'pricing', conversations: 3 },
        { name: 'vip', conversations: 2 },
        { name: 'refund, partial', conversations: 1 },
      ],
      withoutTeam: 2,
      withoutTags: 2,
      truncated: { teams: false, tags: false },
    });

    // A signed-in member reads it too (any signed-in user may read metrics).
    const member = await sessionHeaders(server.url, db.env, a.name, 'member', '198.51.100.7');
    expect(await get(member)).toEqual(reader);

    const fromB = await get(bearer(b.key));
    expect(fromB.json.teams).toEqual([
      { name: 'Sales', conversations: 4 },
      { name: 'Secret team B', conversations: 1 },
    ]);
    expect(JSON.stringify(reader.json)).not.toContain('Secret team B');
    expect(JSON.stringify(reader.json)).not.toContain('b-only');

    // The counts are the filters' own: team=Sales over all of A's conversations is the picker's 3.
    const from = new Date(now - 200 * 3_600_000).toISOString().slice(0, 10);
    const overview = await get(bearer(a.key), `/metrics/overview?from=${from}&to=${new Date(now + 86_400_000).toISOString().slice(0, 10)}&tz=UTC&team=Sales&team=${encodeURIComponent('Billing, EU')}`);
    expect(overview.status).toBe(200);
    expect(overview.json.current.conversations).toBe(3 + 2);
    const untagged = await get(bearer(a.key), `/metrics/overview?from=${from}&to=${new Date(now + 86_400_000).toISOString().slice(0, 10)}&tz=UTC&tag=none`);
    expect(untagged.json.current.conversations).toBe(TEAMS_CONVERSATIONS.filter((c) => c.tags.length === 0).length);
  });

  it('is empty for a workspace without conversations, 401 without credentials, 403 for an ingest-only key', async () => {
    const empty = await newWorkspace(db.env, 'dims-empty', 'ingest');
    expect((await get(bearer(empty.key))).status).toBe(403);
    expect((await get({})).status).toBe(401);
    const reader = await get(bearer(await newKey(db.env, empty.name, 'read')));
    expect(reader).toEqual({ status: 200, json: { teams: [], tags: [], withoutTeam: 0, withoutTags: 0, truncated: { teams: false, tags: false } } });
  });

  it(`lists at most ${MAX_DIMENSION_VALUES} of each and says it was cut`, async () => {
    const ws = await newWorkspace(db.env, 'dims-many');
    // One more team than the cap; team-000 has two conversations, so it comes first.
    const conversations = Array.from({ length: MAX_DIMENSION_VALUES + 1 }, (_, i) => ({
      id: `m${i}`,
      channel: 'sms',
      team: `team-${String(i).padStart(3, '0')}`,
      tags: [`tag-${String(i).padStart(3, '0')}`],
      hoursAgo: 2,
      replyMinutes: 1,
    }));
    conversations.push({ ...conversations[0], id: 'm-extra' });
    await ingestAll(server.url, ws.key, teamsEvents(now, 'm', conversations));
    const { json } = await get(bearer(ws.key));
    expect(json.truncated).toEqual({ teams: true, tags: true });
    expect(json.teams).toHaveLength(MAX_DIMENSION_VALUES);
    expect(json.teams[0]).toEqual({ name: 'team-000', conversations: 2 });
    expect(json.teams[1]).toEqual({ name: 'team-001', conversations: 1 });
    // The last listed by name; team-500 is the one left out.
    expect(json.teams.at(-1).name).toBe(`team-${MAX_DIMENSION_VALUES - 1}`);
    expect(json.tags).toHaveLength(MAX_DIMENSION_VALUES);
    expect(json.withoutTeam).toBe(0);
  });
});
