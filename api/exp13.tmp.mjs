import pg from 'pg';
import { to } from 'pg-copy-streams';
import fs from 'fs';
const mk = async () => { const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' }); await c.connect(); return c; };
const clients = [await mk(), await mk(), await mk()];
const PAGE = Number(process.argv[3] ?? 20000);
const src = fs.readFileSync('exp4.tmp.mjs', 'utf8');
const m = src.match(/const ts = [\s\S]*?\+ ` \|\| E'\\\\r\\\\n'`;/)[0];
const line = eval(m.replace(/^const /gm, 'var ') + '; line');
function unframe(buf) {
  let i = 19; const parts = []; let total = 0;
  while (i < buf.length) { const n = buf.readInt16BE(i); if (n === -1) break; const len = buf.readInt32BE(i + 2); parts.push(buf.subarray(i + 6, i + 6 + len)); total += len; i += 6 + len; }
  return Buffer.concat(parts, total);
}
const after = (a) => a ? ` AND e.occurred_at >= ${pg.escapeLiteral(a[0])}::timestamptz AND (e.occurred_at, e.event_id) > (${pg.escapeLiteral(a[0])}::timestamptz, ${pg.escapeLiteral(a[1])})` : '';
async function bound(a) {
  const r = await clients[2].query(`SELECT occurred_at::text AS k1, event_id AS k2 FROM events e WHERE e.workspace_id = 1 ${after(a)} ORDER BY occurred_at, event_id OFFSET ${PAGE - 1} LIMIT 1`);
  return r.rows[0] ? [r.rows[0].k1, r.rows[0].k2] : null;
}
async function page(client, a) {
  const chunks = [];
  for await (const c of client.query(to(`COPY (SELECT ${line} FROM events e WHERE e.workspace_id = 1 ${after(a)} ORDER BY e.occurred_at, e.event_id LIMIT ${PAGE}) TO STDOUT (FORMAT binary)`))) chunks.push(c);
  return unframe(Buffer.concat(chunks));
}
const t0 = Date.now();
let bytes = 0, k = 0;
// keys: start of each page; compute next bound while pages run; 2 pages in flight
let start = null; let b = await bound(start);
const inflight = [page(clients[0], start)];
let starts = [b];
while (true) {
  const nextStart = starts.shift();
  let nb = nextStart ? bound(nextStart) : null;
  if (nextStart !== undefined && nextStart !== null) inflight.push(page(clients[++k % 2], nextStart));
  const data = await inflight.shift();
  bytes += data.length;
  if (nb) starts.push(await nb);
  if (!inflight.length) break;
}
const s = (Date.now() - t0) / 1000;
console.log(PAGE, bytes, 'bytes', s.toFixed(2), 's', Math.round(1e6 / s), 'rows/s; rss', Math.round(process.memoryUsage().rss/1e6));
for (const c of clients) await c.end();
