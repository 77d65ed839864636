import pg from 'pg';
import { to } from 'pg-copy-streams';
const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' });
await client.connect();
const PAGE = Number(process.argv[3] ?? 5000);
const cols = require => 0;
const F = (x) => `CASE WHEN ascii(${x}) IN (9, 13, 43, 45, 61, 64) THEN '''' || ${x} ELSE ${x} END`;
const ts = (x) => `to_char(${x} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const select = `${F('e.event_id')}, e.type, ${ts('e.occurred_at')}, ${F('e.conversation_id')}, ${F('e.contact_id')}, e.channel,
 '{"type":"' || e.sender_type || '"' || coalesce(',"id":' || to_json(e.sender_id)::text, '') || '}',
 ${F('e.campaign_id')}, ${F('e.message_id')}, ${F('e.agent_id')}, ${F('e.team')}, e.rating, e.value, e.currency, to_json(e.tags), e.attributes, ${ts('e.received_at')}`;
function crlf(buf) {
  const at = [];
  let q = false;
  for (let i = 0; i < buf.length; i++) { const b = buf[i]; if (b === 34) q = !q; else if (b === 10 && !q) at.push(i); }
  const out = Buffer.allocUnsafe(buf.length + at.length);
  let src = 0, dst = 0;
  for (const i of at) { dst += buf.copy(out, dst, src, i); out[dst++] = 13; out[dst++] = 10; src = i + 1; }
  buf.copy(out, dst, src);
  return out;
}
async function page(after) {
  const where = `e.workspace_id = 1` + (after ? ` AND (e.occurred_at, e.event_id) > (${pg.escapeLiteral(after[0])}::timestamptz, ${pg.escapeLiteral(after[1])})` : '');
  const b = await client.query(`SELECT occurred_at::text AS k1, event_id AS k2 FROM events e WHERE ${where} ORDER BY occurred_at, event_id OFFSET ${PAGE - 1} LIMIT 1`);
  const bound = b.rows[0] ? [b.rows[0].k1, b.rows[0].k2] : null;
  const upto = bound ? ` AND (e.occurred_at, e.event_id) <= (${pg.escapeLiteral(bound[0])}::timestamptz, ${pg.escapeLiteral(bound[1])})` : '';
  const chunks = [];
  for await (const c of client.query(to(`COPY (SELECT ${select} FROM events e WHERE ${where}${upto} ORDER BY e.occurred_at, e.event_id) TO STDOUT (FORMAT csv)`))) chunks.push(c);
  const tc = performance.now(); const data = crlf(Buffer.concat(chunks)); crlfMs += performance.now() - tc;
  return { data, bound };
}
let crlfMs = 0; const t0 = Date.now();
let bytes = 0, after = null, lines = 0;
for (;;) {
  const p = await page(after);
  bytes += p.data.length;
  if (!p.bound) break;
  after = p.bound;
}
const s = (Date.now() - t0) / 1000;
console.log(PAGE, bytes, 'bytes', s.toFixed(2), 's', Math.round(1e6 / s), 'rows/s; crlf ms', Math.round(crlfMs), 'rss', Math.round(process.memoryUsage().rss/1e6));
await client.end();
