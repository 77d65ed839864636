import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded database: PGlite (Postgres in WebAssembly) stored in the data directory, exposed on
 * a loopback socket so the app talks to it with the same `pg` driver as to a real Postgres.
 * Only one process can open a PGlite directory, so the process that opens it records its socket
 * in `embedded.json`; the CLI, started while the server runs, connects through that socket.
 */
export interface EmbeddedDatabase {
  url: string;
  /** true when another process (a running server) owns the database. */
  borrowed: boolean;
  stop(): Promise<void>;
}

interface Marker {
  pid: number;
  port: number;
}

const canConnect = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), done(true)));
    s.once('error', () => done(false));
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

export async function openEmbedded(dataDir: string, maxConnections = 16): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const markerPath = join(dataDir, 'embedded.json');
  if (existsSync(markerPath)) {
    try {
      const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as Marker;
      if (marker.pid !== process.pid && alive(marker.pid) && (await canConnect(marker.port)))
        return { url: urlFor(marker.port), borrowed: true, stop: async () => {} };
    } catch {
      // A marker we cannot read is stale: fall through and open the database ourselves.
    }
  }
  const db = await PGlite.create(join(dataDir, 'pgdata'));
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  writeFileSync(markerPath, JSON.stringify({ pid: process.pid, port } satisfies Marker));
  let stopped = false;
  return {
    url: urlFor(port),
    borrowed: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      rmSync(markerPath, { force: true });
    },
  };
}
