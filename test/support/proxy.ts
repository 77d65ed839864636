/**
 * A TCP proxy between the API and Postgres that a test can break the way networks break:
 * `freeze` stops forwarding without closing anything (a stalled server or a silent partition:
 * nothing answers, nothing fails), `cut` resets every connection and refuses new ones (an
 * outage), `heal` forwards again.
 */
import { type Server, type Socket, connect, createServer } from 'node:net';

export interface Proxy {
  port: number;
  /** The URL of `target` through the proxy. */
  url: string;
  freeze(): void;
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<Proxy> {
  const t = new URL(target);
  const pairs = new Set<[Socket, Socket]>();
  let held: [Socket, Buffer][] = [];
  let state: 'open' | 'frozen' | 'cut' = 'open';
  const server: Server = createServer((client) => {
    if (state === 'cut') return void client.destroy();
    const upstream = connect(Number(t.port || 5432), t.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    // Forwarded by hand: while frozen, what arrives is held here, in order, until heal.
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (state === 'frozen') held.push([to, chunk]);
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    freeze() {
      state = 'frozen';
    },
    cut() {
      state = 'cut';
      held = [];
      for (const [a, b] of pairs) (a.resetAndDestroy(), b.resetAndDestroy());
      pairs.clear();
    },
    heal() {
      state = 'open';
      for (const [to, chunk] of held) if (!to.destroyed) to.write(chunk);
      held = [];
    },
    close: () =>
      new Promise<void>((done) => {
        for (const [a, b] of pairs) (a.destroy(), b.destroy());
        server.close(() => done());
      }),
  };
}
