/**
 * How the API's answers are compared to the oracle's (test/support/oracle.ts) and CSV read back,
 * for the e2e suites that check figures field by field.
 */

/**
 * Deep equality, numbers within 1e-9 relative (percentiles are interpolated in other units), but
 * firstResponseMean exactly: both divide the exact µs sum once, so it must be the same double.
 * Throws with the path of the first difference.
 */
export function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tolerance = path.endsWith('.firstResponseMean') ? 0 : 1e-9 * Math.max(1, Math.abs(expected));
    if (Math.abs(actual - expected) > tolerance) throw new Error(`${path}: API ${actual} ≠ reference ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Error(`${path}: API ${JSON.stringify(actual)} is not an array`);
    if (actual.length !== expected.length) throw new Error(`${path}: API has ${actual.length} items, reference ${expected.length}`);
    expected.forEach((e, i) => expectSame(actual[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') throw new Error(`${path}: API ${JSON.stringify(actual)} is not an object`);
    const ek = Object.keys(expected).sort();
    const ak = Object.keys(actual).sort();
    if (JSON.stringify(ek) !== JSON.stringify(ak)) throw new Error(`${path}: keys differ: API ${ak.join(',')} vs reference ${ek.join(',')}`);
    for (const k of ek) expectSame((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: API ${JSON.stringify(actual)} ≠ reference ${JSON.stringify(expected)}`);
}

/** Parses RFC 4180 CSV (quotes, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}
