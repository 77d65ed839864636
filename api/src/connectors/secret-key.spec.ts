import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { existingSecretKey, resolveSecretKey } from './secret-key.js';

/** A logger whose lines land in `lines`. */
function capture() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (s: string) => lines.push(s) }) };
}

describe('the key that encrypts connection secrets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'parley-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('configured: used as it is, no file', () => {
    const key = Buffer.alloc(32, 7);
    expect(resolveSecretKey(key, dir, true, capture().logger)).toBe(key);
    expect(() => statSync(join(dir, 'secret.key'))).toThrow();
  });

  it('embedded default: generated once beside the data (0600), logged by path, never the key; then reused', () => {
    const { lines, logger } = capture();
    const key = resolveSecretKey(undefined, dir, true, logger);
    expect(key.length).toBe(32);
    const path = join(dir, 'secret.key');
    expect(readFileSync(path, 'utf8').trim()).toBe(key.toString('hex'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toContain(path);
    expect(lines.join('')).not.toContain(key.toString('hex'));
    expect(lines.join('')).not.toContain(key.toString('base64'));
    expect(resolveSecretKey(undefined, dir, true, logger)).toEqual(key);
    expect(lines).toHaveLength(1);
  });

  it('on Postgres the generated key comes with a warning (processes must share one)', () => {
    const { lines, logger } = capture();
    resolveSecretKey(undefined, dir, false, logger);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40 });
    expect(lines[0]).toMatch(/PARLEY_SECRET_KEY/);
  });

  it('a damaged key file is an error, not a new key (the secrets would be lost)', () => {
    writeFileSync(join(dir, 'secret.key'), 'not a key\n');
    expect(() => resolveSecretKey(undefined, dir, true, capture().logger)).toThrow(/not a 32-byte key/);
  });

  it('tools beside the server read the key and never make one (a new key opens nothing)', () => {
    const key = Buffer.alloc(32, 9);
    expect(existingSecretKey(key, dir)).toBe(key);
    expect(() => existingSecretKey(undefined, dir)).toThrow(/PARLEY_SECRET_KEY is not set/);
    expect(() => statSync(join(dir, 'secret.key'))).toThrow();
    const made = resolveSecretKey(undefined, dir, true, capture().logger);
    expect(existingSecretKey(undefined, dir).equals(made)).toBe(true);
    writeFileSync(join(dir, 'secret.key'), 'nope\n');
    expect(() => existingSecretKey(undefined, dir)).toThrow(/not a 32-byte key/);
  });
});
