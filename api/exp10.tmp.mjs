import fs from 'fs';
const src = fs.readFileSync('exp4.tmp.mjs', 'utf8');
const m = src.match(/const ts = [\s\S]*?\+ ` \|\| E'\\\\r\\\\n'`;/)[0];
const line = eval(m.replace(/^const /gm, 'var ') + '; line');
console.log(`SET jit=off; EXPLAIN (ANALYZE, BUFFERS) SELECT ${line}, e.occurred_at::text, e.event_id FROM events e WHERE e.workspace_id = 1 AND e.occurred_at >= '2026-10-01' AND (e.occurred_at, e.event_id) > ('2026-10-01'::timestamptz, 'x') ORDER BY e.occurred_at, e.event_id LIMIT 20000;`);
