import fs from 'fs';
const src = fs.readFileSync('exp4.tmp.mjs', 'utf8');
const m = src.match(/const ts = [\s\S]*?\+ ` \|\| E'\\\\r\\\\n'`;/)[0];
const line = eval(m.replace(/^const /gm, 'var ') + '; line');
console.log(`\\timing on\nSET jit=off;\nCOPY (SELECT ${line} FROM events e WHERE e.workspace_id = 1 ORDER BY e.occurred_at, e.event_id) TO '/dev/null' (FORMAT binary);`);
