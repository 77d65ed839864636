import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/parley_bench_20261126011221', options: '-c jit=off' }); await c.connect();
const TS = ['started_at', 'last_event_at', 'first_customer_at', 'first_response_at', 'agent_first_response_at', 'resolved_at', 'rated_at'];
const ARR = ['reply_wait_starts', 'agent_reply_wait_starts'];
const COLS = `conversation_id, channel, contact_id, started_at, last_event_at, first_customer_at, first_response_at, first_response_time, first_responder, agent_first_response_at, agent_first_response_time, agent_first_responder, reply_wait_starts, reply_times, agent_reply_wait_starts, agent_reply_times, has_response, automated, resolved_at, resolution_time, rating, rated_at, converted, conversions, revenue, messages_in, messages_out, events`.split(', ');
const TYPES = `text, text, text, timestamptz, timestamptz, timestamptz, timestamptz, double precision, text, timestamptz, double precision, text, timestamptz[], double precision[], timestamptz[], double precision[], boolean, boolean, timestamptz, double precision, smallint, timestamptz, boolean, integer, jsonb, integer, integer, integer`.split(', ');
const us = (c) => `(extract(epoch FROM ${c}) * 1000000)::int8`;
const rowsIso = (await c.query(`SELECT conversation_id, channel, contact_id, to_json(started_at) #>> '{}' AS started_at, to_json(last_event_at) #>> '{}' AS last_event_at, to_json(first_customer_at) #>> '{}' AS first_customer_at, to_json(first_response_at) #>> '{}' AS first_response_at, first_response_time, first_responder, to_json(agent_first_response_at) #>> '{}' AS agent_first_response_at, agent_first_response_time, agent_first_responder, array_to_json(reply_wait_starts) AS reply_wait_starts, reply_times, array_to_json(agent_reply_wait_starts) AS agent_reply_wait_starts, agent_reply_times, has_response, automated, to_json(resolved_at) #>> '{}' AS resolved_at, resolution_time, rating, to_json(rated_at) #>> '{}' AS rated_at, converted, conversions, revenue, messages_in, messages_out, events FROM conversation_facts WHERE workspace_id = 1 ORDER BY conversation_id LIMIT 2000 OFFSET 50000`)).rows;
const rowsUs = (await c.query(`SELECT conversation_id, channel, contact_id, ${TS.map((t) => us(t) + ' AS ' + t).join(', ')}, first_response_time, first_responder, agent_first_response_time, agent_first_responder, ARRAY(SELECT ${us('v')} FROM unnest(reply_wait_starts) v) AS reply_wait_starts, reply_times, ARRAY(SELECT ${us('v')} FROM unnest(agent_reply_wait_starts) v) AS agent_reply_wait_starts, agent_reply_times, has_response, automated, resolution_time, rating, converted, conversions, revenue, messages_in, messages_out, events FROM conversation_facts WHERE workspace_id = 1 ORDER BY conversation_id LIMIT 2000 OFFSET 50000`)).rows;
for (const r of rowsUs) for (const k of [...TS, ...ARR]) r[k] = r[k] === null ? null : Array.isArray(r[k]) ? r[k].map(Number) : Number(r[k]);
const at = (x) => `(TIMESTAMPTZ 'epoch' + ${x} * INTERVAL '1 microsecond')`;
const variants = {
  iso: { rows: rowsIso, types: TYPES, sel: COLS },
  usScalars: { rows: rowsUs.map((r) => ({ ...r, reply_wait_starts: r.reply_wait_starts.map((v) => new Date(v / 1000).toISOString()), agent_reply_wait_starts: r.agent_reply_wait_starts.map((v) => new Date(v / 1000).toISOString()) })),
    types: TYPES.map((t, i) => (TS.includes(COLS[i]) ? 'int8' : t)), sel: COLS.map((c) => (TS.includes(c) ? at('x.' + c) : c)) },
  usAll: { rows: rowsUs, types: TYPES.map((t, i) => (TS.includes(COLS[i]) ? 'int8' : ARR.includes(COLS[i]) ? 'int8[]' : t)),
    sel: COLS.map((c) => (TS.includes(c) ? at('x.' + c) : ARR.includes(c) ? `ARRAY(SELECT ${at('v')} FROM unnest(x.${c}) v)` : c)) },
};
await c.query('BEGIN');
for (let rep = 0; rep < 2; rep++)
for (const [name, v] of Object.entries(variants)) {
  const doc = JSON.stringify(v.rows);
  const sql = `EXPLAIN (ANALYZE) INSERT INTO conversation_facts AS f (workspace_id, ${COLS.join(', ')}) SELECT 2, ${v.sel.join(', ')} FROM json_to_recordset($1::json) AS x(${COLS.map((c, i) => c + ' ' + v.types[i]).join(', ')})`;
  await c.query('SAVEPOINT a');
  const r = await c.query(sql, [doc]);
  await c.query('ROLLBACK TO SAVEPOINT a');
  console.log(name, r.rows.at(-1)['QUERY PLAN']);
}
await c.query('ROLLBACK');
await c.end();
