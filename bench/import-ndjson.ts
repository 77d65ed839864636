/**
 * The generic importer on a big NDJSON file: rate and the CLI process's peak memory.
 *   DATABASE_URL=… npx tsx bench/import-ndjson.ts [--events 1000000]
 * Writes the file once (streamed), imports it into a new workspace with the CLI, and reports
 * rows/s and peak RSS (sampled from /proc every 100 ms).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateEvents } from '@parley/shared/generate';
import { ROOT, cli, databaseEnv, rssBytes } from '../test/support/server';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const total = Number(values.events);

async function main() {
  const file = join(tmpdir(), `parley-bench-${total}.ndjson`);
  if (!existsSync(file)) {
    const out = createWriteStream(file);
    // In slices, so the generator's memory stays small too; distinct seeds give distinct ids.
    for (let made = 0, slice = 0; made < total; slice++) {
      const n = Math.min(100_000, total - made);
      const events = generateEvents({ events: n, seed: 1000 + slice }).slice(0, n);
      for (const e of events) if (!out.write(JSON.stringify({ ...e, id: `s${slice}-${e.id}`, conversationId: `s${slice}-${e.conversationId}` }) + '\n')) await once(out, 'drain');
      made += n;
    }
    out.end();
    await once(out, 'finish');
  }
  console.log(`file: ${file}, ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB, ${total} events`);

  const db = databaseEnv();
  const workspace = `bench-import-${Date.now()}`;
  await cli(['workspace', 'create', workspace], db.env);
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'api/dist/cli/cli.js'), 'import', file, '--workspace', workspace], { env: { ...process.env, ...db.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(child.pid!));
    } catch {
      // exited
    }
  }, 100);
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  await once(child, 'exit');
  clearInterval(sampler);
  const seconds = (Date.now() - t0) / 1000;
  console.log(stdout.trim());
  console.log(`import: ${total} events in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} events/s; CLI peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB (${db.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`);
  db.cleanup();
  if (process.env.KEEP !== '1') rmSync(file, { force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
