import { ANALYZE_BASE, tablesToAnalyze } from './statistics.calculations.js';

describe('tablesToAnalyze', () => {
  it('takes a table once its changes since ANALYZE pass the base plus 10% of its rows then', () => {
    expect(
      tablesToAnalyze([
        { table: 'events', rows: 100_000, changed: 11_000 }, // 11,000 ≤ 1,000 + 10,000
        { table: 'reply_waits', rows: 100_000, changed: 11_001 },
        { table: 'conversation_facts', rows: 0, changed: 1_001 },
        { table: 'contact_first', rows: 0, changed: 1_000 },
      ]),
    ).toEqual(['reply_waits', 'conversation_facts']);
  });

  it('counts a table never analysed (reltuples −1) as having had no rows', () => {
    expect(tablesToAnalyze([{ table: 'hourly_events', rows: -1, changed: ANALYZE_BASE + 1 }])).toEqual(['hourly_events']);
    expect(tablesToAnalyze([{ table: 'hourly_events', rows: -1, changed: ANALYZE_BASE }])).toEqual([]);
  });

  it('lists the most changed first (ties by name), so a short check does the worst first', () => {
    expect(
      tablesToAnalyze(
        [
          { table: 'b', rows: 0, changed: 5 },
          { table: 'a', rows: 0, changed: 5 },
          { table: 'c', rows: 10, changed: 50 },
        ],
        0,
        1,
      ),
    ).toEqual(['c', 'a', 'b']);
  });
});
