/** The events CSV export as the benchmarks measure it (bench/run.ts, bench/scale.ts). */
import { type Server, rssBytes } from '../../test/support/server';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Streams the events export, counting its rows, while sampling the API process's RSS every 50 ms. */
export async function exportCsv(server: Server, key: string, from: string, to: string) {
  const before = rssBytes(server.pid);
  let peak = before;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(server.pid));
    } catch {
      // gone
    }
  }, 50);
  const s = performance.now();
  const res = await fetch(`${server.url}/api/v1/exports/events.csv?${new URLSearchParams({ from, to, tz: 'UTC' })}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`export: HTTP ${res.status} ${await res.text()}`);
  let lines = 0;
  let quoted = false;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 0x22) quoted = !quoted;
      else if (c === 0x0a && !quoted) lines++;
    }
  }
  const seconds = (performance.now() - s) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(server.pid));
  const after = rssBytes(server.pid);
  const rows = lines - 1;
  const mb = (x: number) => round(x / 1024 / 1024, 1);
  return {
    from,
    to,
    rows,
    mb: round(bytes / 1e6, 1),
    seconds: round(seconds),
    rowsPerSecond: Math.round(rows / seconds),
    rssBeforeMB: mb(before),
    rssPeakMB: mb(peak),
    rssAfterMB: mb(after),
    rssGrowthMB: mb(peak - before),
  };
}
