import { describe, expect, it } from '@jest/globals';
import { groupKey, groupRows, hasNamedGroup, pickedRows, ranks, resolvePicks, sortGroupRows, sparkline, togglePick } from './group-table';
import { NO_GROUP } from './url-state';

type T = { group: string | null; bot?: boolean; conversations: number; firstResponseMedian: number | null };
const B = ['2026-11-01T00:00:00+01:00', '2026-11-02T00:00:00+01:00', '2026-11-03T00:00:00+01:00'];
const groups: T[] = [
  { group: 'ana', bot: false, conversations: 40, firstResponseMedian: 300 },
  { group: 'ava-bot', bot: true, conversations: 90, firstResponseMedian: 2 },
  { group: 'ben', bot: false, conversations: 10, firstResponseMedian: 120 },
  { group: 'cleo', bot: false, conversations: 25, firstResponseMedian: null },
  { group: 'dan', bot: false, conversations: 25, firstResponseMedian: 600 },
  { group: null, bot: false, conversations: 30, firstResponseMedian: null },
];
const series = groups.flatMap((g, gi) => B.map((bucket, i) => ({ bucket, group: g.group, firstResponseMedian: g.firstResponseMedian === null ? null : g.firstResponseMedian + i * 10 * gi })));
const rows = groupRows(groups, series, 'firstResponseMedian', 'Unanswered');
const names = (rs: { key: string }[]) => rs.map((r) => r.key);

describe('groupRows', () => {
  it('makes one row per group with its kind, label and series of the shown metric', () => {
    expect(rows.map((r) => [r.key, r.label, r.kind])).toEqual([
      ['ana', 'ana', 'main'],
      ['ava-bot', 'ava-bot', 'bot'],
      ['ben', 'ben', 'main'],
      ['cleo', 'cleo', 'main'],
      ['dan', 'dan', 'main'],
      [NO_GROUP, 'Unanswered', 'none'],
    ]);
    expect(rows[2].spark).toEqual([120, 140, 160]);
    expect(rows[5].spark).toEqual([null, null, null]);
    // The totals are the API's, not sums of buckets.
    expect(rows[0].totals).toBe(groups[0]);
  });

  it('names the null group NO_GROUP in keys', () => {
    expect(groupKey(null)).toBe(NO_GROUP);
    expect(groupKey('x')).toBe('x');
  });
});

describe('hasNamedGroup', () => {
  it('is true with any group but the null one (a bot counts), false with only "Without team" or nothing', () => {
    expect(hasNamedGroup(rows)).toBe(true);
    expect(hasNamedGroup(groupRows([groups[1], groups[5]], series, 'firstResponseMedian', 'Unanswered'))).toBe(true);
    expect(hasNamedGroup(groupRows([groups[5]], series, 'firstResponseMedian', 'Without team'))).toBe(false);
    expect(hasNamedGroup(groupRows([], [], 'firstResponseMedian', 'Without team'))).toBe(false);
  });
});

describe('sortGroupRows', () => {
  const frt = (t: T) => t.firstResponseMedian;
  it('ranks people first, then bots, then the no-responder row, each by the column; no value last', () => {
    expect(names(sortGroupRows(rows, frt, 'asc'))).toEqual(['ben', 'ana', 'dan', 'cleo', 'ava-bot', NO_GROUP]);
    expect(names(sortGroupRows(rows, frt, 'desc'))).toEqual(['dan', 'ana', 'ben', 'cleo', 'ava-bot', NO_GROUP]);
  });

  it('breaks ties by name and sorts names either way', () => {
    expect(names(sortGroupRows(rows, (t) => t.conversations, 'desc'))).toEqual(['ana', 'cleo', 'dan', 'ben', 'ava-bot', NO_GROUP]);
    expect(names(sortGroupRows(rows, 'name', 'desc'))).toEqual(['dan', 'cleo', 'ben', 'ana', 'ava-bot', NO_GROUP]);
  });

  it('numbers only the people', () => {
    const sorted = sortGroupRows(rows, (t) => t.conversations, 'desc');
    expect([...ranks(sorted)]).toEqual([
      ['ana', 1],
      ['cleo', 2],
      ['dan', 3],
      ['ben', 4],
    ]);
  });
});

describe('resolvePicks', () => {
  const sorted = sortGroupRows(rows, (t) => t.conversations, 'desc');
  it('defaults to the top 3 of the ranking, people before bots, never the unanswered', () => {
    expect(resolvePicks(sorted, null)).toEqual(['ana', 'cleo', 'dan']);
    const two = sortGroupRows(rows.filter((r) => ['ana', 'ava-bot'].includes(r.key) || r.group === null), (t) => t.conversations, 'desc');
    expect(resolvePicks(two, null)).toEqual(['ana', 'ava-bot']);
    const onlyNone = rows.filter((r) => r.group === null);
    expect(resolvePicks(onlyNone, null)).toEqual([NO_GROUP]);
  });

  it('keeps the picked groups the answer has, in table order, and falls back when none is left', () => {
    expect(resolvePicks(sorted, ['dan', 'gone', NO_GROUP, 'ana'])).toEqual(['ana', 'dan', NO_GROUP]);
    expect(resolvePicks(sorted, ['gone'])).toEqual(['ana', 'cleo', 'dan']);
  });
});

describe('togglePick', () => {
  it('adds up to the maximum, removes, and never leaves none', () => {
    expect(togglePick(['a'], 'b')).toEqual(['a', 'b']);
    expect(togglePick(['a', 'b'], 'a')).toEqual(['b']);
    expect(togglePick(['a'], 'a')).toEqual(['a']);
    expect(togglePick(['a', 'b', 'c', 'd', 'e'], 'f')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(togglePick(['a', 'b'], 'c', 2)).toEqual(['a', 'b']);
  });
});

describe('pickedRows', () => {
  it('gives one row per bucket with a column per picked group, in pick order', () => {
    expect(pickedRows(series, 'firstResponseMedian', ['ben', NO_GROUP])).toEqual([
      { bucket: B[0], p0: 120, p1: null },
      { bucket: B[1], p0: 140, p1: null },
      { bucket: B[2], p0: 160, p1: null },
    ]);
  });
});

describe('sparkline', () => {
  it('scales to the values own range with the largest at the top', () => {
    expect(sparkline([0, 5, 10], 22, 12)).toEqual({ path: 'M1 11 L11 6 L21 1', dots: [] });
  });

  it('breaks the line at a missing value and dots a lone value', () => {
    expect(sparkline([10, null, 0, 5], 32, 12)).toEqual({ path: 'M1 1 M21 11 L31 6', dots: [{ x: 1, y: 1 }] });
  });

  it('draws a flat series across the middle, and nothing without values', () => {
    expect(sparkline([3, 3], 12, 10).path).toBe('M1 5 L11 5');
    expect(sparkline([null, null], 12, 10)).toEqual({ path: '', dots: [] });
    expect(sparkline([7], 12, 10)).toEqual({ path: 'M1 5', dots: [{ x: 1, y: 5 }] });
  });
});
