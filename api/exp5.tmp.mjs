import pg from 'pg';
import { to } from 'pg-copy-streams';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' }); await c.connect();
for (const fmt of ['csv', 'binary', 'csv', 'binary']) {
  const t = performance.now();
  let n = 0;
  for (let i = 0; i < 20; i++) {
    for await (const ch of c.query(to(`COPY (SELECT event_id, type FROM events WHERE workspace_id = 1 ORDER BY occurred_at, event_id OFFSET ${i*5000} LIMIT 5000) TO STDOUT (FORMAT ${fmt})`))) n += ch.length;
  }
  const t2 = performance.now();
  for (let i = 0; i < 20; i++) await c.query(`SELECT event_id, type FROM events WHERE workspace_id = 1 ORDER BY occurred_at, event_id OFFSET ${i*5000} LIMIT 5000`);
  console.log(fmt, ((t2 - t) / 20).toFixed(1), 'ms per copy page;', ((performance.now() - t2) / 20).toFixed(1), 'ms per select page', n);
}
await c.end();
