import { createHmac } from 'node:crypto';
import { CONNECTOR_KINDS } from '@parley/shared';
import { meta } from './meta.calculations.js';
import { whatsapp } from './whatsapp.calculations.js';
import { chatwoot } from './chatwoot.calculations.js';
import { telegram } from './telegram.calculations.js';
import { twilio } from './twilio.calculations.js';
import { SIGNERS, answerLine, baseUrl, localServerUrl, readAnswer, replayOrder, summaryLine } from './replay.calculations.js';

describe('replayOrder', () => {
  it('sends payloads by name in code-unit order and leaves the documentation out', () => {
    expect(replayOrder(['10-late.json', 'README.md', '02-b.json', 'LICENSE', '01-a.json', '.DS_Store', 'notes.txt', 'B.json', 'a.json'])).toEqual({
      send: ['01-a.json', '02-b.json', '10-late.json', 'B.json', 'a.json'],
      skipped: ['.DS_Store', 'LICENSE', 'README.md', 'notes.txt'],
    });
  });
});

describe('SIGNERS', () => {
  it('signs whatsapp deliveries as Meta does, and the connector accepts exactly that', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    const headers = SIGNERS.whatsapp!({ body, url: 'http://x/api/v1/connectors/whatsapp/id', secrets: { appSecret: 'app-secret-1' }, nowMs: 0 });
    // Worked by hand: HMAC-SHA256 of the exact bytes with the app secret, hex, after "sha256=".
    expect(headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'app-secret-1').update(body).digest('hex')}`);
    expect(headers['content-type']).toBe('application/json');
    expect(whatsapp.verify(body, headers, { appSecret: 'app-secret-1' }, 0, '')).toBe(true);
    expect(whatsapp.verify(body, headers, { appSecret: 'another-secret' }, 0, '')).toBe(false);
  });

  it('signs meta (Messenger, Instagram) deliveries the same way, and the meta connector accepts them', () => {
    const body = Buffer.from('{"object":"page","entry":[]}');
    const headers = SIGNERS.meta!({ body, url: 'http://x/api/v1/connectors/meta/id', secrets: { appSecret: 'app-secret-2' }, nowMs: 0 });
    expect(headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 'app-secret-2').update(body).digest('hex')}`);
    expect(meta.verify(body, headers, { appSecret: 'app-secret-2' }, 0, '')).toBe(true);
    expect(meta.verify(body, headers, { appSecret: 'app-secret-3' }, 0, '')).toBe(false);
  });

  it('signs chatwoot deliveries with the current timestamp, and the chatwoot connector accepts them then, not 6 minutes later', () => {
    const body = Buffer.from('{"event":"message_created"}');
    const nowMs = Date.UTC(2026, 11, 5, 12);
    const headers = SIGNERS.chatwoot!({ body, url: 'http://x/api/v1/connectors/chatwoot/id', secrets: { webhookSecret: 'cw-secret-123' }, nowMs });
    expect(headers['x-chatwoot-timestamp']).toBe(String(nowMs / 1000));
    expect(headers['x-chatwoot-signature']).toBe(`sha256=${createHmac('sha256', 'cw-secret-123').update(`${nowMs / 1000}.`).update(body).digest('hex')}`);
    expect(chatwoot.verify(body, headers, { webhookSecret: 'cw-secret-123' }, nowMs, '')).toBe(true);
    expect(chatwoot.verify(body, headers, { webhookSecret: 'cw-secret-123' }, nowMs + 6 * 60_000, '')).toBe(false);
    expect(chatwoot.verify(body, headers, { webhookSecret: 'another-secret' }, nowMs, '')).toBe(false);
  });

  it('signs telegram deliveries with the secret token header, and twilio forms over the URL and sorted parameters; their connectors accept them', () => {
    const update = Buffer.from('{"update_id":1}');
    const t = SIGNERS.telegram!({ body: update, url: 'http://x/api/v1/connectors/telegram/id', secrets: { secretToken: 'Abc_def-0123456789' }, nowMs: 0 });
    expect(t['x-telegram-bot-api-secret-token']).toBe('Abc_def-0123456789');
    expect(telegram.verify(update, t, { secretToken: 'Abc_def-0123456789' }, 0, 'http://x/api/v1/connectors/telegram/id')).toBe(true);
    expect(telegram.verify(update, t, { secretToken: 'Another_token-0123' }, 0, 'http://x/api/v1/connectors/telegram/id')).toBe(false);

    const form = Buffer.from('To=%2B15125550100&From=%2B15125550199&Body=hi&MessageSid=SM1');
    const url = 'http://127.0.0.1:3000/api/v1/connectors/twilio/id';
    const w = SIGNERS.twilio!({ body: form, url, secrets: { authToken: '96yc5z9g44vl4ks2p1suc42yb9p4lpmu' }, nowMs: 0 });
    // Hand-made: the URL, then Body, From, MessageSid, To each as name + value, sorted by name.
    const signed = `${url}BodyhiFrom+15125550199MessageSidSM1To+15125550100`;
    expect(w['x-twilio-signature']).toBe(createHmac('sha1', '96yc5z9g44vl4ks2p1suc42yb9p4lpmu').update(signed).digest('base64'));
    expect(twilio.verify(form, w, { authToken: '96yc5z9g44vl4ks2p1suc42yb9p4lpmu' }, 0, url)).toBe(true);
    expect(twilio.verify(form, w, { authToken: '96yc5z9g44vl4ks2p1suc42yb9p4lpmu' }, 0, `${url}?x=1`)).toBe(false);
  });

  it('knows every kind that exists (a kind added without a signer is caught here)', () => {
    expect(CONNECTOR_KINDS.filter((k) => !SIGNERS[k])).toEqual([]);
  });
});

describe('readAnswer / answerLine / summaryLine', () => {
  it('reads acknowledged deliveries and refusals', () => {
    const ok = readAnswer('01.json', 200, '{"accepted":2,"duplicates":1,"ignored":0,"rejected":0}');
    expect(answerLine(ok)).toBe('01.json\t200\taccepted 2, duplicates 1, ignored 0, rejected 0');
    const refused = readAnswer('02.json', 401, '{"statusCode":401,"error":"UNAUTHORIZED","message":"X-Hub-Signature-256: missing or wrong"}');
    expect(answerLine(refused)).toBe('02.json\t401\trefused: X-Hub-Signature-256: missing or wrong');
    expect(answerLine(readAnswer('03.json', 502, '<html>Bad gateway</html>'))).toBe('03.json\t502\trefused: <html>Bad gateway</html>');
    expect(answerLine(readAnswer('04.json', 200, ''))).toBe('04.json\t200\trefused: no answer body');
    const dup = readAnswer('05.json', 200, '{"accepted":0,"duplicates":3,"ignored":1,"rejected":1}');
    expect(summaryLine([ok, refused, dup], 'http://127.0.0.1:3000')).toBe(
      'replayed 3 files to http://127.0.0.1:3000: 2 acknowledged (accepted 2, duplicates 4, ignored 1, rejected 1), 1 refused',
    );
    expect(summaryLine([ok], 'u')).toBe('replayed 1 file to u: 1 acknowledged (accepted 2, duplicates 1, ignored 0, rejected 0), 0 refused');
  });
});

describe('urls', () => {
  it('reaches a wildcard listener on the loopback', () => {
    expect(localServerUrl('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000');
    expect(localServerUrl('::', 3000)).toBe('http://[::1]:3000');
    expect(localServerUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(localServerUrl('::1', 80)).toBe('http://[::1]:80');
  });
  it('takes http(s) origins, with a path prefix, and nothing else', () => {
    expect(baseUrl('https://parley.example.com/')).toBe('https://parley.example.com');
    expect(baseUrl('http://127.0.0.1:3000/parley//')).toBe('http://127.0.0.1:3000/parley');
    expect(baseUrl('ftp://x')).toBeNull();
    expect(baseUrl('localhost:3000')).toBeNull();
    expect(baseUrl('http://x/?a=1')).toBeNull();
    expect(baseUrl('not a url')).toBeNull();
  });
});
