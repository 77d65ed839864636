import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { parseSecretKey } from './secrets.calculations.js';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * The key that encrypts connection secrets: PARLEY_SECRET_KEY when set; else `secret.key` in the
 * data directory, generated (hex, mode 0600) on first use and logged as such (the path, never the
 * key). Several API processes on one Postgres must share PARLEY_SECRET_KEY: a generated file is
 * per machine, hence the warning when not embedded.
 */
export function resolveSecretKey(configured: Buffer | undefined, dataDir: string, embedded: boolean, logger: Logger): Buffer {
  if (configured) return configured;
  const path = join(dataDir, SECRET_KEY_FILE);
  let raw: string | undefined;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (raw !== undefined) {
    const key = parseSecretKey(raw);
    if (!key) throw new Error(`${path}: not a 32-byte key (64 hex digits); restore it, or set PARLEY_SECRET_KEY`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // wx: two processes starting at once must not each write a different key.
  try {
    writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecretKey(undefined, dataDir, embedded, logger);
    throw e;
  }
  const advice = embedded ? 'back it up with the data directory' : 'several API processes on one database need the same key: set PARLEY_SECRET_KEY';
  (embedded ? logger.info.bind(logger) : logger.warn.bind(logger))({ path }, `generated the key that encrypts connection secrets at ${path}; ${advice}`);
  return key;
}

/**
 * The key as the server has it, for tools beside it (the replay CLI): never generated, since a new
 * key opens no stored secret. Without PARLEY_SECRET_KEY and the data directory's file: an error
 * that says what to set.
 */
export function existingSecretKey(configured: Buffer | undefined, dataDir: string): Buffer {
  if (configured) return configured;
  const path = join(dataDir, SECRET_KEY_FILE);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new Error(`no key for connection secrets: PARLEY_SECRET_KEY is not set and ${path} does not exist; run with the server's PARLEY_SECRET_KEY or PARLEY_DATA_DIR`);
  }
  const key = parseSecretKey(raw);
  if (!key) throw new Error(`${path}: not a 32-byte key (64 hex digits); restore it, or set PARLEY_SECRET_KEY`);
  return key;
}
