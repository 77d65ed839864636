import type { Config } from '../config.js';
import { openEmbedded } from './embedded.js';

/**
 * Settings for the API's Postgres sessions. JIT compiling costs 100–200 ms per metric query on big
 * workspaces and gains nothing for these short aggregates. work_mem 32 MB (default 4 MB): the 30-
 * and 90-day distinct-contact sorts spilled to disk at 1M events; in memory the slowest requests
 * took 25–45 % less. (PGlite has no JIT and takes no startup options.) bench/lib/explain.ts
 * explains with the same settings.
 */
export const SESSION_SETTINGS: Record<string, string> = { jit: 'off', work_mem: '32MB' };

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  poolSize: number;
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
      poolSize: 10,
      describe: `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`,
      stop: async () => {},
    };
  }
  const db = await openEmbedded(config.dataDir);
  return {
    url: db.url,
    embedded: true,
    // PGlite runs one query at a time; a small pool is plenty and stays under its connection cap.
    poolSize: 4,
    describe: `embedded PGlite in ${config.dataDir}${db.borrowed ? ' (through the running server)' : ''}`,
    stop: db.stop,
  };
}
