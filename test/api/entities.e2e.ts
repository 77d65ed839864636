/**
 * The entities describe the schema the migrations make (the migrations stay its only source;
 * synchronize is off): after migrating, TypeORM's schema builder has nothing to change, and every
 * table has an entity. Checked on Postgres (DATABASE_URL) and on embedded PGlite.
 * TypeORM's entity metadata needs the compiled decorators, and PGlite cannot load inside jest's
 * module system, so the check runs in a child process on the built `api/dist`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, realPostgres } from '../support/server';

jest.setTimeout(180_000);

const dist = (path: string) => JSON.stringify(join(ROOT, 'api/dist', path));

const SCRIPT = `
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from ${dist('database/schema.js')};
import { openEmbedded } from ${dist('database/embedded.js')};
const [url, dir] = process.argv.slice(1);
const db = url ? { url, stop: async () => {} } : await openEmbedded(dir);
const ds = new DataSource({ type: 'postgres', url: db.url, entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false });
await ds.initialize();
await ds.runMigrations();
const log = await ds.driver.createSchemaBuilder().log();
const tables = await ds.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1");
await ds.destroy();
await db.stop();
console.log(JSON.stringify({
  upQueries: log.upQueries.map((q) => q.query),
  tables: tables.map((r) => r.t),
  entityTables: ds.entityMetadatas.map((m) => m.tableName).sort(),
}));
process.exit(0);
`;

function check(args: string[]): { upQueries: string[]; tables: string[]; entityTables: string[] } {
  // TypeORM's schema builder reads the catalog with overlapping queries on one client, which pg 8
  // reports as deprecated on stderr: not this check's concern.
  const r = spawnSync(process.execPath, ['--no-deprecation', '--input-type=module', '-e', SCRIPT, ...args], { cwd: join(ROOT, 'api'), encoding: 'utf8', timeout: 150_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function expectMatch(result: ReturnType<typeof check>) {
  expect(result.upQueries).toEqual([]);
  expect(result.tables.length).toBeGreaterThanOrEqual(17);
  expect(result.entityTables).toEqual(result.tables);
}

(realPostgres ? it : it.skip)('on Postgres, the migrated schema is what the entities say', () => {
  expectMatch(check([process.env.DATABASE_URL!, '']));
});

it('on embedded PGlite, the migrated schema is what the entities say', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-entities-'));
  try {
    expectMatch(check(['', dir]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
