import type { Item } from './connector.js';

/**
 * Watermarks (connectors.md, "Mapping rules"; Messenger/Instagram `delivery` and `read`): a status
 * for each of the thread's stored outbound messages at or before the watermark, as stored when the
 * watermark arrives, and for the outbound messages of the same delivery at or before it. Pure: the
 * service reads what is stored (ConnectionsRepository.watermarkCovered), this makes the statuses.
 */

export type Watermark = Extract<Item, { type: 'watermark' }>;

export const isWatermark = (i: Item): i is Watermark => i.type === 'watermark';

type Status = Extract<Item, { type: 'status' }>;

/**
 * The delivery's items with each watermark replaced by status items of the messages it covers.
 * `stored[k]` lists the platform ids of the stored outbound messages the k-th watermark of `items`
 * covers. One status per message and status: the earliest (a listed `mids` entry and a watermark
 * covering the same message make one status event).
 */
export function coverWatermarks(items: Item[], stored: string[][]): Item[] {
  const marks = items.filter(isWatermark);
  const outbound = items.filter((i): i is Extract<Item, { type: 'message' }> => i.type === 'message' && i.direction === 'out');
  const statuses: Status[] = items.filter((i): i is Status => i.type === 'status');
  marks.forEach((w, k) => {
    const here = outbound.filter((m) => m.contactId === w.contactId && m.atMs <= w.watermarkMs).map((m) => m.platformId);
    for (const platformId of new Set([...(stored[k] ?? []), ...here]))
      statuses.push({ type: 'status', status: w.status, platformId, contactId: w.contactId, atMs: w.atMs, ...(w.channel !== undefined && { channel: w.channel }) });
  });
  const first = new Map<string, Status>();
  for (const s of statuses) {
    const key = `${s.status}\u0000${s.platformId}`;
    const seen = first.get(key);
    if (!seen || s.atMs < seen.atMs) first.set(key, s);
  }
  const kept = new Set(first.values());
  return items.filter((i) => i.type !== 'watermark' && (i.type !== 'status' || kept.has(i))).concat(statuses.filter((s) => kept.has(s) && !items.includes(s)));
}
