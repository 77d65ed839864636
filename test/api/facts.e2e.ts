import { Client } from 'pg';
import { generateEvents, randomBatches, rng, shuffle } from '../support/generate';
import { type Server, cli, databaseEnv, databaseUrl, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(600_000);

/**
 * The incremental facts (kept on every ingest) must equal a rebuild from scratch, whatever the
 * order, batch split and duplicates the events arrived with.
 */
const EVENTS = generateEvents({ events: 20_000, seed: 7 });

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let client: Client;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  client = new Client({ connectionString: databaseUrl(db.env) });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await server?.stop();
  db?.cleanup();
});

async function factRows(workspace: string): Promise<Record<string, unknown>[]> {
  // Every fact column, in text form (exact), without the bookkeeping ones.
  const { rows } = await client.query(
    `SELECT to_jsonb(f) - 'workspace_id' - 'updated_at' AS row
       FROM conversation_facts f JOIN workspaces w USING (workspace_id)
      WHERE w.name = $1 ORDER BY f.conversation_id`,
    [workspace],
  );
  return rows.map((r) => r.row);
}

async function ingest(url: string, key: string, batches: unknown[][], concurrency: number) {
  const totals = { accepted: 0, duplicates: 0, rejected: 0 };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const r = await post(url, key, batch);
      if (r.status !== 200) throw new Error(`batch answered ${r.status}: ${JSON.stringify(r.json)}`);
      totals.accepted += r.json.accepted;
      totals.duplicates += r.json.duplicates;
      totals.rejected += r.json.rejected.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return totals;
}

it(`generated ${EVENTS.length} events: shuffled random batches with duplicates give the facts of a rebuild, row by row`, async () => {
  expect(EVENTS.length).toBeGreaterThanOrEqual(20_000);
  const a = await newWorkspace(db.env, 'facts-shuffled');
  const b = await newWorkspace(db.env, 'facts-sorted');

  // Workspace A: shuffled, random batches of 1–1500, ~10% of events sent twice (some in the same
  // batch, some much later), two clients at once.
  const random = rng(99);
  const withDuplicates = [...EVENTS, ...EVENTS.filter(() => random() < 0.1)];
  const batches = randomBatches(shuffle(withDuplicates, 3), 1500, 5);
  const totals = await ingest(server.url, a.key, batches, 2);
  expect(totals).toEqual({ accepted: EVENTS.length, duplicates: withDuplicates.length - EVENTS.length, rejected: 0 });

  // A whole batch retried after a "timeout" is all duplicates.
  const retry = await post(server.url, a.key, batches[0]);
  expect(retry.json).toEqual({ accepted: 0, duplicates: batches[0].length, rejected: [] });

  // Workspace B: the same events sorted, in order, in big batches.
  const sorted = [...EVENTS].sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt));
  await ingest(server.url, b.key, randomBatches(sorted, 10_000, 1), 1);

  const incremental = await factRows(a.name);
  const conversations = new Set(EVENTS.map((e) => e.conversationId));
  expect(incremental).toHaveLength(conversations.size);
  // Against the generator: every event is counted once.
  const sum = (k: string) => incremental.reduce((s, r) => s + (r[k] as number), 0);
  expect(sum('events')).toBe(EVENTS.length);
  expect(sum('messages_in')).toBe(EVENTS.filter((e) => e.type === 'message.received').length);
  expect(sum('messages_out')).toBe(EVENTS.filter((e) => e.type === 'message.sent').length);
  expect(sum('conversions')).toBe(EVENTS.filter((e) => e.type === 'conversion').length);

  expect(await factRows(b.name)).toEqual(incremental);

  const rebuilt = await cli(['facts', 'rebuild', '--workspace', a.name], db.env);
  expect(rebuilt.code).toBe(0);
  expect(rebuilt.stdout).toContain(`${conversations.size} conversations`);
  const fromScratch = await factRows(a.name);
  expect(fromScratch).toHaveLength(incremental.length);
  for (let i = 0; i < incremental.length; i++) expect(fromScratch[i]).toEqual(incremental[i]);
});

it('facts rebuild without --workspace rebuilds every workspace and leaves them unchanged', async () => {
  const ws = await newWorkspace(db.env, 'facts-all');
  await post(server.url, ws.key, EVENTS.slice(0, 500));
  const before = await factRows(ws.name);
  const r = await cli(['facts', 'rebuild'], db.env);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`rebuilt facts of '${ws.name}'`);
  expect(await factRows(ws.name)).toEqual(before);
});
