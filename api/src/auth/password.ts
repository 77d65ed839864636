import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { MIN_PASSWORD_LENGTH } from '@parley/shared';
import { BadRequest } from '../common/errors.js';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** scrypt (memory-hard, in node:crypto): N=2^15, r=8 → 32 MiB per hash. */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM });
  return timingSafeEqual(actual, expected);
}

/** A readable random password (for the demo admin). */
export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** The rule of every new password (users create, a change, a reset): a 400 naming `field`. */
export function checkNewPassword(password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new BadRequest(`${field}: must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 1024) throw new BadRequest(`${field}: must be at most 1024 characters`);
}
