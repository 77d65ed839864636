import type { Config, Limits } from '../config.js';
import { boundedClient } from './bounded-client.js';
import { openEmbedded } from './embedded.js';

/**
 * Settings for the API's Postgres sessions. JIT compiling costs 100–200 ms per metric query on big
 * workspaces and gains nothing for these short aggregates. work_mem 32 MB (default 4 MB): the 30-
 * and 90-day distinct-contact sorts spilled to disk at 1M events; in memory the slowest requests
 * took 25–45 % less. (PGlite has no JIT and takes no startup options.) bench/lib/explain.ts
 * explains with the same settings.
 */
export const SESSION_SETTINGS: Record<string, string> = { jit: 'off', work_mem: '32MB' };

/** The name of the ingest pool's DataSource (`@InjectDataSource(INGEST)`). */
export const INGEST = 'ingest';

/**
 * The pg pool options of one pool (reads or ingest): every wait bounded. Waiting for a pooled
 * connection (or opening one) ends after poolWaitMs; a statement ends on the server after
 * statementTimeoutMs, and on the client a little later (a stalled or unreachable server);
 * a transaction left idle (a client process that froze) ends after a minute.
 */
export function poolOptions(limits: Limits, size: number, embedded: boolean): Record<string, unknown> {
  const settings: Record<string, string> = {
    ...SESSION_SETTINGS,
    statement_timeout: String(limits.statementTimeoutMs),
    idle_in_transaction_session_timeout: String(Math.max(60_000, limits.statementTimeoutMs)),
  };
  return {
    max: size,
    connectionTimeoutMillis: limits.poolWaitMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    Client: boundedClient(limits.statementTimeoutMs + 5_000),
    // PGlite takes no startup options (and runs one statement at a time, with no timers).
    ...(embedded ? {} : { options: Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ') }),
  };
}

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** A short description for people (never includes a password). */
  describe: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when set, else the embedded PGlite database in the data directory. */
export async function connectDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    return {
      url: config.databaseUrl,
      embedded: false,
      describe: `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`,
      stop: async () => {},
    };
  }
  const db = await openEmbedded(config.dataDir);
  return {
    url: db.url,
    embedded: true,
    describe: `embedded PGlite in ${config.dataDir}${db.borrowed ? ' (through the running server)' : ''}`,
    stop: db.stop,
  };
}
