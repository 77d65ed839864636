import { formatEta, progressLine } from './progress.calculations.js';

describe('formatEta', () => {
  it.each([
    [0, '0s'],
    [59.4, '59s'],
    [75, '1m 15s'],
    [3599, '59m 59s'],
    [3725, '1h 02m'],
    [NaN, '?'],
    [-1, '?'],
  ])('%p s → %p', (s, text) => expect(formatEta(s)).toBe(text));
});

describe('progressLine', () => {
  // 25% of the bytes in 10 s → 30 s left; 50,000 rows in 10 s → 5,000 rows/s.
  const p = { rows: 50_000, bytes: 250, totalBytes: 1000, elapsedMs: 10_000 };
  it('plain: percentage, rows, rate and ETA', () => {
    expect(progressLine(p, false)).toBe(' 25%  50,000 rows  5,000 rows/s  ETA 30s');
  });
  it('bar: a quarter filled', () => {
    expect(progressLine(p, true, 8)).toBe('[##......]  25%  50,000 rows  5,000 rows/s  ETA 30s');
  });
  it('before any progress: no rate, unknown ETA', () => {
    expect(progressLine({ rows: 0, bytes: 0, totalBytes: 1000, elapsedMs: 0 }, false)).toBe('  0%  0 rows  0 rows/s  ETA ?');
  });
});
