import { Client } from 'pg';
import { DATABASE_TIMEOUT, LIFT_STATEMENT_TIMEOUT, boundedClient } from '../../api/src/database/bounded-client';
import { databaseEnv, databaseUrl } from '../support/server';

jest.setTimeout(60_000);

/**
 * The client-side bound on every statement (database/bounded-client.ts), and its lifting: a
 * migration's backfill runs LIFT_STATEMENT_TIMEOUT first and may then take minutes, until its
 * transaction ends (the bench's upgrade of a 10M-event database was cut at 35 s).
 */
// The bound is the client's; PGlite runs one statement at a time with no timers, so a sleep there
// would hold every other suite's database: this runs on real Postgres (as npm test does).
const onPostgres = Boolean(process.env.DATABASE_URL);
const test = onPostgres ? it : it.skip;
if (!onPostgres) console.warn('bounded-client.e2e: skipped without DATABASE_URL (real Postgres)');

let db: ReturnType<typeof databaseEnv>;
beforeAll(() => {
  db = databaseEnv();
});
afterAll(() => db?.cleanup());

async function connect(timeoutMs: number): Promise<Client> {
  const Bounded = boundedClient(timeoutMs);
  const client = new Bounded({ connectionString: databaseUrl(db.env) }) as Client;
  client.on('error', () => {});
  await client.connect();
  return client;
}

test('cuts a statement that takes longer than the bound', async () => {
  const client = await connect(300);
  await expect(client.query('SELECT pg_sleep(1)')).rejects.toMatchObject({ code: DATABASE_TIMEOUT });
  await client.end().catch(() => {});
});

test('waits inside a transaction that lifted statement_timeout, and bounds again once it ends', async () => {
  const client = await connect(300);
  await client.query('BEGIN');
  await client.query(LIFT_STATEMENT_TIMEOUT);
  expect((await client.query('SELECT pg_sleep(0.6), 1 AS ok')).rows[0].ok).toBe(1);
  await client.query('COMMIT');
  await expect(client.query('SELECT pg_sleep(1)')).rejects.toMatchObject({ code: DATABASE_TIMEOUT });
  await client.end().catch(() => {});
});
