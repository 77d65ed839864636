import { resolve } from 'node:path';
import { z } from 'zod';
import { parseSecretKey } from './connectors/secrets.calculations.js';

/** Bounds on waiting and on concurrency (docs/architecture.md, "Load, waits and timeouts"). */
export interface Limits {
  /** Server-side bound on one SQL statement (Postgres `statement_timeout`). */
  statementTimeoutMs: number;
  /** Bound on one HTTP request until its answer starts; past it the answer is a 503. */
  requestTimeoutMs: number;
  /** Bound on waiting for a pooled connection (and on opening one). */
  poolWaitMs: number;
  /** Pooled connections for reads, admin and health. */
  readPool: number;
  /** Pooled connections for ingest transactions (a pool of their own, so ingest never takes a read's). */
  ingestPool: number;
  /** Ingest requests of one workspace admitted at once per API process (their bodies in memory). */
  ingestParallel: number;
  /** Ingest requests of one workspace that may wait for admission; beyond, 429 at once. */
  ingestQueue: number;
  /** Longest an ingest request waits for admission or for its turn to write; beyond, 429. */
  ingestWaitMs: number;
  /** Ingest requests per second per API key (token bucket, bursts of 2 s). */
  ingestRate: number;
}

/** Everything the server and the CLI read from the environment, in one place. */
export interface Config {
  port: number;
  host: string;
  /** A Postgres URL, or undefined for the embedded PGlite database. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Where the built dashboard lives (served on the same port). */
  webDist: string;
  /** Origins allowed to call the API from a browser (CORS); empty: CORS stays off. */
  corsOrigins: string[];
  /** Seed the demo workspace on a first start (PARLEY_DEMO; on unless '0', off in the Docker image). */
  demo: boolean;
  /** Trust X-Forwarded-* from one proxy hop (PARLEY_TRUST_PROXY=1). */
  trustProxy: boolean;
  limits: Limits;
  /** The statement bound of CLI jobs (a rebuild of a big workspace runs minutes). */
  cliStatementTimeoutMs: number;
  /** Who runs the CLI (the OS user), for its audit lines. */
  osUser: string;
  /**
   * The key that encrypts connection secrets at rest (PARLEY_SECRET_KEY: 32 bytes, base64 or hex);
   * undefined: a key generated once in the data directory (connectors/secret-key.ts).
   */
  secretKey: Buffer | undefined;
  /** The server's public origin (PARLEY_PUBLIC_URL), for the webhook URLs shown to admins; else the request's. */
  publicUrl: string | undefined;
}

/** Which program reads the environment: the CLI logs only warnings unless LOG_LEVEL says more. */
export type Program = 'server' | 'cli';

// An unset or empty variable takes its default.
const text = z
  .string()
  .optional()
  .transform((v) => v || undefined);

/** A whole number within bounds, or undefined when unset (its default may depend on others). */
const integer = (min: number, max: number) =>
  text.pipe(
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return undefined;
        const n = Number(raw);
        if (Number.isInteger(n) && n >= min && n <= max) return n;
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got '${raw}'` });
        return z.NEVER;
      }),
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment variables Parley reads (README, "Configuration"). */
const EnvSchema = z.object({
  PORT: integer(0, 65535),
  HOST: text,
  DATABASE_URL: text,
  PARLEY_DATA_DIR: text,
  LOG_LEVEL: text.pipe(z.enum(LOG_LEVELS, { error: (i) => `must be one of ${LOG_LEVELS.join(', ')}, got '${String(i.input)}'` }).optional()),
  PARLEY_WEB_DIST: text,
  PARLEY_CORS_ORIGINS: text,
  PARLEY_DEMO: z.string().optional(),
  PARLEY_TRUST_PROXY: z.string().optional(),
  PARLEY_STATEMENT_TIMEOUT_MS: integer(100, 86_400_000),
  PARLEY_REQUEST_TIMEOUT_MS: integer(100, 86_400_000),
  PARLEY_POOL_WAIT_MS: integer(100, 600_000),
  PARLEY_READ_POOL: integer(1, 1000),
  PARLEY_INGEST_POOL: integer(1, 1000),
  PARLEY_INGEST_PARALLEL: integer(1, 100),
  PARLEY_INGEST_QUEUE: integer(0, 100_000),
  PARLEY_INGEST_WAIT_MS: integer(0, 600_000),
  PARLEY_INGEST_RATE: integer(1, 1_000_000),
  PARLEY_CLI_STATEMENT_TIMEOUT_MS: integer(1000, 86_400_000),
  PARLEY_SECRET_KEY: text.pipe(
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return undefined;
        const key = parseSecretKey(raw);
        if (key) return key;
        ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as 64 hex digits or base64 (e.g. openssl rand -base64 32)' });
        return z.NEVER;
      }),
  ),
  PARLEY_PUBLIC_URL: text.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://parley.example.com' }).optional()),
  USER: text,
  LOGNAME: text,
});

/** The configuration from the environment; a bad value throws an Error naming its variable(s). */
export function loadConfig(program: Program = 'server', env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  const statementTimeoutMs = e.PARLEY_STATEMENT_TIMEOUT_MS ?? 30_000;
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '0.0.0.0',
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.PARLEY_DATA_DIR ?? 'data'),
    logLevel: e.LOG_LEVEL ?? (program === 'cli' ? 'warn' : 'info'),
    webDist: resolve(e.PARLEY_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    corsOrigins: (e.PARLEY_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    demo: e.PARLEY_DEMO !== '0',
    trustProxy: e.PARLEY_TRUST_PROXY === '1',
    limits: {
      statementTimeoutMs,
      // Longer than a statement, so a slow statement reports itself first.
      requestTimeoutMs: e.PARLEY_REQUEST_TIMEOUT_MS ?? statementTimeoutMs + 15_000,
      poolWaitMs: e.PARLEY_POOL_WAIT_MS ?? 5_000,
      // PGlite runs one statement at a time: small pools, under its connection cap (16).
      readPool: e.PARLEY_READ_POOL ?? (embedded ? 4 : 10),
      ingestPool: e.PARLEY_INGEST_POOL ?? (embedded ? 2 : 4),
      ingestParallel: e.PARLEY_INGEST_PARALLEL ?? 2,
      ingestQueue: e.PARLEY_INGEST_QUEUE ?? 64,
      ingestWaitMs: e.PARLEY_INGEST_WAIT_MS ?? 10_000,
      ingestRate: e.PARLEY_INGEST_RATE ?? 50,
    },
    cliStatementTimeoutMs: e.PARLEY_CLI_STATEMENT_TIMEOUT_MS ?? 3_600_000,
    osUser: e.USER ?? e.LOGNAME ?? 'unknown',
    secretKey: e.PARLEY_SECRET_KEY,
    publicUrl: e.PARLEY_PUBLIC_URL?.replace(/\/+$/, ''),
  };
}
