/**
 * What the drills (test/drills/run.ts) and their CI-sized subset (test/api/reliability.e2e.ts)
 * share: clients that ingest the way a careful integration does (retry until 200, honouring
 * Retry-After), readers that time another workspace's dashboard, a health poller, and the
 * accounting of what was offered, stored, lost and doubled.
 */
import type { Client } from 'pg';
import { post } from '../support/server';

export interface IngestTally {
  offered: number;
  batches: number;
  /** Answers by status ('network' for a refused or broken connection). */
  answers: Record<string, number>;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Retry-After values seen on 429/503, in seconds. */
  retryAfter: number[];
}

export const newTally = (): IngestTally => ({ offered: 0, batches: 0, answers: {}, accepted: 0, duplicates: 0, rejected: 0, retryAfter: [] });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `clients` concurrent clients send the batches; each batch is sent until it gets a 200 (after
 * Retry-After on 429/503, after 250 ms on a network error), or until `giveUpAt`. `target()` is
 * asked before every request, so a drill can move the clients to a restarted server.
 */
export async function ingestBatches(
  target: () => { url: string; key: string },
  batches: unknown[][],
  clients: number,
  tally: IngestTally = newTally(),
  giveUpAt = Date.now() + 10 * 60_000,
): Promise<IngestTally> {
  let next = 0;
  const count = (k: string) => (tally.answers[k] = (tally.answers[k] ?? 0) + 1);
  const client = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      tally.batches++;
      tally.offered += batch.length;
      for (;;) {
        if (Date.now() > giveUpAt) throw new Error('a batch was not accepted before the drill gave up');
        const { url, key } = target();
        let r: Awaited<ReturnType<typeof post>>;
        try {
          r = await post(url, key, batch);
        } catch {
          count('network');
          await sleep(250);
          continue;
        }
        count(String(r.status));
        if (r.status === 200) {
          tally.accepted += r.json.accepted;
          tally.duplicates += r.json.duplicates;
          tally.rejected += r.json.rejected.length;
          break;
        }
        if (r.status === 429 || r.status === 503) {
          const after = Number(r.headers.get('retry-after'));
          if (Number.isFinite(after) && after > 0) tally.retryAfter.push(after);
          await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 500);
          continue;
        }
        throw new Error(`ingest answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return tally;
}

/** Times GET requests round the `paths` until `stop()`; every answer must be a 200. */
export async function timeReads(url: string, key: string, paths: string[], stop: () => boolean, minRequests = 0): Promise<{ ms: number[]; failures: string[] }> {
  const ms: number[] = [];
  const failures: string[] = [];
  for (let i = 0; !stop() || i < minRequests; i++) {
    const path = paths[i % paths.length];
    const t0 = performance.now();
    try {
      const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      await r.arrayBuffer();
      if (r.status !== 200) failures.push(`${path}: ${r.status}`);
    } catch (e) {
      failures.push(`${path}: ${(e as Error).message}`);
    }
    ms.push(performance.now() - t0);
  }
  return { ms, failures };
}

/** Polls /health every `everyMs` until `stop()`; the statuses seen (0: no answer within 5 s). */
export async function pollHealth(url: string, stop: () => boolean, everyMs = 250): Promise<number[]> {
  const statuses: number[] = [];
  while (!stop()) {
    try {
      const r = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      statuses.push(r.status);
    } catch {
      statuses.push(0);
    }
    await sleep(everyMs);
  }
  return statuses;
}

/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * What was lost and doubled: `lost` offered ids the workspace does not hold; `doubled` how many
 * more events the API said it accepted than it holds (an event stored twice, or counted twice).
 */
export async function accountFor(client: Client, workspace: string, offeredIds: Set<string>, tally: IngestTally): Promise<{ stored: number; lost: number; doubled: number }> {
  const { rows } = await client.query(
    `SELECT e.event_id FROM events e JOIN workspaces w USING (workspace_id) WHERE w.name = $1`,
    [workspace],
  );
  const stored = new Set<string>(rows.map((r) => r.event_id));
  let lost = 0;
  for (const id of offeredIds) if (!stored.has(id)) lost++;
  return { stored: rows.length, lost, doubled: Math.max(0, tally.accepted - stored.size) + (rows.length - stored.size) };
}

/** Batches of `size` consecutive events. */
export function inBatches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
