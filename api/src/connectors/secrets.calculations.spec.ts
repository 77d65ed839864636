import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubSignature256, openSecrets, parseSecretKey, sameSecret, sealSecrets, verifyHubSignature256 } from './secrets.calculations.js';

const MESSENGER = join(__dirname, '../../../fixtures/webhooks/meta-messenger');
const vectors = JSON.parse(readFileSync(join(MESSENGER, 'signature_vectors.json'), 'utf8'));

describe('X-Hub-Signature-256 (Meta: WhatsApp, Messenger, Instagram)', () => {
  it("accepts the test vectors' signatures", () => {
    const v = vectors.computed_sha256_for_upstream_body;
    expect(verifyHubSignature256(Buffer.from(v.body, 'utf8'), v.signature, v.app_secret)).toBe(true);
    // Over a file's exact bytes (its trailing newline included).
    const file = vectors.computed.find((c: { file: string }) => c.file === 'delivery.json');
    expect(verifyHubSignature256(readFileSync(join(MESSENGER, 'delivery.json')), file.x_hub_signature_256, file.app_secret)).toBe(true);
  });

  it('refuses a wrong secret, a changed byte, a missing or malformed header', () => {
    const v = vectors.computed_sha256_for_upstream_body;
    const body = Buffer.from(v.body, 'utf8');
    expect(verifyHubSignature256(body, v.signature, 'Baz')).toBe(false);
    const changed = Buffer.from(body);
    changed[10] ^= 1;
    expect(verifyHubSignature256(changed, v.signature, v.app_secret)).toBe(false);
    expect(verifyHubSignature256(body, undefined, v.app_secret)).toBe(false);
    for (const bad of ['', 'sha256=', v.signature.slice(0, -2), v.signature.replace('sha256=', 'sha1='), `${v.signature}00`, v.signature.slice(7)])
      expect(verifyHubSignature256(body, bad, v.app_secret)).toBe(false);
  });

  it('the header a platform sends is what verifies', () => {
    expect(hubSignature256('{}', 's3cret-s3cret')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyHubSignature256(Buffer.from('{}'), hubSignature256('{}', 's3cret-s3cret'), 's3cret-s3cret')).toBe(true);
    // Upper-case hex is the same signature.
    expect(verifyHubSignature256(Buffer.from('{}'), hubSignature256('{}', 's3cret-s3cret').toUpperCase().replace('SHA256', 'sha256'), 's3cret-s3cret')).toBe(true);
  });
});

describe('secrets at rest: AES-256-GCM', () => {
  const key = randomBytes(32);
  const secrets = { appSecret: 'abc123def456', verifyToken: 'tok-ü-1' };

  it('round trip', () => {
    expect(openSecrets(key, sealSecrets(key, secrets, 'conn-1'), 'conn-1')).toEqual(secrets);
  });

  it('a fresh IV each time: the same secrets seal differently', () => {
    expect(sealSecrets(key, secrets, 'c').equals(sealSecrets(key, secrets, 'c'))).toBe(false);
  });

  it('detects tampering: any changed byte, another key, another connection', () => {
    const sealed = sealSecrets(key, secrets, 'conn-1');
    for (const at of [1, 13, 29, sealed.length - 1]) {
      const t = Buffer.from(sealed);
      t[at] ^= 0x40;
      expect(() => openSecrets(key, t, 'conn-1')).toThrow();
    }
    expect(() => openSecrets(randomBytes(32), sealed, 'conn-1')).toThrow();
    expect(() => openSecrets(key, sealed, 'conn-2')).toThrow();
    expect(() => openSecrets(key, sealed.subarray(0, 20), 'conn-1')).toThrow(/unknown format/);
  });

  it('the plaintext does not appear in what is stored', () => {
    expect(sealSecrets(key, secrets, 'c').toString('latin1')).not.toContain('abc123def456');
  });
});

describe('PARLEY_SECRET_KEY', () => {
  it('32 bytes as hex or base64 (standard or URL-safe)', () => {
    const k = randomBytes(32);
    expect(parseSecretKey(k.toString('hex'))).toEqual(k);
    expect(parseSecretKey(k.toString('base64'))).toEqual(k);
    expect(parseSecretKey(k.toString('base64url'))).toEqual(k);
    expect(parseSecretKey(` ${k.toString('hex')}\n`)).toEqual(k);
  });

  it('anything else is refused', () => {
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(33).toString('base64'), 'z'.repeat(64)]) expect(parseSecretKey(bad)).toBeNull();
  });

  it('constant-time comparison of tokens', () => {
    expect(sameSecret('token-1', 'token-1')).toBe(true);
    expect(sameSecret('token-1', 'token-2')).toBe(false);
    expect(sameSecret('token-1', 'token-10')).toBe(false);
  });
});
