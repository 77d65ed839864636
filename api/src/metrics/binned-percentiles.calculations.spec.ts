import { type BinnedCell, type Piece, interpolate, locateRank, percentileRanks, pieceKey, planReads, rangePieces, resolve, sumPieces, sumPieceTotals, countAtMost, integers, type SparseBins, firstResponseRows, assignmentRows, type BinnedResult, binMeasure, valueSource, valuesAt } from './binned-percentiles.calculations.js';

const ms = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const show = (pieces: Piece[]) => pieces.map((p) => `${p.sign > 0 ? '+' : '-'}${p.day ? 'day' : 'hour'} ${new Date(p.at).toISOString().slice(0, p.day ? 10 : 13)}`);

describe('rangePieces: a range on whole hours as the fewest signed day and hour rows', () => {
  it('a UTC day is its day row', () => {
    expect(show(rangePieces(ms('2026-03-10T00:00Z'), ms('2026-03-11T00:00Z')))).toEqual(['+day 2026-03-10']);
  });

  it('a New York day (UTC−5) is its UTC day less its first 5 hours plus the next day’s first 5: 11 rows, not 24', () => {
    const pieces = show(rangePieces(ms('2026-03-02T05:00Z'), ms('2026-03-03T05:00Z')));
    expect(pieces).toEqual([
      '+day 2026-03-02',
      '-hour 2026-03-02T00',
      '-hour 2026-03-02T01',
      '-hour 2026-03-02T02',
      '-hour 2026-03-02T03',
      '-hour 2026-03-02T04',
      '+hour 2026-03-03T00',
      '+hour 2026-03-03T01',
      '+hour 2026-03-03T02',
      '+hour 2026-03-03T03',
      '+hour 2026-03-03T04',
    ]);
  });

  it('a Berlin day (UTC+1): 2 hours of the day before, then its UTC day less the last 1 hour', () => {
    expect(show(rangePieces(ms('2026-03-01T23:00Z'), ms('2026-03-02T23:00Z')))).toEqual(['+hour 2026-03-01T23', '+day 2026-03-02', '-hour 2026-03-02T23']);
  });

  it('inside one day: its hours, or the day less the hours around when that is fewer', () => {
    expect(show(rangePieces(ms('2026-03-02T10:00Z'), ms('2026-03-02T13:00Z')))).toEqual(['+hour 2026-03-02T10', '+hour 2026-03-02T11', '+hour 2026-03-02T12']);
    expect(show(rangePieces(ms('2026-03-02T01:00Z'), ms('2026-03-02T23:00Z')))).toEqual(['+day 2026-03-02', '-hour 2026-03-02T00', '-hour 2026-03-02T23']);
  });

  it('counts every hour of the range once and no other, for any range (each hour’s net sign)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const base = ms('2026-01-01T00:00Z');
    const wrong: string[] = [];
    for (let i = 0; i < 500; i++) {
      const lo = base + random(24 * 12) * HOUR;
      const hi = lo + (1 + random(24 * 10)) * HOUR;
      const net = new Map<number, number>();
      for (const p of rangePieces(lo, hi))
        for (let t = p.at; t < p.at + (p.day ? 24 : 1) * HOUR; t += HOUR) net.set(t, (net.get(t) ?? 0) + p.sign);
      for (let t = base - 48 * HOUR; t < base + 30 * 24 * HOUR; t += HOUR) if ((net.get(t) ?? 0) !== (t >= lo && t < hi ? 1 : 0)) wrong.push(`[${lo}, ${hi}) at ${t}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a range off the hour or empty', () => {
    expect(() => rangePieces(ms('2026-03-02T10:30Z'), ms('2026-03-02T13:00Z'))).toThrow(RangeError);
    expect(() => rangePieces(ms('2026-03-02T10:00Z'), ms('2026-03-02T10:00Z'))).toThrow(RangeError);
  });
});

/** A sparse row from dense counts. */
const sparse = (dense: number[]): SparseBins => {
  const bins = dense.flatMap((n, k) => (n === 0 ? [] : [k]));
  return { bins, ns: bins.map((k) => dense[k]) };
};

describe('integers', () => {
  it('reads an integer[] as Postgres writes it', () => {
    expect([...integers('{}')]).toEqual([]);
    expect([...integers('{7}')]).toEqual([7]);
    expect([...integers('{3,17,-2,1023,0}')]).toEqual([3, 17, -2, 1023, 0]);
  });
});

describe('sumPieces', () => {
  it('adds and takes away rows (several per piece: channels added up); a missing row counts nothing', () => {
    const rows = new Map([
      [pieceKey(true, 0), [sparse([5, 3, 0]), sparse([0, 0, 2])]],
      [pieceKey(false, 0), [sparse([1, 0, 2])]],
    ]);
    const pieces: Piece[] = [
      { day: true, at: 0, sign: 1 },
      { day: false, at: 0, sign: -1 },
      { day: false, at: HOUR, sign: 1 },
    ];
    expect([...sumPieces(pieces, rows, 3)]).toEqual([4, 3, 0]);
  });
});

describe('percentile_cont’s ranks and interpolation', () => {
  it('median of 4 values mixes ranks 1 and 2 half and half; p90 of 5 takes 60% of the way from rank 3 to 4', () => {
    expect(percentileRanks(0.5, 4)).toEqual({ first: 1, second: 2, fraction: 0.5 });
    const p90 = percentileRanks(0.9, 5)!;
    expect([p90.first, p90.second]).toEqual([3, 4]);
    expect(p90.fraction).toBeCloseTo(0.6, 12);
    expect(percentileRanks(0.5, 1)).toEqual({ first: 0, second: 0, fraction: 0 });
    expect(percentileRanks(0.5, 0)).toBeNull();
  });

  it('interpolates as float8_lerp, and returns the value itself when both ranks are one', () => {
    expect(interpolate(4, 10, 0.5, false)).toBe(7);
    expect(interpolate(4, 4, 0, true)).toBe(4);
  });
});

describe('locateRank', () => {
  it('finds the bin of a rank and the rank inside it', () => {
    const counts = [2, 0, 3, 1];
    expect(locateRank(counts, 0)).toEqual({ bin: 0, offset: 0 });
    expect(locateRank(counts, 2)).toEqual({ bin: 2, offset: 0 });
    expect(locateRank(counts, 4)).toEqual({ bin: 2, offset: 2 });
    expect(locateRank(counts, 5)).toEqual({ bin: 3, offset: 0 });
    expect(() => locateRank(counts, 6)).toThrow(RangeError);
  });
});

/** The bin of a value in these tests: whole tens (bins need only be ordered ranges). */
const binOf = (v: number) => Math.min(9, Math.floor(v / 10));
/** percentile_cont on a sorted copy, straight from its definition. */
function sorted(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const a = s[Math.floor(pos)];
  const b = s[Math.ceil(pos)];
  return Math.floor(pos) === Math.ceil(pos) ? a : a + (b - a) * (pos - Math.floor(pos));
}
/** What the values phase returns for a read, from all the cell's values. */
const answerRead = (all: number[], r: { bin: number; offsets: number[] }) => {
  const inBin = all.filter((v) => binOf(v) === r.bin).sort((a, b) => a - b);
  return r.offsets.map((k) => inBin[k]);
};

describe('planReads and resolve: percentiles from counts and one bin’s values', () => {
  it('hand-worked: values 1, 2, 3, 4, 10 and 25 → median 3.5 (ranks 2 and 3 in bin 0), p90 17.5 (ranks 4 and 5 in bins 1 and 2)', () => {
    const all = [1, 2, 3, 4, 10, 25];
    const counts = new Array(10).fill(0);
    for (const v of all) counts[binOf(v)]++;
    const cell: BinnedCell = { lo: 0, hi: HOUR, channel: null, responder: null, counts };
    const { reads, picks } = planReads([cell], [0.5, 0.9]);
    // Bin 0 from rank 2 (the median's 3 and 4), bin 1's only value (10: p90's first), bin 2's (25).
    expect(reads.map((r) => [r.bin, r.offsets])).toEqual([
      [0, [2, 3]],
      [1, [0]],
      [2, [0]],
    ]);
    const [[median, p90]] = resolve(
      picks,
      reads.map((r) => answerRead(all, r)),
    );
    expect(median).toBe(3.5);
    expect(p90).toBe(10 + (25 - 10) * (0.9 * 5 - 4));
    expect(p90).toBe(sorted(all, 0.9));
  });

  it('equals percentile_cont on random values, ties and single values included, for several cells at once', () => {
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const ps = [0.5, 0.9, 0.25, 1, 0];
    const sets = Array.from({ length: 60 }, (_, i) => Array.from({ length: i % 7 === 0 ? 1 : random(200) }, () => (random(3) === 0 ? random(5) * 10 : random(9000) / 97)));
    const cells = sets.map((values, i) => {
      const counts = new Array(10).fill(0);
      for (const v of values) counts[binOf(v)]++;
      return { lo: i * HOUR, hi: (i + 1) * HOUR, channel: null, responder: null, counts };
    });
    const { reads, picks } = planReads(cells, ps);
    const answers = resolve(
      picks,
      reads.map((r) => answerRead(sets[r.lo / HOUR], r)),
    );
    answers.forEach((row, i) => expect(row).toEqual(ps.map((p) => sorted(sets[i], p))));
  });

  it('fails loudly when a read returns fewer values than the counts promised (counts and values out of step)', () => {
    const { picks } = planReads([{ lo: 0, hi: HOUR, channel: null, responder: null, counts: [3] }], [0.5]);
    expect(() => resolve(picks, [[]])).toThrow(/fewer values/);
  });
});

describe('countAtMost', () => {
  it('counts the bins below x’s bin and what its own bin holds up to x', () => {
    expect(countAtMost([2, 0, 5, 1], 2, 3)).toBe(5);
    expect(countAtMost([2, 0, 5, 1], 0, 1)).toBe(1);
  });
});

describe('sumPieceTotals', () => {
  it('adds and takes away the rows’ sums exactly; a missing row adds nothing', () => {
    const sums = new Map([
      [pieceKey(true, 0), 9_007_199_254_740_993n],
      [pieceKey(false, 0), 3n],
    ]);
    const pieces: Piece[] = [
      { day: true, at: 0, sign: 1 },
      { day: false, at: 0, sign: -1 },
      { day: false, at: HOUR, sign: 1 },
    ];
    // Beyond 2^53: a float sum would round.
    expect(sumPieceTotals(pieces, sums)).toBe(9_007_199_254_740_990n);
  });
});

describe('firstResponseRows and assignmentRows: the facts’ rows from rollup counts and binned cells', () => {
  const cell = (b: number, g: string | null, n: number, values: (number | null)[], within = 0): BinnedResult => ({ b, g, n, sumUs: BigInt(n) * 1_500_000n, values, within });

  it('a bucket with conversations but no response has no statistics and a null sum, as SQL gives', () => {
    const counted = [
      { b: 1, g: null, conversations: 4, with_response: 3, automated: 1 },
      { b: 2, g: null, conversations: 2, with_response: 0, automated: 0 },
    ];
    expect(firstResponseRows(counted, [cell(1, null, 3, [1.5, 2.25], 2)])).toEqual([
      { b: 1, g: null, conversations: 4, with_response: 3, automated: 1, responded: 3, frt_median: 1.5, frt_p90: 2.25, frt_sum_us: '4500000', within_sla: 2 },
      { b: 2, g: null, conversations: 2, with_response: 0, automated: 0, responded: 0, frt_median: null, frt_p90: null, frt_sum_us: null, within_sla: 0 },
    ]);
  });

  it('keeps groups apart, a group named like null’s key included', () => {
    const counted = [
      { b: 1, g: 'sms', assigned: 2 },
      { b: 1, g: 'null', assigned: 1 },
    ];
    expect(assignmentRows(counted, [cell(1, 'sms', 2, [1, 2]), cell(1, null, 5, [9, 9])])).toEqual([
      { b: 1, g: 'sms', assigned: 2, assign_median: 1, assign_p90: 2 },
      { b: 1, g: 'null', assigned: 1, assign_median: null, assign_p90: null },
    ]);
  });
});

describe('binMeasure and valueSource (migration ResponderBins)', () => {
  it('numbers the plain measures as the DurationBins migration did, and the grouped ones 16 on', () => {
    const all = (responder: 'any' | 'agent', grouped: boolean) => ([0, 4, 8, 12] as const).map((b) => binMeasure(b, responder, grouped));
    expect(all('any', false)).toEqual([0, 4, 8, 12]);
    // The agent has its own reply and first response times; resolution and assignment are one.
    expect(all('agent', false)).toEqual([1, 5, 8, 12]);
    expect(all('any', true)).toEqual([16, 20, 24, 28]);
    // Grouped by the agent first responder, resolution and assignment have their own rows too.
    expect(all('agent', true)).toEqual([17, 21, 25, 29]);
  });

  it('finds each measure’s values: reply times in reply_waits, the others in fact_durations under their own measure', () => {
    expect(valueSource(0)).toEqual({ reply: true, agent: false, grouped: false });
    expect(valueSource(1)).toEqual({ reply: true, agent: true, grouped: false });
    expect(valueSource(16)).toEqual({ reply: true, agent: false, grouped: true });
    expect(valueSource(17)).toEqual({ reply: true, agent: true, grouped: true });
    for (const m of [4, 5, 8, 12, 20, 21, 24, 25, 28, 29]) expect(valueSource(m)).toEqual({ reply: false, measure: m });
  });
});

describe('valuesAt (a hot bin read by value)', () => {
  it('finds each offset in the runs of equal values, whatever order they come in', () => {
    // Sorted: 0.001 ×3 (offsets 0–2), 0.0011 ×1 (3), 0.00102 ×2 → between: 0.001, 0.001, 0.001, 0.00102, 0.00102, 0.0011.
    const distinct = [
      { s: 0.0011, n: 1 },
      { s: 0.001, n: 3 },
      { s: 0.00102, n: 2 },
    ];
    expect(valuesAt(distinct, [0, 2, 3, 4, 5])).toEqual([0.001, 0.001, 0.00102, 0.00102, 0.0011]);
    expect(valuesAt(distinct, [])).toEqual([]);
  });

  it('gives what sorting every value gives', () => {
    const all = [5, 1, 1, 3, 3, 3, 2, 9, 9, 1];
    const distinct = [...new Set(all)].map((s) => ({ s, n: all.filter((x) => x === s).length }));
    const sorted = [...all].sort((a, b) => a - b);
    const offsets = sorted.map((_, k) => k);
    expect(valuesAt(distinct, offsets)).toEqual(sorted);
  });

  it('refuses an offset beyond the values read (the counts and the values disagree)', () => {
    expect(() => valuesAt([{ s: 1, n: 2 }], [2])).toThrow(RangeError);
  });
});
