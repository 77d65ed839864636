import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateEvents } from '@parley/shared/generate';
import { ROOT, type Server, cli, databaseEnv, databaseUrl, ingestAll, newWorkspace, startServer } from '../support/server';

jest.setTimeout(600_000);

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let dir: string;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn' });
  dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function query<T>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl(db.env) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const eventCount = async (workspace: string) =>
  Number((await query<{ n: string }>(`SELECT count(*) AS n FROM events JOIN workspaces USING (workspace_id) WHERE name = $1`, [workspace]))[0].n);

it('imports NDJSON, reports bad lines with their reasons in a side file, and counts a re-run as duplicates', async () => {
  const events = generateEvents({ events: 12_000, seed: 31 });
  const lines = events.map((e) => JSON.stringify(e));
  lines.splice(10, 0, '{"id": oops', '', JSON.stringify({ ...events[0], id: 'bad-rating', type: 'csat.submitted', rating: 9 }));
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, lines.join('\n') + '\n');
  const ws = await newWorkspace(db.env, 'import-ndjson');

  const first = await cli(['import', file, '--workspace', ws.name], db.env);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain(`imported ${events.length + 2} rows: ${events.length} accepted, 0 duplicates, 2 rejected`);
  // Not a terminal: plain progress lines on stderr.
  expect(first.stderr).toMatch(/import: +\d+% +[\d,]+ rows +[\d,]+ rows\/s +ETA/);
  const rejected = readFileSync(`${file}.rejected.ndjson`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(rejected).toEqual([
    { line: 11, errors: [expect.stringMatching(/^line: not valid JSON/)] },
    { line: 13, id: 'bad-rating', errors: ['rating: must be an integer from 1 to 5'] },
  ]);
  expect(await eventCount(ws.name)).toBe(events.length);

  const again = await cli(['import', file, '--workspace', ws.name], db.env);
  expect(again.stdout).toContain(`${events.length + 2} rows: 0 accepted, ${events.length} duplicates, 2 rejected`);
  expect(await eventCount(ws.name)).toBe(events.length);
});

it('resumes an interrupted import where its last committed batch ended', async () => {
  const events = generateEvents({ events: 60_000, seed: 32 });
  const file = join(dir, 'big.ndjson');
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const ws = await newWorkspace(db.env, 'import-resume');
  const checkpoint = `${file}.parley-import.json`;

  // Start, and kill it hard once a checkpoint says some batches are committed.
  const child = spawn(process.execPath, [join(ROOT, 'api/dist/cli/cli.js'), 'import', file, '--workspace', ws.name], { env: { ...process.env, ...db.env }, stdio: 'ignore' });
  const exited = new Promise((done) => child.once('exit', done));
  for (let i = 0; i < 600 && !(existsSync(checkpoint) && JSON.parse(readFileSync(checkpoint, 'utf8')).rows >= 10_000); i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await exited;
  const done = JSON.parse(readFileSync(checkpoint, 'utf8')).rows as number;
  expect(done).toBeGreaterThanOrEqual(10_000);
  expect(done).toBeLessThan(events.length);

  const resumed = await cli(['import', file, '--workspace', ws.name], db.env);
  expect(resumed.code).toBe(0);
  expect(resumed.stdout).toContain(`resumed after ${done} rows`);
  const m = /imported (\d+) rows: (\d+) accepted, (\d+) duplicates, 0 rejected/.exec(resumed.stdout)!;
  expect(Number(m[1])).toBe(events.length - done);
  expect(await eventCount(ws.name)).toBe(events.length);
  expect(existsSync(checkpoint)).toBe(false);
});

it('imports its own events export (CSV) into another workspace with identical facts', async () => {
  const events = generateEvents({ events: 8_000, seed: 33 });
  const source = await newWorkspace(db.env, 'import-csv-source');
  await ingestAll(server.url, source.key, events);
  const r = await fetch(`${server.url}/api/v1/exports/events.csv?from=2026-08-01&to=2026-12-01&tz=UTC`, { headers: { authorization: `Bearer ${source.key}` } });
  const file = join(dir, 'export.csv');
  writeFileSync(file, await r.text());

  const target = await newWorkspace(db.env, 'import-csv-target');
  const imported = await cli(['import', file, '--workspace', target.name], db.env);
  expect(imported.stdout).toContain(`imported ${events.length} rows: ${events.length} accepted, 0 duplicates, 0 rejected`);
  const facts = (name: string) =>
    query<{ row: unknown }>(
      `SELECT to_jsonb(f) - 'workspace_id' - 'updated_at' AS row FROM conversation_facts f JOIN workspaces w USING (workspace_id) WHERE w.name = $1 ORDER BY conversation_id`,
      [name],
    );
  const [a, b] = await Promise.all([facts(source.name), facts(target.name)]);
  expect(b.length).toBe(a.length);
  expect(b).toEqual(a);
});

it('refuses bad arguments clearly', async () => {
  expect((await cli(['import', join(dir, 'missing.ndjson'), '--workspace', 'x'], db.env)).stderr).toMatch(/no such file/);
  const file = join(dir, 'x.ndjson');
  writeFileSync(file, '\n');
  expect((await cli(['import', file], db.env)).stderr).toMatch(/--workspace is required/);
  expect((await cli(['import', file, '--workspace', 'x', '--format', 'xml'], db.env)).stderr).toMatch(/--format must be ndjson or csv/);
});

it('imports the IBM Twitter customer-care dataset: every published message count is reproduced', async () => {
  const ws = await newWorkspace(db.env, 'import-twitter');
  let conversations = 0;
  const published = new Map<string, number>();
  for (const name of ['dev.json', 'test.json']) {
    const file = join(ROOT, 'fixtures/ibm-twitter-customer-care', name);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { dialogHeader: { sessionID: string; messageCount: string } }[];
    for (const c of data) published.set(`tw-${c.dialogHeader.sessionID}`, Number(c.dialogHeader.messageCount));
    conversations += data.length;
    const r = await cli(['import', 'twitter-care', file, '--workspace', ws.name], db.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported \d+ rows: \d+ accepted, 0 duplicates, 0 rejected/);
  }
  expect(conversations).toBe(1025);
  const rows = await query<{ conversation_id: string; messages: number; channel: string; resolved: boolean }>(
    `SELECT conversation_id, messages_in + messages_out AS messages, channel, resolved_at IS NOT NULL AS resolved
       FROM conversation_facts JOIN workspaces USING (workspace_id) WHERE name = $1`,
    [ws.name],
  );
  expect(rows).toHaveLength(published.size);
  for (const row of rows) {
    expect(row.channel).toBe('twitter');
    expect(row.resolved).toBe(true);
    expect(row.messages).toBe(published.get(row.conversation_id));
  }
  const again = await cli(['import', 'twitter-care', join(ROOT, 'fixtures/ibm-twitter-customer-care/dev.json'), '--workspace', ws.name], db.env);
  expect(again.stdout).toMatch(/imported (\d+) rows: 0 accepted, \1 duplicates, 0 rejected/);
});
