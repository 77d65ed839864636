import { resolve } from 'node:path';

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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: must be a port number, got '${env.PORT}'`);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.PARLEY_DATA_DIR || 'data'),
    logLevel: env.LOG_LEVEL || 'info',
    webDist: resolve(env.PARLEY_WEB_DIST || new URL('../../web/dist', import.meta.url).pathname),
    corsOrigins: (env.PARLEY_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  };
}
