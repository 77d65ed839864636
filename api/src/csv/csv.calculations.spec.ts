/**
 * CSV as api.md ("CSV") asks: header names are the JSON keys (revenue → revenue.EUR, cohorts →
 * retained.0, rate.0, …), null is an empty cell, RFC 4180 quoting with CRLF line ends, and text
 * that a spreadsheet would run as a formula prefixed with `'`.
 */
import { csvCell, csvFilename, csvLine, toCsv } from './csv.calculations.js';

/** Lines of a CSV text, without the final empty one. */
const lines = (csv: string) => {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n');
};

describe('csvCell: RFC 4180 quoting', () => {
  it('plain text as is', () => {
    expect(csvCell('whatsapp')).toBe('whatsapp');
    expect(csvCell('héllo wörld ✓')).toBe('héllo wörld ✓');
    expect(csvCell('')).toBe('');
  });

  it('a comma, a quote, CR or LF → quoted, quotes doubled', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('"')).toBe('""""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
  });

  it('semicolons, tabs inside and spaces need no quotes', () => {
    expect(csvCell('a;b')).toBe('a;b');
    expect(csvCell('a\tb')).toBe('a\tb');
    expect(csvCell(' padded ')).toBe(' padded ');
  });

  it('null and undefined are empty cells', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('numbers as JSON writes them, never prefixed (negative numbers stay as is)', () => {
    expect(csvCell(0)).toBe('0');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(120.5)).toBe('120.5');
  });

  it('non-finite numbers are empty (JSON has no NaN)', () => {
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(Infinity)).toBe('');
  });

  it('booleans as true / false', () => {
    expect(csvCell(true)).toBe('true');
    expect(csvCell(false)).toBe('false');
  });
});

describe('csvCell: formula injection', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+4915550001111', "'+4915550001111"], // a phone number in an id is text
    ['-12', "'-12"], // text, not a number
    ['-', "'-"],
    ['@user', "'@user"],
    ['\tcmd', "'\tcmd"],
  ])('%j → %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('a text starting with CR is prefixed, then quoted (it contains CR)', () => {
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('prefixed and quoted when it also needs quoting, quotes doubled', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1,2')).toBe(`"'+1,2"`);
  });

  it('the characters only matter at the start', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('a+b')).toBe('a+b');
    expect(csvCell('2026-11-01T00:00:00+01:00')).toBe('2026-11-01T00:00:00+01:00');
    expect(csvCell(' =1')).toBe(' =1');
  });
});

describe('csvLine', () => {
  it('cells joined by commas, ending in CRLF', () => {
    expect(csvLine(['a', 1, null, 'b,c', undefined, true])).toBe('a,1,,"b,c",,true\r\n');
  });

  it('an empty row is an empty line', () => {
    expect(csvLine([])).toBe('\r\n');
  });
});

describe('toCsv', () => {
  it('header from the JSON keys, one line per row, CRLF line ends, null as empty', () => {
    const csv = toCsv([
      { bucket: '2026-10-25T00:00:00+02:00', conversations: 3, responseRate: 0.5 },
      { bucket: '2026-10-26T00:00:00+01:00', conversations: 0, responseRate: null },
    ]);
    expect(csv).toBe(
      'bucket,conversations,responseRate\r\n' + '2026-10-25T00:00:00+02:00,3,0.5\r\n' + '2026-10-26T00:00:00+01:00,0,\r\n',
    );
  });

  it('group: null is an empty cell, text is quoted / prefixed as any cell', () => {
    const csv = toCsv([
      { bucket: 'b1', group: 'agent,1', conversations: 1 },
      { bucket: 'b1', group: '+4915550001111', conversations: 2 },
      { bucket: 'b1', group: null, conversations: 3 },
    ]);
    expect(lines(csv)).toEqual(['bucket,group,conversations', 'b1,"agent,1",1', "b1,'+4915550001111,2", 'b1,,3']);
  });

  it('revenue → one column per currency, sorted, union across rows, empty where none', () => {
    const csv = toCsv([
      { bucket: 'b1', conversations: 1, revenue: { USD: 5.1 }, conversionRate: 0.5 },
      { bucket: 'b2', conversations: 2, revenue: {}, conversionRate: null },
      { bucket: 'b3', conversations: 3, revenue: { EUR: 120.5, CHF: 7 }, conversionRate: 1 },
    ]);
    expect(lines(csv)).toEqual([
      'bucket,conversations,revenue.CHF,revenue.EUR,revenue.USD,conversionRate',
      'b1,1,,,5.1,0.5',
      'b2,2,,,,',
      'b3,3,7,120.5,,1',
    ]);
  });

  it('a negative revenue amount stays a plain number', () => {
    expect(lines(toCsv([{ channel: 'sms', revenue: { EUR: -20 } }]))).toEqual(['channel,revenue.EUR', 'sms,-20']);
  });

  it('arrays → name.0, name.1, … up to the longest, missing entries empty', () => {
    const csv = toCsv([
      { cohort: 'c1', values: [1, 2, 3] },
      { cohort: 'c2', values: [4] },
    ]);
    expect(lines(csv)).toEqual(['cohort,values.0,values.1,values.2', 'c1,1,2,3', 'c2,4,,']);
  });

  it('cohorts: retained and rate interleaved as retained.0, rate.0, retained.1, rate.1, …', () => {
    const csv = toCsv(
      [
        { cohort: '2026-10-05T00:00:00+02:00', size: 4, retained: [4, 2, 1], rate: [1, 0.5, 0.25] },
        { cohort: '2026-10-12T00:00:00+02:00', size: 0, retained: [0, 0], rate: [null, null] },
        { cohort: '2026-10-19T00:00:00+02:00', size: 5, retained: [5], rate: [1] },
      ],
      ['retained', 'rate'],
    );
    expect(lines(csv)).toEqual([
      'cohort,size,retained.0,rate.0,retained.1,rate.1,retained.2,rate.2',
      '2026-10-05T00:00:00+02:00,4,4,1,2,0.5,1,0.25',
      '2026-10-12T00:00:00+02:00,0,0,,0,,,',
      '2026-10-19T00:00:00+02:00,5,5,1,,,,',
    ]);
  });

  it('heatmap cells: plain columns', () => {
    const csv = toCsv([
      { weekday: 1, hour: 0, messages: 0 },
      { weekday: 1, hour: 1, messages: 42 },
    ]);
    expect(csv).toBe('weekday,hour,messages\r\n1,0,0\r\n1,1,42\r\n');
  });

  it('every line has as many cells as the header', () => {
    const csv = toCsv([
      { bucket: 'b1', group: 'sms', revenue: { EUR: 1 }, rate: null },
      { bucket: 'b2', group: null, revenue: { USD: 2, GBP: 3 }, rate: 0.1 },
    ]);
    const counts = lines(csv).map((l) => l.split(',').length);
    expect(new Set(counts)).toEqual(new Set([counts[0]]));
    expect(lines(csv)[0]).toBe('bucket,group,revenue.EUR,revenue.GBP,revenue.USD,rate');
  });
});

describe('csvFilename', () => {
  const at = (iso: string) => Date.parse(iso);
  it('parley-<report>_<first day>_<last day, inclusive>.csv: a `to` at local midnight names the day before', () => {
    // October in Berlin: from Oct 1 (CEST) to Nov 1 (CET), the file holds Oct 1 – Oct 31.
    expect(csvFilename('engagement', at('2026-10-01T00:00:00+02:00'), at('2026-11-01T00:00:00+01:00'), 'Europe/Berlin')).toBe('parley-engagement_2026-10-01_2026-10-31.csv');
    // The dashboard's "Nov 3 – Dec 2" is sent as from=2026-11-03&to=2026-12-03.
    expect(csvFilename('events', at('2026-11-03T00:00:00Z'), at('2026-12-03T00:00:00Z'), 'UTC')).toBe('parley-events_2026-11-03_2026-12-02.csv');
    // One day.
    expect(csvFilename('overview', at('2026-11-20T00:00:00Z'), at('2026-11-21T00:00:00Z'), 'UTC')).toBe('parley-overview_2026-11-20_2026-11-20.csv');
  });

  it('names a date-time bound by the local date of the first and of the last instant', () => {
    // Ends mid-day: the last instant (08:00 minus 1 ms) is on November 2.
    expect(csvFilename('conversations', at('2026-11-01T08:00:00.123+01:00'), at('2026-11-02T08:00:00+01:00'), 'Europe/Berlin')).toBe('parley-conversations_2026-11-01_2026-11-02.csv');
    // The same instants read in another zone give that zone's dates.
    expect(csvFilename('conversations', at('2026-11-01T23:30:00Z'), at('2026-11-02T00:00:00Z'), 'Asia/Tokyo')).toBe('parley-conversations_2026-11-02_2026-11-02.csv');
    expect(csvFilename('conversations', at('2026-11-01T23:30:00Z'), at('2026-11-02T00:00:00Z'), 'UTC')).toBe('parley-conversations_2026-11-01_2026-11-01.csv');
  });
});

describe('toCsv without rows', () => {
  it('still writes the header, from the template row', () => {
    expect(toCsv([], null, { bucket: null, group: null, conversations: 0, revenue: {} })).toBe('bucket,group,conversations\r\n');
  });
});
