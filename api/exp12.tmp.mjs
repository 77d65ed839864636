import pg from 'pg';
import { to } from 'pg-copy-streams';
import fs from 'fs';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' }); await c.connect();
const src = fs.readFileSync('exp4.tmp.mjs', 'utf8');
const m = src.match(/const ts = [\s\S]*?\+ ` \|\| E'\\\\r\\\\n'`;/)[0];
const line = eval(m.replace(/^const /gm, 'var ') + '; line');
for (const lim of [200000, 20000, 200000]) {
  const t = performance.now(); let n = 0, chunks = 0;
  for await (const ch of c.query(to(`COPY (SELECT ${line}, e.occurred_at::text, e.event_id FROM events e WHERE e.workspace_id = 1 ORDER BY e.occurred_at, e.event_id LIMIT ${lim}) TO STDOUT (FORMAT binary)`))) { n += ch.length; chunks++; }
  console.log(lim, 'rows', n, 'bytes', chunks, 'chunks', (performance.now() - t).toFixed(0), 'ms');
}
await c.end();
