import { resolve } from 'node:path';

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
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}: must be a whole number from ${min} to ${max}, got '${raw}'`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const embedded = !env.DATABASE_URL;
  const statementTimeoutMs = integer(env, 'PARLEY_STATEMENT_TIMEOUT_MS', 30_000, 100, 86_400_000);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.PARLEY_DATA_DIR || 'data'),
    logLevel: env.LOG_LEVEL || 'info',
    webDist: resolve(env.PARLEY_WEB_DIST || new URL('../../web/dist', import.meta.url).pathname),
    corsOrigins: (env.PARLEY_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    demo: env.PARLEY_DEMO !== '0',
    trustProxy: env.PARLEY_TRUST_PROXY === '1',
    limits: {
      statementTimeoutMs,
      // Longer than a statement, so a slow statement reports itself first.
      requestTimeoutMs: integer(env, 'PARLEY_REQUEST_TIMEOUT_MS', statementTimeoutMs + 15_000, 100, 86_400_000),
      poolWaitMs: integer(env, 'PARLEY_POOL_WAIT_MS', 5_000, 100, 600_000),
      // PGlite runs one statement at a time: small pools, under its connection cap (16).
      readPool: integer(env, 'PARLEY_READ_POOL', embedded ? 4 : 10, 1, 1000),
      ingestPool: integer(env, 'PARLEY_INGEST_POOL', embedded ? 2 : 4, 1, 1000),
      ingestParallel: integer(env, 'PARLEY_INGEST_PARALLEL', 2, 1, 100),
      ingestQueue: integer(env, 'PARLEY_INGEST_QUEUE', 64, 0, 100_000),
      ingestWaitMs: integer(env, 'PARLEY_INGEST_WAIT_MS', 10_000, 0, 600_000),
      ingestRate: integer(env, 'PARLEY_INGEST_RATE', 50, 1, 1_000_000),
    },
    cliStatementTimeoutMs: integer(env, 'PARLEY_CLI_STATEMENT_TIMEOUT_MS', 3_600_000, 1000, 86_400_000),
  };
}
