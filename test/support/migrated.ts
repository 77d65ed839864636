/**
 * Runs code against a freshly migrated schema in a child process on the built `api/dist`
 * (TypeORM's entity metadata needs the compiled decorators, and PGlite cannot load inside jest's
 * module system): on the Postgres of `url`, or on a new embedded PGlite when url is ''.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server';

const dist = (path: string) => JSON.stringify(join(ROOT, 'api/dist', path));

/**
 * `body`: the statements of an async function with `ds` (an initialized, migrated DataSource) in
 * scope, returning a JSON-able value, which this returns.
 */
export function onMigratedSchema<T>(url: string, body: string): T {
  const script = `
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from ${dist('database/schema.js')};
import { openEmbedded } from ${dist('database/embedded.js')};
const [url, dir] = process.argv.slice(1);
const db = url ? { url, stop: async () => {} } : await openEmbedded(dir);
const ds = new DataSource({ type: 'postgres', url: db.url, entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false });
await ds.initialize();
await ds.runMigrations();
const result = await (async () => { ${body} })();
await ds.destroy();
await db.stop();
console.log(JSON.stringify(result));
process.exit(0);
`;
  const dir = url ? '' : mkdtempSync(join(tmpdir(), 'parley-migrated-'));
  try {
    // TypeORM's schema builder reads the catalog with overlapping queries on one client, which pg 8
    // reports as deprecated on stderr: not a check's concern.
    const r = spawnSync(process.execPath, ['--no-deprecation', '--input-type=module', '-e', script, url, dir], { cwd: join(ROOT, 'api'), encoding: 'utf8', timeout: 150_000 });
    if (r.stderr !== '' || r.status !== 0) throw new Error(`the migrated-schema script failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
