/**
 * End to end (issue 20, "End to end"): a recorded WhatsApp conversation (fixtures/webhooks/
 * whatsapp-story/) replayed with `parley connectors replay` into a fresh workspace's connection,
 * on the built API; the answers per file, the connection's counters, and what Response times and
 * Campaigns then say. Also what the command refuses.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addresses, signIn, suiteServer } from '../support/connectors';
import { ROOT, TEST_SECRET_KEY, cli, freePort } from '../support/server';

jest.setTimeout(300_000);

const STORY = join(ROOT, 'fixtures/webhooks/whatsapp-story');
const APP_SECRET = 'story-app-secret-0123456789';

const suite = suiteServer();
/** The CLI beside the server: same database, same key (startServer's). */
const cliEnv = () => ({ ...suite.db.env, PARLEY_SECRET_KEY: TEST_SECRET_KEY });
const ip = addresses('198.51.100.');
/** A signed-in admin of a fresh workspace. */
const admin = async (label: string) => (await signIn(suite, ip, label)).session;

const replay = (dir: string, args: string[], env = cliEnv()) => cli(['connectors', 'replay', dir, ...args], env);

/** The lines of the answers, one per file (tab-separated in the output). */
const answerLines = (stdout: string) => stdout.trim().split('\n').filter((l) => l.includes('\t'));

describe('the WhatsApp story, replayed with the CLI', () => {
  it('every delivery acknowledged with its events; counters; Response times and Campaigns; a second replay is all duplicates', async () => {
    const a = await admin('story');
    const created = await a.post('/api/v1/connections', { kind: 'whatsapp', name: 'Sales line', secrets: { appSecret: APP_SECRET }, defaultSender: { type: 'agent', id: 'lena' } });
    expect(created.status).toBe(201);
    const id: string = created.json.id;

    const r = await replay(STORY, ['--connection', id, '--url', suite.server.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`replaying 7 files of ${STORY} to the whatsapp connection ${id} at ${suite.server.url} (not sent: README.md)`);
    // By hand: a status's first evidence makes the message.sent; later statuses repeat it (a duplicate) and add their own event.
    expect(answerLines(r.stdout)).toEqual([
      '01-customer-message.json\t200\taccepted 1, duplicates 0, ignored 0, rejected 0',
      '02-broadcast-sent.json\t200\taccepted 1, duplicates 0, ignored 0, rejected 0',
      '03-broadcast-delivered.json\t200\taccepted 1, duplicates 1, ignored 0, rejected 0',
      '04-broadcast-read.json\t200\taccepted 1, duplicates 1, ignored 0, rejected 0',
      '05-customer-reply.json\t200\taccepted 1, duplicates 0, ignored 0, rejected 0',
      '06-agent-reply-sent.json\t200\taccepted 1, duplicates 0, ignored 0, rejected 0',
      '07-agent-reply-delivered.json\t200\taccepted 1, duplicates 1, ignored 0, rejected 0',
    ]);
    expect(r.stdout.trim().split('\n').pop()).toBe(`replayed 7 files to ${suite.server.url}: 7 acknowledged (accepted 7, duplicates 3, ignored 0, rejected 0), 0 refused`);

    const list = await a.fetch('/api/v1/connections');
    expect(list.json[0].counters).toMatchObject({ deliveries: 7, events: 7, duplicates: 3, ignored: 0, rejected: 0, lastRejection: null });

    // Mia wrote at 09:00:00, the agent answered at 10:07:00: 4,020 s (the 10:00 broadcast is no response).
    const rt = await a.fetch('/api/v1/metrics/response-times?from=2025-12-02&to=2025-12-03&tz=UTC');
    expect(rt.status).toBe(200);
    expect(rt.json.totals).toMatchObject({ conversations: 1, responded: 1, firstResponseMedian: 4020 });

    // The broadcast: sent, delivered (10:00:04), read (10:02:30), and answered at 10:05 (within 120 h).
    const c = await a.fetch('/api/v1/metrics/campaigns?from=2025-12-02&to=2025-12-03&tz=UTC');
    expect(c.status).toBe(200);
    expect(c.json.campaigns).toHaveLength(1);
    expect(c.json.campaigns[0]).toMatchObject({ campaignId: 'winter-sale', sent: 1, recipients: 1, delivered: 1, read: 1, failed: 0, replied: 1, channels: ['whatsapp'] });
    expect(c.json.totals).toMatchObject({ sent: 1, delivered: 1, read: 1, replied: 1 });

    // Redelivered, the same story is all duplicates (ids come from the platform's ids) and changes no number.
    const again = await replay(STORY, ['--connection', id, '--url', suite.server.url]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n').pop()).toBe(`replayed 7 files to ${suite.server.url}: 7 acknowledged (accepted 0, duplicates 10, ignored 0, rejected 0), 0 refused`);
    expect((await a.fetch('/api/v1/connections')).json[0].counters).toMatchObject({ deliveries: 14, events: 7, duplicates: 13 });
    expect((await a.fetch('/api/v1/metrics/campaigns?from=2025-12-02&to=2025-12-03&tz=UTC')).json.campaigns[0]).toMatchObject({ sent: 1, delivered: 1, read: 1, replied: 1 });
  });

  it('refuses what it cannot do, with reasons: usage (2), unknown connection, wrong key, no server, a payload the server refuses (1)', async () => {
    const a = await admin('story-refusals');
    const id: string = (await a.post('/api/v1/connections', { kind: 'whatsapp', name: 'Sales line', secrets: { appSecret: APP_SECRET } })).json.id;

    const noConnection = await replay(STORY, ['--url', suite.server.url]);
    expect(noConnection.code).toBe(2);
    expect(noConnection.stderr).toContain('--connection is required');
    const badUrl = await replay(STORY, ['--connection', id, '--url', 'localhost:3000']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("--url must be the server's http(s) address");
    const noDir = await replay(join(STORY, 'nope'), ['--connection', id]);
    // A missing folder is no usage mistake: exit 1.
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toBe(`parley: no such file: ${join(STORY, 'nope')}\n`);

    const unknown = await replay(STORY, ['--connection', 'AAAAAAAAAAAAAAAAAAAAAA', '--url', suite.server.url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no connection 'AAAAAAAAAAAAAAAAAAAAAA'");

    const wrongKey = await replay(STORY, ['--connection', id, '--url', suite.server.url], { ...cliEnv(), PARLEY_SECRET_KEY: randomBytes(32).toString('hex') });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("secrets cannot be decrypted with this key: run with the server's PARLEY_SECRET_KEY");

    const down = await replay(STORY, ['--connection', id, '--url', `http://127.0.0.1:${await freePort()}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot be reached');

    // A file the server refuses is printed with its status and reason; the others still go, and the command fails.
    const dir = mkdtempSync(join(tmpdir(), 'parley-replay-'));
    try {
      writeFileSync(join(dir, 'a.json'), '{"object":"whatsapp_business_account","entry":[]}');
      writeFileSync(join(dir, 'b.json'), Buffer.alloc(11 * 1024 * 1024, 0x20));
      writeFileSync(join(dir, 'c.json'), 'not json at all');
      const mixed = await replay(dir, ['--connection', id, '--url', suite.server.url]);
      expect(mixed.code).toBe(1);
      const lines = answerLines(mixed.stdout);
      expect(lines[0]).toBe('a.json\t200\taccepted 0, duplicates 0, ignored 1, rejected 0');
      expect(lines[1]).toMatch(/^b\.json\t413\trefused: /);
      // Signed but not JSON: acknowledged and counted once as ignored (connectors.md).
      expect(lines[2]).toBe('c.json\t200\taccepted 0, duplicates 0, ignored 1, rejected 0');
      expect(mixed.stderr).toContain('1 of 3 deliveries were refused');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await a.fetch('/api/v1/connections')).json[0].counters).toMatchObject({ deliveries: 2, events: 0, ignored: 2 });
  });
});
