import { request } from 'node:http';
import { Client } from 'pg';
import { type Server, cli, databaseEnv, databaseUrl, newKey, newWorkspace, post, startServer } from '../support/server';

jest.setTimeout(120_000);

// One reference instant for the whole suite, so differences between events are exact.
const NOW = Date.now();
const recent = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
const received = (id: string, conversationId: string, at: string, extra: object = {}) => ({
  id,
  type: 'message.received',
  occurredAt: at,
  conversationId,
  contactId: `contact-of-${conversationId}`,
  channel: 'whatsapp',
  sender: { type: 'customer' },
  ...extra,
});
const sent = (id: string, conversationId: string, at: string, agent = 'ana') => ({
  id,
  type: 'message.sent',
  occurredAt: at,
  conversationId,
  contactId: `contact-of-${conversationId}`,
  channel: 'whatsapp',
  sender: { type: 'agent', id: agent },
});

let db: ReturnType<typeof databaseEnv>;
let server: Server;
let ws: { name: string; key: string };

beforeAll(async () => {
  db = databaseEnv();
  server = await startServer(db.env);
  ws = await newWorkspace(db.env, 'ingest');
});
afterAll(async () => {
  await server?.stop();
  db?.cleanup();
});

async function facts(workspace: string, conversationId: string) {
  const client = new Client({ connectionString: databaseUrl(db.env) });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT f.* FROM conversation_facts f JOIN workspaces w USING (workspace_id) WHERE w.name = $1 AND f.conversation_id = $2`,
      [workspace, conversationId],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

describe('POST /api/v1/events: the batch answer', () => {
  it('stores valid events, rejects invalid ones by index with every error named by field', async () => {
    const r = await post(server.url, ws.key, [
      received('a-1', 'conv-a', recent(10)),
      { id: 'a-bad', type: 'message.received', occurredAt: '2026-11-20T09:15:02', channel: 'WhatsApp', rating: 5 },
      sent('a-2', 'conv-a', recent(8)),
      'not an event',
    ]);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
    expect(r.json.duplicates).toBe(0);
    expect(r.json.rejected).toHaveLength(2);
    const [bad, str] = r.json.rejected;
    expect(bad.index).toBe(1);
    expect(bad.id).toBe('a-bad');
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^occurredAt: must include an offset/),
        'conversationId: is required',
        'contactId: is required',
        expect.stringMatching(/^channel: /),
        'sender: is required',
        'rating: is not allowed on message.received events',
      ]),
    );
    expect(str).toEqual({ index: 3, errors: ['event: must be a JSON object'] });
    const f = await facts(ws.name, 'conv-a');
    expect(f.messages_in).toBe(1);
    expect(f.messages_out).toBe(1);
    expect(f.first_response_time).toBe(120);
  });

  it('takes message statuses as events of the conversation, never as messages; rejects them without messageId or with message fields', async () => {
    const status = (id: string, type: string, at: string, extra: object = {}) => ({
      id, type, occurredAt: at, conversationId: 'conv-st', contactId: 'contact-of-conv-st', channel: 'sms', messageId: 'wamid.st-1', ...extra,
    });
    const r = await post(server.url, ws.key, [
      status('st-d', 'message.delivered', recent(12)), // earliest event: the conversation starts here, on sms
      received('st-r', 'conv-st', recent(10)),
      status('st-read', 'message.read', recent(9)), // neither closes the wait nor is a response
      sent('st-s', 'conv-st', recent(7)),
      status('st-f', 'message.failed', recent(6)),
      status('st-bad-1', 'message.read', recent(5), { messageId: undefined }),
      status('st-bad-2', 'message.delivered', recent(5), { sender: { type: 'agent', id: 'ana' }, campaignId: 'bf' }),
      status('st-bad-3', 'message.failed', recent(5), { rating: 2, messageId: '' }),
    ]);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(5);
    expect(r.json.rejected).toEqual([
      { index: 5, id: 'st-bad-1', errors: ['messageId: is required'] },
      { index: 6, id: 'st-bad-2', errors: expect.arrayContaining(['sender: is not allowed on message.delivered events', 'campaignId: is not allowed on message.delivered events']) },
      { index: 7, id: 'st-bad-3', errors: expect.arrayContaining(['messageId: must not be empty', 'rating: is not allowed on message.failed events']) },
    ]);
    expect(r.json.rejected[1].errors).toHaveLength(2);
    expect(r.json.rejected[2].errors).toHaveLength(2);
    const f = await facts(ws.name, 'conv-st');
    expect(f.channel).toBe('sms');
    expect(new Date(f.started_at).getTime()).toBe(Date.parse(recent(12)));
    expect([f.messages_in, f.messages_out, f.events]).toEqual([1, 1, 5]);
    expect(f.first_response_time).toBe(180); // 10 min ago → 7 min ago: the read at 9 min ago closed nothing
  });

  it('takes a single object as well as an array, and an empty array', async () => {
    expect((await post(server.url, ws.key, received('single-1', 'conv-single', recent(5)))).json).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await post(server.url, ws.key, [])).json).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
  });

  it('is idempotent across batches: a repeated id is a duplicate and the first write wins', async () => {
    const first = received('idem-1', 'conv-idem', recent(30));
    expect((await post(server.url, ws.key, [first])).json).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    // Same id, different content: ignored.
    const changed = { ...first, occurredAt: recent(20) };
    const again = await post(server.url, ws.key, [changed, sent('idem-2', 'conv-idem', recent(25)), sent('idem-2', 'conv-idem', recent(25))]);
    expect(again.json).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    const f = await facts(ws.name, 'conv-idem');
    expect(f.messages_in).toBe(1);
    expect(f.events).toBe(2);
    // First write wins: the wait opened at the first version's instant (30 min ago), answered 25 min ago.
    expect(f.first_response_time).toBe(300);
  });

  it('accepts events in any order and batch split, with the same facts', async () => {
    const t0 = Date.now() - 3600_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const events = [received('ord-1', 'conv-ord', at(0)), sent('ord-2', 'conv-ord', at(50), 'bot-x'), received('ord-3', 'conv-ord', at(100)), sent('ord-4', 'conv-ord', at(160))];
    await post(server.url, ws.key, [events[3]]);
    await post(server.url, ws.key, [events[1], events[2]]);
    await post(server.url, ws.key, [events[0]]);
    const f = await facts(ws.name, 'conv-ord');
    expect(f.first_response_time).toBe(50);
    expect(f.reply_times).toEqual([50, 60]);
    expect(f.events).toBe(4);
  });

  it('rejects more than 10,000 events with 400 and stores none of them', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => received(`many-${i}`, 'conv-many', recent(1)));
    const r = await post(server.url, ws.key, many);
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^body: at most 10000 events/);
    expect(await facts(ws.name, 'conv-many')).toBeUndefined();
  });

  it('takes exactly 10,000 events in one batch', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => received(`tenk-${i}`, `conv-tenk-${i % 500}`, recent(2)));
    const r = await post(server.url, ws.key, many);
    expect(r.json).toEqual({ accepted: 10_000, duplicates: 0, rejected: [] });
  });
});

describe('POST /api/v1/events: refusals', () => {
  it('415 for a body that is not JSON by content type', async () => {
    const r = await post(server.url, ws.key, JSON.stringify([]), { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', message: expect.stringMatching(/^Content-Type: /) });
  });

  it('400 for malformed JSON and for JSON that is not an object or array', async () => {
    for (const body of ['{"id": ', '[1, 2', 'nul']) {
      const r = await post(server.url, ws.key, body);
      expect(r.status).toBe(400);
      expect(r.json.message).toMatch(/^body: is not valid JSON/);
    }
    for (const body of ['42', '"text"', 'null', 'true']) {
      const r = await post(server.url, ws.key, body);
      expect(r.status).toBe(400);
      expect(r.json.message).toMatch(/^body: must be an event object or a JSON array/);
    }
    const empty = await post(server.url, ws.key, '');
    expect(empty.status).toBe(400);
  });

  it('400 for a body that is not UTF-8: two ids that differ only in bad bytes are not collapsed into one duplicate', async () => {
    const own = await newWorkspace(db.env, 'ingest-utf8');
    // Latin-1 bytes ÿ (0xFF) and þ (0xFE) are no UTF-8: decoded leniently both would be "utf8-\uFFFD".
    const event = (id: string) => JSON.stringify(received(id, 'conv-utf8', recent(3)));
    const bytes = Buffer.concat([Buffer.from('['), Buffer.from(event('utf8-\xff'), 'latin1'), Buffer.from(','), Buffer.from(event('utf8-\xfe'), 'latin1'), Buffer.from(']')]);
    expect(bytes.includes(0xff) && bytes.includes(0xfe)).toBe(true);
    const r = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${own.key}` }, body: bytes });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^body: is not valid UTF-8/), code: 'INVALID_JSON' });
    const client = new Client({ connectionString: databaseUrl(db.env) });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM events e JOIN workspaces w USING (workspace_id) WHERE w.name = $1`, [own.name]);
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    // The same two ids sent as UTF-8 are two events.
    const ok = await post(server.url, own.key, [received('utf8-\xff', 'conv-utf8', recent(3)), received('utf8-\xfe', 'conv-utf8', recent(3))]);
    expect(ok.json).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });

  it('413 for a body over 10 MiB, by Content-Length and when streamed without one', async () => {
    const big = JSON.stringify([{ id: 'x'.repeat(10 * 1024 * 1024) }]);
    const r = await post(server.url, ws.key, big);
    expect(r.status).toBe(413);
    expect(r.json.message).toMatch(/^body: must be at most 10485760 bytes/);

    const chunked = await new Promise<number>((done, fail) => {
      const req = request(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.key}`, 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        done(res.statusCode!);
      });
      req.on('error', fail);
      const chunk = 'x'.repeat(1024 * 1024);
      req.write('["');
      for (let i = 0; i < 11; i++) req.write(chunk);
      req.end('"]');
    });
    expect(chunked).toBe(413);
  });

  it('401 without a key, with an unknown key and with a revoked key', async () => {
    const event = received('auth-1', 'conv-auth', recent(1));
    expect((await post(server.url, null, event)).status).toBe(401);
    expect((await post(server.url, 'prly_notARealKeyAtAll', event)).status).toBe(401);
    expect((await post(server.url, ws.key, event, { authorization: `Basic ${ws.key}` })).status).toBe(401);
    const key = await newKey(db.env, ws.name, 'ingest');
    expect((await post(server.url, key, event)).status).toBe(200);
    const revoked = await cli(['keys', 'revoke', '--workspace', ws.name, key.slice(0, 13)], db.env);
    expect(revoked.code).toBe(0);
    const r = await post(server.url, key, event);
    expect(r.status).toBe(401);
    expect(r.json.message).toMatch(/^Authorization: /);
  });

  it('401 for any API path without a key, before reading the body; 404 for an unknown path with one', async () => {
    for (const path of ['/api/v1/metrics/overview', '/api/v1/nothing-here', '/api/v1']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status).toBe(401);
    }
    expect((await fetch(`${server.url}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${ws.key}` } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    const big = await post(server.url, null, JSON.stringify(['x'.repeat(11 * 1024 * 1024)]));
    expect(big.status).toBe(401);
  });

  it('403 for a key without the ingest scope', async () => {
    const readOnly = await newKey(db.env, ws.name, 'read');
    const r = await post(server.url, readOnly, received('scope-1', 'conv-scope', recent(1)));
    expect(r.status).toBe(403);
    expect(r.json.message).toMatch(/ingest/);
  });

  it('keeps workspaces apart: the same ids in another workspace are new events there', async () => {
    const other = await newWorkspace(db.env, 'ingest-other');
    const event = received('iso-1', 'conv-iso', recent(3));
    expect((await post(server.url, ws.key, event)).json.accepted).toBe(1);
    expect((await post(server.url, other.key, event)).json.accepted).toBe(1);
    expect((await post(server.url, other.key, event)).json.duplicates).toBe(1);
    expect((await facts(other.name, 'conv-iso')).events).toBe(1);
    expect(await facts(other.name, 'conv-a')).toBeUndefined();
  });
});

describe('health, docs and logs', () => {
  it('GET /api/v1/health reports the database; answers carry security headers and no CORS', async () => {
    const r = await fetch(`${server.url}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(await r.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves the OpenAPI document at /api/docs, describing the ingest endpoint from the zod schemas', async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const doc = await (await fetch(`${server.url}/api/docs/openapi.json`)).json();
    const post = doc.paths['/events'].post;
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '415']));
    const event = doc.components.schemas.Event;
    const types = event.oneOf.map((s: any) => s.properties.type.const);
    expect(types).toHaveLength(11);
    expect(event.oneOf.find((s: any) => s.properties.type.const === 'message.read').required).toContain('messageId');
    expect(event.oneOf.find((s: any) => s.properties.type.const === 'csat.submitted').required).toContain('rating');
    expect(doc.components.schemas.IngestResult.required).toEqual(['accepted', 'duplicates', 'rejected']);
  });

  it('logs JSON with a request id and never the key or event attributes', async () => {
    const secret = 'attribute-value-that-must-not-be-logged';
    const r = await post(server.url, ws.key, received('log-1', 'conv-log', recent(1), { attributes: { secret } }), { 'x-request-id': 'req-e2e-123' });
    expect(r.headers.get('x-request-id')).toBe('req-e2e-123');
    await new Promise((done) => setTimeout(done, 200));
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.req?.id === 'req-e2e-123');
    expect(entry).toMatchObject({ req: { method: 'POST', path: '/api/v1/events' }, res: { statusCode: 200 } });
    expect(server.output()).not.toContain(ws.key);
    expect(server.output()).not.toContain(ws.key.slice(5));
    expect(server.output()).not.toContain(secret);
  });
});

describe('ingest rate limit per key', () => {
  it('answers 429 with Retry-After beyond the configured rate, per key', async () => {
    const limited = await startServer(db.env, { PARLEY_INGEST_RATE: '2' });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const r = await post(limited.url, ws.key, []);
        statuses.push(r.status);
        retryAfter ??= r.headers.get('retry-after');
      }
      // Bursts of 2 s at 2/s: the first 4 pass, then 429s.
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const other = await newKey(db.env, ws.name, 'ingest');
      expect((await post(limited.url, other, [])).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
