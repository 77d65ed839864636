import pg from 'pg';
import { to } from 'pg-copy-streams';
import fs from 'fs';
const mk = async () => { const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' }); await c.connect(); return c; };
const clients = [await mk(), await mk()];
const PAGE = Number(process.argv[3] ?? 5000);
const src = fs.readFileSync('exp4.tmp.mjs', 'utf8');
const m = src.match(/const ts = [\s\S]*?\+ ` \|\| E'\\\\r\\\\n'`;/)[0];
const line = eval(m.replace(/^const /gm, 'var ') + '; line');
function unframe(buf) {
  let i = 19; const parts = []; let total = 0; let key = null;
  while (i < buf.length) {
    const n = buf.readInt16BE(i); if (n === -1) break; i += 2;
    const len = buf.readInt32BE(i); parts.push(buf.subarray(i + 4, i + 4 + len)); total += len; i += 4 + len;
    const l1 = buf.readInt32BE(i); const k1s = i + 4; i += 4 + l1; const l2 = buf.readInt32BE(i); const k2s = i + 4; i += 4 + l2;
    key = [k1s, l1, k2s, l2];
  }
  return { data: Buffer.concat(parts, total), after: key && [buf.toString('utf8', key[0], key[0] + key[1]), buf.toString('utf8', key[2], key[2] + key[3])], rows: parts.length };
}
async function page(client, after) {
  const where = `e.workspace_id = 1` + (after ? ` AND e.occurred_at >= ${pg.escapeLiteral(after[0])}::timestamptz AND (e.occurred_at, e.event_id) > (${pg.escapeLiteral(after[0])}::timestamptz, ${pg.escapeLiteral(after[1])})` : '');
  const chunks = [];
  for await (const c of client.query(to(`COPY (SELECT ${line}, e.occurred_at::text, e.event_id FROM events e WHERE ${where} ORDER BY e.occurred_at, e.event_id LIMIT ${PAGE}) TO STDOUT (FORMAT binary)`))) chunks.push(c);
  return unframe(Buffer.concat(chunks));
}
const t0 = Date.now();
let bytes = 0, k = 0;
let p = await page(clients[0], null);
for (;;) {
  const next = p.rows === PAGE ? page(clients[++k % 2], p.after) : null;
  bytes += p.data.length;
  if (!next) break;
  p = await next;
}
const s = (Date.now() - t0) / 1000;
console.log(PAGE, bytes, 'bytes', s.toFixed(2), 's', Math.round(1e6 / s), 'rows/s; rss', Math.round(process.memoryUsage().rss/1e6));
for (const c of clients) await c.end();
