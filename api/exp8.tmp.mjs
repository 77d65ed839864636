import pg from 'pg';
import { to } from 'pg-copy-streams';
import fs from 'fs';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/' + process.argv[2], options: '-c jit=off' }); await c.connect();
const mode = process.argv[3];
let sql;
if (mode === 'csv') sql = `COPY (${fs.readFileSync('/tmp/exp/copy2.sql','utf8')}) TO STDOUT (FORMAT csv)`;
else { const p7 = fs.readFileSync('/tmp/exp/p7.sql','utf8'); sql = p7.split('\n').find(l => l.startsWith('COPY')).replace("TO '/dev/null'", 'TO STDOUT').replace(/;$/, ''); }
function crlf(buf, st) {
  const at = [];
  let q = st.q;
  for (let i = 0; i < buf.length; i++) { const b = buf[i]; if (b === 34) q = !q; else if (b === 10 && !q) at.push(i); }
  st.q = q;
  const out = Buffer.allocUnsafe(buf.length + at.length);
  let src = 0, dst = 0;
  for (const i of at) { dst += buf.copy(out, dst, src, i); out[dst++] = 13; out[dst++] = 10; src = i + 1; }
  buf.copy(out, dst, src);
  return out;
}
const t0 = performance.now(); let bytes = 0; const st = { q: false }; let rest = Buffer.alloc(0); let skip = 19;
for await (const ch of c.query(to(sql))) {
  if (mode === 'csv') bytes += crlf(ch, st).length;
  else {
    let buf = rest.length ? Buffer.concat([rest, ch]) : ch; let i = skip; skip = 0; const parts = [];
    while (i + 6 <= buf.length) { const n = buf.readInt16BE(i); if (n === -1) { i += 2; break; } const len = buf.readInt32BE(i + 2); if (i + 6 + len > buf.length) break; parts.push(buf.subarray(i + 6, i + 6 + len)); i += 6 + len; }
    rest = buf.subarray(i); bytes += Buffer.concat(parts).length;
  }
}
const s = (performance.now() - t0) / 1000;
console.log(mode, bytes, s.toFixed(2), 's', Math.round(1e6 / s), 'rows/s');
await c.end();
