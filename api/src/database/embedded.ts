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
  keepExtendedQueriesWhole(server);
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

/** The parts of pglite-socket 0.2.17's (unexported) query queue that the fix below replaces. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(data: Uint8Array): void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Parse, Bind, Describe, Execute, Close, Flush: a connection that sent one is mid-query until its Sync. */
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * pglite-socket runs the protocol messages of every connection one at a time from one queue, on
 * the one PGlite session, and keeps a connection's turn only inside a transaction. Outside one,
 * another connection's Parse could run between a connection's Parse and its Bind: the unnamed
 * statement was replaced, and a query answered with another query's rows (seen as an API key
 * "unknown" under concurrent requests; electric-sql/pglite#1046). Here a connection also keeps its
 * turn from its first extended-protocol message to its Sync. (The version is pinned exactly.)
 */
export function keepExtendedQueriesWhole(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  if (!q || typeof q.processQueue !== 'function' || !Array.isArray(q.queue)) throw new Error('pglite-socket changed: review keepExtendedQueriesWhole');
  let midQuery: number | null = null;
  q.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = midQuery ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const at = owner === null ? 0 : this.queue.findIndex((m) => m.handlerId === owner);
        if (at === -1) break; // the owner's next message has not arrived; enqueue() calls again
        const [item] = this.queue.splice(at, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: (d: Uint8Array) => ((bytes += d.length), item.onData(d)) }));
        } catch (err) {
          midQuery = null;
          item.reject(err);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        midQuery = EXTENDED.has(item.message[0]) ? item.handlerId : null;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  // A connection that goes away mid-query gives its turn back.
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (midQuery === handlerId) {
      midQuery = null;
      void q.processQueue();
    }
  };
}
