import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/parley_bench_20261126011221', options: '-c jit=off' }); await c.connect();
const COLS = `conversation_id, channel, contact_id, started_at, last_event_at, first_customer_at, first_response_at, first_response_time, first_responder, agent_first_response_at, agent_first_response_time, agent_first_responder, reply_wait_starts, reply_times, agent_reply_wait_starts, agent_reply_times, has_response, automated, resolved_at, resolution_time, rating, rated_at, converted, conversions, revenue, messages_in, messages_out, events`;
const TYPES = `conversation_id text, channel text, contact_id text, started_at timestamptz, last_event_at timestamptz, first_customer_at timestamptz, first_response_at timestamptz, first_response_time double precision, first_responder text, agent_first_response_at timestamptz, agent_first_response_time double precision, agent_first_responder text, reply_wait_starts timestamptz[], reply_times double precision[], agent_reply_wait_starts timestamptz[], agent_reply_times double precision[], has_response boolean, automated boolean, resolved_at timestamptz, resolution_time double precision, rating smallint, rated_at timestamptz, converted boolean, conversions integer, revenue jsonb, messages_in integer, messages_out integer, events integer`;
// rows as the app builds them: ISO strings
const rows = (await c.query(`SELECT conversation_id, channel, contact_id, to_json(started_at) #>> '{}' AS started_at, to_json(last_event_at) #>> '{}' AS last_event_at, to_json(first_customer_at) #>> '{}' AS first_customer_at, to_json(first_response_at) #>> '{}' AS first_response_at, first_response_time, first_responder, to_json(agent_first_response_at) #>> '{}' AS agent_first_response_at, agent_first_response_time, agent_first_responder, array_to_json(reply_wait_starts) AS reply_wait_starts, reply_times, array_to_json(agent_reply_wait_starts) AS agent_reply_wait_starts, agent_reply_times, has_response, automated, to_json(resolved_at) #>> '{}' AS resolved_at, resolution_time, rating, to_json(rated_at) #>> '{}' AS rated_at, converted, conversions, revenue, messages_in, messages_out, events FROM conversation_facts WHERE workspace_id = 1 ORDER BY conversation_id LIMIT 20000`)).rows;
console.log(rows[0]);
await c.query(`DELETE FROM conversation_facts WHERE workspace_id = 2`);
const T = {};
for (const mode of ['json', 'json', 'unnest', 'unnest', 'json-noconflict']) {
  await c.query('BEGIN');
  const t = performance.now();
  for (let i = 0; i < rows.length; i += 2000) {
    const page = rows.slice(i, i + 2000);
    if (mode.startsWith('json')) {
      await c.query(`INSERT INTO conversation_facts AS f (workspace_id, ${COLS}) SELECT 2, ${COLS} FROM json_to_recordset($1::json) AS x(${TYPES}) ${mode === 'json' ? 'ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET channel = excluded.channel' : ''}`, [JSON.stringify(page)]);
    } else {
      const cols = COLS.split(', ');
      const types = TYPES.split(', ').map((s) => s.split(' ').slice(1).join(' '));
      const arr = cols.map((col, k) => types[k].endsWith('[]') ? page.map((r) => '{' + r[col].map((v) => JSON.stringify(v)).join(',') + '}') : page.map((r) => col === 'revenue' ? JSON.stringify(r[col]) : r[col]));
      const sel = cols.map((col, k) => types[k].endsWith('[]') ? `${col}::${types[k]}` : col).join(', ');
      const un = cols.map((col, k) => `$${k + 1}::${types[k].endsWith('[]') ? 'text' : types[k]}[]`).join(', ');
      await c.query(`INSERT INTO conversation_facts AS f (workspace_id, ${COLS}) SELECT 2, ${sel} FROM unnest(${un}) AS x(${COLS}) ON CONFLICT (workspace_id, conversation_id) DO UPDATE SET channel = excluded.channel`, arr);
    }
  }
  const ms = performance.now() - t;
  await c.query('ROLLBACK');
  console.log(mode, (ms / rows.length * 1000).toFixed(1), 'µs/row');
}
await c.end();
