/**
 * How fast one 10,000-event batch is ingested (validated, stored, facts maintained, committed),
 * through the real API on the database of DATABASE_URL (else embedded PGlite).
 *   npx tsx bench/ingest-batch.ts [--batches 10] [--size 10000]
 * Each batch is fresh events (new ids) of realistic conversations; prints events/s per batch.
 */
import { parseArgs } from 'node:util';
import { generateEvents } from '@parley/shared/generate';
import { databaseEnv, newWorkspace, post, startServer } from '../test/support/server';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '10' }, size: { type: 'string', default: '10000' } } });
const batches = Number(values.batches);
const size = Number(values.size);

async function main() {
  const db = databaseEnv();
  const server = await startServer(db.env, { LOG_LEVEL: 'warn' });
  try {
    const ws = await newWorkspace(db.env, 'bench-ingest');
    const events = generateEvents({ events: batches * size, seed: 123 });
    const rates: number[] = [];
    for (let i = 0; i < batches; i++) {
      const batch = events.slice(i * size, (i + 1) * size);
      const body = JSON.stringify(batch);
      const t0 = performance.now();
      const r = await post(server.url, ws.key, body);
      const ms = performance.now() - t0;
      if (r.status !== 200 || r.json.accepted !== batch.length) throw new Error(`batch ${i}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
      rates.push(batch.length / (ms / 1000));
      console.log(`batch ${i + 1}/${batches}: ${batch.length} events in ${ms.toFixed(0)} ms = ${Math.round(rates.at(-1)!)} events/s`);
    }
    const sorted = [...rates].sort((a, b) => a - b);
    console.log(`median ${Math.round(sorted[Math.floor(sorted.length / 2)])} events/s over ${batches} batches of ${size} (${db.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`);
  } finally {
    await server.stop();
    db.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
