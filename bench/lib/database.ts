/** The fresh database a benchmark runs on, beside the others on the server of `baseUrl`. */
import { Client } from 'pg';

/** The server of DATABASE_URL (or --database-url), else the local Postgres. */
export const serverUrl = (given: string | undefined) => given ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Connects to the server and creates database `name` (unless `create` is false: a kept one is
 * reused); its URL, and `drop` (which also closes the connection; `keep`: only closes it).
 */
export async function benchDatabase(baseUrl: string, name: string, create = true): Promise<{ url: string; drop(keep?: boolean): Promise<void> }> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  if (create) await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop(keep = false) {
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e: Error) => console.error(`could not drop ${name}: ${e.message}`));
      await admin.end();
    },
  };
}
