/**
 * The events export streams: 200,000 rows (~33 MB of CSV, ~200 MB as row objects) come out
 * complete from a server whose V8 old space is capped at 64 MB — a server that buffered the export
 * would die — and its resident memory barely moves. (Without a cap V8 collects lazily and RSS
 * wanders by tens of MB either way, which says nothing about what the export holds.)
 */
import { request } from 'node:http';
import { Client } from 'pg';
import { formatInstantUs } from '@parley/shared';
import { type Cell, csvCell } from '../../api/src/csv/csv.calculations';
import { csvSql } from '../../api/src/exports/exports.repository';
import { generateEvents } from '@parley/shared/generate';
import { type Server, databaseEnv, databaseUrl, ingestAll, newWorkspace, realPostgres, rssBytes, startServer } from '../support/server';

jest.setTimeout(900_000);

const ROWS = 200_000;
let db: ReturnType<typeof databaseEnv>;
let server: Server;

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env, { LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

/** Downloads a URL, counting lines and bytes without keeping the body, sampling the server's RSS. */
function download(url: string, key: string): Promise<{ status: number; lines: number; bytes: number; firstLine: string; ids: Set<string>; peakRss: number }> {
  return new Promise((done, fail) => {
    let peakRss = rssBytes(server.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(server.pid))), 20);
    const req = request(url, { headers: { authorization: `Bearer ${key}` } }, (res) => {
      let lines = 0;
      let bytes = 0;
      let firstLine = '';
      // The first cell of every line (the generated ids need no quoting): no row twice, none lost.
      const ids = new Set<string>();
      let tail = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!firstLine) firstLine = chunk.toString('utf8').split('\r\n')[0];
        for (const b of chunk) if (b === 10) lines++;
        const text = tail + chunk.toString('latin1');
        const parts = text.split('\r\n');
        tail = parts.pop()!;
        for (const p of parts) ids.add(p.slice(0, p.indexOf(',')));
      });
      res.on('end', () => {
        clearInterval(sampler);
        done({ status: res.statusCode!, lines, bytes, firstLine, ids, peakRss: Math.max(peakRss, rssBytes(server.pid)) });
      });
    });
    req.on('error', (err) => (clearInterval(sampler), fail(err)));
    req.end();
  });
}

it(`streams ${ROWS} events as CSV with flat memory`, async () => {
  const ws = await newWorkspace(db.env, 'export-big');
  // Conversations of ~5 events over 60 days; ingest in 10k batches, then let the heap settle.
  const events = generateEvents({ events: ROWS, seed: 4242, startMs: Date.UTC(2026, 7, 1), days: 60 }).slice(0, ROWS);
  await ingestAll(server.url, ws.key, events);
  events.length = 0;
  await server.stop();
  server = await startServer(db.env, { LOG_LEVEL: 'warn', NODE_OPTIONS: '--max-old-space-size=64' });
  const url = `${server.url}/api/v1/exports/events.csv?from=2026-07-01&to=2026-11-01&tz=UTC`;
  // A small warm-up export so code paths are loaded before the baseline.
  await download(`${server.url}/api/v1/exports/events.csv?from=2026-08-01&to=2026-08-02&tz=UTC`, ws.key);
  await new Promise((r) => setTimeout(r, 1000));
  const baseline = rssBytes(server.pid);
  const t0 = Date.now();
  const result = await download(url, ws.key);
  const seconds = (Date.now() - t0) / 1000;
  expect(result.status).toBe(200);
  expect(result.firstLine.startsWith('id,type,occurredAt')).toBe(true);
  expect(result.lines).toBe(ROWS + 1);
  expect(result.ids.size).toBe(ROWS + 1); // the header's "id" and every event once
  const growthMb = (result.peakRss - baseline) / 1024 / 1024;
  console.log(`export: ${ROWS} rows, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s); server RSS ${(baseline / 1024 / 1024).toFixed(0)} MB → peak +${growthMb.toFixed(1)} MB`);
  expect(result.bytes).toBeGreaterThan(30 * 1024 * 1024);
  // With the embedded database, PGlite's WebAssembly memory is in the server process too: it grows
  // to the queries' working set once (and never shrinks), so it gets a wider margin.
  expect(growthMb).toBeLessThan(realPostgres ? 20 : 50);
});


/**
 * The database writes the CSV (exports.repository.ts). These check it byte for byte against
 * csvCell, the formatter the metric CSVs use, and against cells worked out by hand.
 */
describe('CSV written by the database', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: databaseUrl(db.env) });
    await client.connect();
  });
  afterAll(() => client?.end());

  const sqlCells = async (expr: (x: string) => string, type: string, values: unknown[]): Promise<string[]> =>
    (await client.query(`SELECT ${expr('v')} AS cell FROM unnest($1::${type}[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [values])).rows.map((r) => r.cell);

  it('text cells: formula guard and RFC 4180 quoting, as csvCell', async () => {
    const texts = ['plain', '', '=SUM(A1)', '+4915550001111', '-1', '@user', '\tx', '\rx', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere',
      "'=already", ' =spaced', 'Grüße 😀', 'back\\slash', '=a,"b"', '"', ',', '-', 'x=1', 'mid+dle'];
    expect(await sqlCells(csvSql.text, 'text', texts)).toEqual(texts.map((t) => csvCell(t)));
    expect(await sqlCells(csvSql.text, 'text', [null])).toEqual(['']);
    const jsons = ['[]', '{}', '["a"]', '["a,b","c"]', '{"k": "=v", "n": 1}', '{"note": "line1\\nline2"}', '{"q": "say \\"hi\\""}', null];
    expect(await sqlCells(csvSql.json, 'text', jsons)).toEqual(jsons.map((t) => csvCell(t)));
  });

  it('numbers: doubles print as JavaScript prints them', async () => {
    const doubles = [0, 1, 0.5, 0.1 + 0.2, 1e-6, 0.000012, 0.00005, 0.0001, 0.00012345, 12.345678, 86400.000001, 3600, 1e15, 2.5e15, 123456789.123456];
    expect(await sqlCells(csvSql.double, 'float8', doubles)).toEqual(doubles.map((d) => csvCell(d)));
    expect(await sqlCells(csvSql.double, 'float8', [null])).toEqual(['']);
    expect(await sqlCells(csvSql.boolean, 'bool', [true, false, null])).toEqual(['true', 'false', '']);
    expect(await sqlCells(csvSql.number, 'int', [0, -3, 42, null])).toEqual(['0', '-3', '42', '']);
  });

  it('events.csv and conversations.csv with awkward values, byte for byte', async () => {
    const ws = await newWorkspace(db.env, 'export-odd');
    const T = '2026-10-01T10:00:00';
    const conv = '=conv,"1"';
    const events = [
      { id: '-e1', type: 'message.received', occurredAt: `${T}.000000Z`, conversationId: conv, contactId: '+4915550001', channel: 'sms',
        sender: { type: 'customer' }, messageId: '@m1', tags: ['a,b', 'q"x'], attributes: { note: 'line1\nline2', '=k': '=v', uni: 'Grüße 😀' } },
      { id: "e2 'quoted' \\back", type: 'message.sent', occurredAt: `${T}.000012Z`, conversationId: conv, contactId: '+4915550001', channel: 'sms',
        sender: { type: 'agent', id: 'ag "x", y' } },
      { id: 'e3', type: 'conversation.assigned', occurredAt: `${T}.500000Z`, conversationId: conv, contactId: '+4915550001', channel: 'sms', agentId: '=agent', team: '+team' },
      { id: 'e4', type: 'conversion', occurredAt: '2026-10-01T10:01:00.000000Z', conversationId: conv, contactId: '+4915550001', channel: 'sms', value: 0.1, currency: 'EUR' },
      { id: 'e5', type: 'csat.submitted', occurredAt: '2026-10-01T10:02:00.000000Z', conversationId: conv, contactId: '+4915550001', channel: 'sms', rating: 5 },
      { id: 'e6', type: 'conversation.resolved', occurredAt: '2026-10-01T10:03:00.250000Z', conversationId: conv, contactId: '+4915550001', channel: 'sms' },
      { id: 'b1', type: 'message.sent', occurredAt: '2026-10-01T11:00:00.000000Z', conversationId: 'plain-2', contactId: 'c2', channel: 'whatsapp',
        sender: { type: 'bot', id: 'bot' }, campaignId: '-camp' },
    ];
    await ingestAll(server.url, ws.key, events);
    const get = async (path: string) => {
      const r = await fetch(`${server.url}/api/v1/exports/${path}?from=2026-10-01&to=2026-10-02&tz=UTC`, { headers: { authorization: `Bearer ${ws.key}` } });
      expect(r.status).toBe(200);
      return r.text();
    };
    const db1 = async (sql: string) => (await client.query(sql, [ws.name])).rows;
    const wsId = `(SELECT workspace_id FROM workspaces WHERE name = $1)`;
    const us = (col: string) => `(extract(epoch FROM ${col}) * 1000000)::int8::text`;
    const instant = (v: string | null) => (v === null ? null : formatInstantUs(Number(v)));
    const line = (cells: Cell[]) => cells.map(csvCell).join(',') + '\r\n';

    // Events: every cell from the ingested values; attributes and receivedAt are what was stored.
    const stored = new Map(
      (await db1(`SELECT event_id, attributes::text AS attributes, ${us('received_at')} AS received FROM events WHERE workspace_id = ${wsId}`)).map((r) => [r.event_id, r]),
    );
    const byTime = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)));
    const expectedEvents =
      'id,type,occurredAt,conversationId,contactId,channel,sender,campaignId,messageId,agentId,team,rating,value,currency,tags,attributes,receivedAt\r\n' +
      byTime
        .map((e: Record<string, any>) =>
          line([e.id, e.type, e.occurredAt, e.conversationId, e.contactId, e.channel, e.sender ? JSON.stringify(e.sender) : null, e.campaignId,
            e.messageId, e.agentId, e.team, e.rating, e.value, e.currency, e.tags ? JSON.stringify(e.tags) : null, stored.get(e.id).attributes,
            instant(stored.get(e.id).received)]),
        )
        .join('');
    const eventsCsv = await get('events.csv');
    expect(eventsCsv).toBe(expectedEvents);
    // Worked by hand: guarded and quoted cells as a spreadsheet must see them.
    expect(eventsCsv).toContain(`\r\n'-e1,message.received,2026-10-01T10:00:00.000000Z,"'=conv,""1""",'+4915550001,sms,"{""type"":""customer""}",,'@m1,,,,,,"[""a,b"",""q\\""x""]",`);
    expect(eventsCsv).toContain(`\r\ne2 'quoted' \\back,message.sent,2026-10-01T10:00:00.000012Z,"'=conv,""1""",'+4915550001,sms,"{""type"":""agent"",""id"":""ag \\""x\\"", y""}",`);
    expect(eventsCsv).toContain(`\r\ne4,conversion,2026-10-01T10:01:00.000000Z,"'=conv,""1""",'+4915550001,sms,,,,,,,0.1,EUR,,,`);

    // Conversations: every fact as stored, through csvCell (the way the API wrote CSV before the database did).
    const facts = await db1(
      `SELECT conversation_id, channel, contact_id, ${us('started_at')} AS started, ${us('first_customer_at')} AS first_customer,
              ${us('first_response_at')} AS first_response, first_response_time, first_responder, ${us('agent_first_response_at')} AS agent_first_response,
              agent_first_response_time, agent_first_responder, cardinality(reply_times) AS replies, cardinality(agent_reply_times) AS agent_replies,
              ${us('resolved_at')} AS resolved, resolution_time, automated, rating, ${us('rated_at')} AS rated, converted, conversions,
              CASE WHEN revenue = '{}'::jsonb THEN NULL ELSE revenue::text END AS revenue, team, assignee, tags, ${us('first_assigned_at')} AS first_assigned,
              assignment_response_time, messages_in, messages_out, events, ${us('last_event_at')} AS last
         FROM conversation_facts WHERE workspace_id = ${wsId} ORDER BY started_at, conversation_id`,
    );
    expect(facts).toHaveLength(2);
    const expectedConversations =
      'conversationId,channel,contactId,startedAt,firstCustomerAt,firstResponseAt,firstResponseTime,firstResponder,agentFirstResponseAt,agentFirstResponseTime,agentFirstResponder,replies,agentReplies,resolved,resolvedAt,resolutionTime,automated,rating,ratedAt,converted,conversions,revenue,team,assignee,tags,firstAssignedAt,assignmentResponseTime,messagesIn,messagesOut,events,lastEventAt\r\n' +
      facts
        .map((f) =>
          line([f.conversation_id, f.channel, f.contact_id, instant(f.started), instant(f.first_customer), instant(f.first_response), f.first_response_time,
            f.first_responder, instant(f.agent_first_response), f.agent_first_response_time, f.agent_first_responder, f.replies, f.agent_replies,
            f.resolved !== null, instant(f.resolved), f.resolution_time, f.automated, f.rating, instant(f.rated), f.converted, f.conversions, f.revenue,
            f.team, f.assignee, JSON.stringify(f.tags), instant(f.first_assigned), f.assignment_response_time, f.messages_in, f.messages_out, f.events, instant(f.last)]),
        )
        .join('');
    const conversationsCsv = await get('conversations.csv');
    expect(conversationsCsv).toBe(expectedConversations);
    // Worked by hand: a 12 µs first response, 180.25 s to resolution, revenue as JSON text.
    expect(conversationsCsv).toContain(
      `\r\n"'=conv,""1""",sms,'+4915550001,2026-10-01T10:00:00.000000Z,2026-10-01T10:00:00.000000Z,2026-10-01T10:00:00.000012Z,0.000012,"ag ""x"", y",2026-10-01T10:00:00.000012Z,0.000012,"ag ""x"", y",1,1,true,2026-10-01T10:03:00.250000Z,180.25,false,5,2026-10-01T10:02:00.000000Z,true,1,`,
    );
    // Then team and assignee guarded, tags as JSON text, firstAssignedAt, and no assignment response
    // (the only agent response came before the assignment); 1 message in.
    expect(conversationsCsv).toContain(`,'+team,'=agent,"[""a,b"",""q\\""x""]",2026-10-01T10:00:00.500000Z,,1,`);
  });
});
