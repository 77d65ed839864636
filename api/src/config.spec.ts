import { resolve } from 'node:path';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('takes the defaults for an empty environment (embedded database)', () => {
    const c = loadConfig('server', {});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: undefined, dataDir: resolve('data'), logLevel: 'info', corsOrigins: [], demo: true, trustProxy: false, cliStatementTimeoutMs: 3_600_000 });
    expect(c.limits).toEqual({
      statementTimeoutMs: 30_000,
      requestTimeoutMs: 45_000,
      poolWaitMs: 5_000,
      readPool: 4,
      ingestPool: 2,
      ingestParallel: 2,
      ingestQueue: 64,
      ingestWaitMs: 10_000,
      ingestRate: 50,
    });
  });

  it('the secret key (32 bytes, hex or base64) and the public URL; a bad one names its variable', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig('server', {})).toMatchObject({ secretKey: undefined, publicUrl: undefined });
    expect(loadConfig('server', { PARLEY_SECRET_KEY: hex }).secretKey).toEqual(Buffer.from(hex, 'hex'));
    expect(loadConfig('server', { PARLEY_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).secretKey).toEqual(Buffer.alloc(32, 1));
    expect(() => loadConfig('server', { PARLEY_SECRET_KEY: 'abcd' })).toThrow(/^PARLEY_SECRET_KEY: must be 32 bytes/);
    expect(loadConfig('server', { PARLEY_PUBLIC_URL: 'https://parley.example.com/' }).publicUrl).toBe('https://parley.example.com');
    expect(() => loadConfig('server', { PARLEY_PUBLIC_URL: 'parley.example.com' })).toThrow(/^PARLEY_PUBLIC_URL: /);
  });

  it('sizes the pools for PGlite or Postgres unless told', () => {
    expect(loadConfig('server', { DATABASE_URL: 'postgres://db/parley' }).limits).toMatchObject({ readPool: 10, ingestPool: 4 });
    expect(loadConfig('server', { DATABASE_URL: '' }).limits).toMatchObject({ readPool: 4, ingestPool: 2 });
    expect(loadConfig('server', { DATABASE_URL: 'postgres://db/parley', PARLEY_READ_POOL: '3', PARLEY_INGEST_POOL: '1' }).limits).toMatchObject({ readPool: 3, ingestPool: 1 });
  });

  it('reads every variable; empty means unset', () => {
    const c = loadConfig('server', {
      PORT: '0',
      HOST: '127.0.0.1',
      PARLEY_CORS_ORIGINS: ' https://a.example, ,https://b.example',
      PARLEY_DEMO: '0',
      PARLEY_TRUST_PROXY: '1',
      PARLEY_STATEMENT_TIMEOUT_MS: '1500',
      PARLEY_POOL_WAIT_MS: '',
      LOG_LEVEL: 'debug',
      USER: 'ana',
    });
    expect(c).toMatchObject({ port: 0, host: '127.0.0.1', corsOrigins: ['https://a.example', 'https://b.example'], demo: false, trustProxy: true, logLevel: 'debug', osUser: 'ana' });
    // The request bound follows the statement bound when not set.
    expect(c.limits).toMatchObject({ statementTimeoutMs: 1500, requestTimeoutMs: 16_500, poolWaitMs: 5_000 });
  });

  it('logs only warnings from the CLI unless LOG_LEVEL says otherwise', () => {
    expect(loadConfig('cli', {}).logLevel).toBe('warn');
    expect(loadConfig('cli', { LOG_LEVEL: 'info' }).logLevel).toBe('info');
  });

  it('names the variable of a bad value, with its bounds', () => {
    expect(() => loadConfig('server', { PARLEY_INGEST_RATE: '0' })).toThrow("PARLEY_INGEST_RATE: must be a whole number from 1 to 1000000, got '0'");
    expect(() => loadConfig('server', { PORT: '80.5' })).toThrow("PORT: must be a whole number from 0 to 65535, got '80.5'");
    expect(() => loadConfig('server', { PARLEY_READ_POOL: 'ten' })).toThrow(/^PARLEY_READ_POOL: /);
    expect(() => loadConfig('server', { LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'/);
    // Every bad variable is named at once.
    expect(() => loadConfig('server', { PORT: '-1', PARLEY_QUEUE: 'x', PARLEY_INGEST_QUEUE: 'x' })).toThrow(/^PORT: .*; PARLEY_INGEST_QUEUE: /);
  });
});
