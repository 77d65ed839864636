/**
 * The embedded database serves several connections (the API's pools, the CLI) on one PGlite
 * session: each connection must still get its own answers when they query at once.
 * PGlite cannot load inside jest's module system, so the check runs in a child process on the
 * built `openEmbedded`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/server';

jest.setTimeout(180_000);

const SCRIPT = `
import pg from 'pg';
import { openEmbedded } from ${JSON.stringify(join(ROOT, 'api/dist/database/embedded.js'))};
const db = await openEmbedded(process.argv[1]);
const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: db.url }));
await Promise.all(clients.map((c) => c.connect()));
const wrong = [];
let queries = 0;
// Each connection asks for its own values with parameters (Parse, Bind, Execute, Sync), all at
// once, one of them in transactions now and then; a mixed-up answer carries another's value.
await Promise.all(clients.map(async (c, n) => {
  for (let i = 0; i < 150; i++) {
    const mine = 'c' + n + '-q' + i + '-' + 'x'.repeat((i * 37) % 3000);
    const tx = n === 0 && i % 25 === 0;
    if (tx) await c.query('BEGIN');
    const r = await c.query('SELECT $1::text AS v, $2::int AS n', [mine, i]).catch((e) => ({ rows: [{ v: 'error: ' + e.message }] }));
    if (tx) await c.query('COMMIT');
    queries++;
    if (r.rows[0]?.v !== mine || r.rows[0]?.n !== i) wrong.push(mine.slice(0, 10) + ' got ' + String(r.rows[0]?.v).slice(0, 40));
  }
}));
await Promise.all(clients.map((c) => c.end()));
await db.stop();
console.log(JSON.stringify({ queries, wrong: wrong.slice(0, 5), wrongCount: wrong.length }));
process.exit(0);
`;

it('four connections querying at once each get their own answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-embedded-'));
  try {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, dir], { cwd: join(ROOT, 'api'), encoding: 'utf8', timeout: 150_000 });
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(result).toEqual({ queries: 600, wrong: [], wrongCount: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
