import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A 32-byte key written as 64 hex digits or as base64 (standard or URL-safe); null otherwise. */
export function parseSecretKey(raw: string): Buffer | null {
  const s = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  return null;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts with AES-256-GCM: version byte, 12-byte random IV, 16-byte tag, ciphertext. The
 * connection's id is bound as associated data, so one connection's secrets copied onto another
 * row do not decrypt.
 */
export function sealSecrets(key: Buffer, secrets: Record<string, string>, associated: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** The secrets sealed by sealSecrets; throws when the key, the associated data or any byte differs. */
export function openSecrets(key: Buffer, sealed: Buffer, associated: string): Record<string, string> {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('sealed secrets: unknown format');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, string>;
}

/** Constant-time equality of two strings (as UTF-8); unequal lengths are unequal without comparing contents. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex>` (WhatsApp, Messenger, Instagram): HMAC-SHA256 of the raw
 * body with the app secret, compared in constant time. Missing, malformed or wrong: false.
 */
export function verifyHubSignature256(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string') return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(m[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A Meta app's delivery (kinds `whatsapp` and `meta`): `X-Hub-Signature-256` with the connection's
 * `appSecret`. No secret must never mean "anyone can sign" (an HMAC with an empty key).
 */
export function verifyMetaDelivery(rawBody: Buffer, headers: IncomingHttpHeaders, secrets: Record<string, string>): boolean {
  const header = headers['x-hub-signature-256'];
  if (!secrets.appSecret) return false;
  return verifyHubSignature256(rawBody, Array.isArray(header) ? undefined : header, secrets.appSecret);
}

/** The header value a platform would send (tests, and the replay CLI to come). */
export function hubSignature256(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
