import type { Item } from './connector.js';
import { coverWatermarks } from './watermarks.calculations.js';

const T = 1764583200000;
const mark = (status: 'delivered' | 'read', contactId: string, watermarkMs: number, atMs: number): Item => ({ type: 'watermark', status, contactId, watermarkMs, atMs, channel: 'messenger' });
const st = (status: 'delivered' | 'read', platformId: string, contactId: string, atMs: number, extra: Partial<Item> = {}): Item =>
  ({ type: 'status', status, platformId, contactId, atMs, channel: 'messenger', ...extra }) as Item;

describe('coverWatermarks', () => {
  it('a watermark becomes one status per stored message it covers, at its own instant', () => {
    expect(coverWatermarks([mark('read', 'A', T, T + 5000)], [['m1', 'm2']])).toEqual([st('read', 'm1', 'A', T + 5000), st('read', 'm2', 'A', T + 5000)]);
  });

  it('covering nothing stored: no status', () => {
    expect(coverWatermarks([mark('delivered', 'A', T, T)], [[]])).toEqual([]);
    expect(coverWatermarks([mark('delivered', 'A', T, T)], [])).toEqual([]);
  });

  it("also covers the same delivery's outbound messages of the contact at or before it (not later ones, not other contacts')", () => {
    const items: Item[] = [
      { type: 'message', direction: 'out', platformId: 'e1', contactId: 'A', atMs: T - 1000, channel: 'messenger' },
      { type: 'message', direction: 'out', platformId: 'e2', contactId: 'A', atMs: T + 1, channel: 'messenger' },
      { type: 'message', direction: 'out', platformId: 'e3', contactId: 'B', atMs: T - 1000, channel: 'messenger' },
      { type: 'message', direction: 'in', platformId: 'i1', contactId: 'A', atMs: T - 2000, channel: 'messenger' },
      mark('read', 'A', T, T + 9000),
    ];
    expect(coverWatermarks(items, [['s1']])).toEqual([...items.slice(0, 4), st('read', 's1', 'A', T + 9000), st('read', 'e1', 'A', T + 9000)]);
  });

  it('one status per message and status: a listed mid and a covering watermark make one (the earliest; the mid keeps its sent instant)', () => {
    const mid = st('delivered', 'm1', 'A', T + 100, { sentAtMs: T } as Partial<Item>);
    expect(coverWatermarks([mid, mark('delivered', 'A', T, T + 100)], [['m1', 'm0']])).toEqual([mid, st('delivered', 'm0', 'A', T + 100)]);
    // Two read watermarks in one delivery: each message read once, at the first that covers it.
    expect(coverWatermarks([mark('read', 'A', T, T + 10), mark('read', 'A', T + 50, T + 60)], [['m1'], ['m1', 'm2']])).toEqual([st('read', 'm1', 'A', T + 10), st('read', 'm2', 'A', T + 60)]);
    // delivered and read of one message are two statuses.
    expect(coverWatermarks([mark('delivered', 'A', T, T + 10), mark('read', 'A', T, T + 20)], [['m1'], ['m1']])).toEqual([st('delivered', 'm1', 'A', T + 10), st('read', 'm1', 'A', T + 20)]);
  });

  it('items without watermarks pass unchanged', () => {
    const items: Item[] = [{ type: 'message', direction: 'in', platformId: 'i', contactId: 'A', atMs: T }, st('read', 'x', 'A', T)];
    expect(coverWatermarks(items, [])).toEqual(items);
  });
});
