import pg from 'pg';
import { to } from 'pg-copy-streams';
const mk = async () => { const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' }); await c.connect(); return c; };
const clients = [await mk(), await mk()];
const PAGE = Number(process.argv[3] ?? 5000);
const mode = process.argv[4] ?? 'binary';
const ts = (col) => `coalesce(to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '')`;
const F = (x) => `CASE WHEN ascii(${x}) IN (9, 13, 43, 45, 61, 64) THEN '''' || ${x} ELSE ${x} END`;
const text = (x) => `CASE WHEN ${x} IS NULL THEN '' WHEN strpos(${x}, '"') = 0 AND strpos(${x}, ',') = 0 AND strpos(${x}, E'\\n') = 0 AND strpos(${x}, E'\\r') = 0 THEN ${F(x)} ELSE '"' || replace(${F(x)}, '"', '""') || '"' END`;
const json = (x) => `CASE WHEN ${x} IS NULL THEN '' ELSE '"' || replace(${x}, '"', '""') || '"' END`;
const num = (x) => `coalesce(${x}::text, '')`;
const line = [text('e.event_id'), 'e.type', ts('e.occurred_at'), text('e.conversation_id'), text('e.contact_id'), 'e.channel',
  `CASE WHEN e.sender_type IS NULL THEN '' ELSE '"{""type"":""' || e.sender_type || '""' || coalesce(',""id"":' || replace(to_json(e.sender_id)::text, '"', '""'), '') || '}"' END`,
  text('e.campaign_id'), text('e.message_id'), text('e.agent_id'), text('e.team'), num('e.rating'), num('e.value'), text('e.currency::text'),
  json('to_json(e.tags)::text'), json('e.attributes::text'), ts('e.received_at')].join(` || ',' || `) + ` || E'\\r\\n'`;
function unframe(buf) {
  // binary COPY: 19-byte header, then per tuple int16 count, int32 len, bytes; trailer int16 -1
  let i = 19; const parts = []; let total = 0;
  while (i < buf.length) { const n = buf.readInt16BE(i); if (n === -1) break; const len = buf.readInt32BE(i + 2); parts.push(buf.subarray(i + 6, i + 6 + len)); total += len; i += 6 + len; }
  return Buffer.concat(parts, total);
}
async function page(client, after) {
  const where = `e.workspace_id = 1` + (after ? ` AND (e.occurred_at, e.event_id) > (${pg.escapeLiteral(after[0])}::timestamptz, ${pg.escapeLiteral(after[1])})` : '');
  const t0=performance.now(); const b = await client.query(`SELECT occurred_at::text AS k1, event_id AS k2 FROM events e WHERE ${where} ORDER BY occurred_at, event_id OFFSET ${PAGE - 1} LIMIT 1`);
  const bound = b.rows[0] ? [b.rows[0].k1, b.rows[0].k2] : null;
  const upto = (after ? ` AND e.occurred_at >= ${pg.escapeLiteral(after[0])}::timestamptz` : '') + (bound ? ` AND e.occurred_at <= ${pg.escapeLiteral(bound[0])}::timestamptz` : '') + (bound ? ` AND (e.occurred_at, e.event_id) <= (${pg.escapeLiteral(bound[0])}::timestamptz, ${pg.escapeLiteral(bound[1])})` : '');
  const t1=performance.now(); T.bound+=t1-t0; const chunks = [];
  for await (const c of client.query(to(`COPY (SELECT ${line} FROM events e WHERE ${where}${upto} ORDER BY e.occurred_at, e.event_id) TO STDOUT (FORMAT binary)`))) chunks.push(c);
  const t2=performance.now(); T.copy+=t2-t1; const data=unframe(Buffer.concat(chunks)); T.unframe+=performance.now()-t2; return { data, bound };
}
const T={bound:0,copy:0,unframe:0}; const t0 = Date.now();
let bytes = 0, after = null, k = 0;
let p = await page(clients[0], null);
for (;;) {
  const next = p.bound ? page(clients[++k % 2], p.bound) : null;
  bytes += p.data.length;
  if (!next) break;
  p = await next;
}
const s = (Date.now() - t0) / 1000;
console.log(PAGE, bytes, 'bytes', s.toFixed(2), 's', Math.round(1e6 / s), 'rows/s; rss', Math.round(process.memoryUsage().rss/1e6));
console.log(T); for (const c of clients) await c.end();
