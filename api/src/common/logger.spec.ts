import { blankQuoted, safeError } from './logger.js';

describe('safeError', () => {
  it("drops a QueryFailedError's parameters and query, keeps its codes and stack frames", () => {
    // The shape TypeORM gives: the driver error's fields copied, plus query and parameters.
    const err = Object.assign(new Error('invalid input syntax for type json'), {
      query: 'INSERT INTO events ... $2::json',
      parameters: [7, '[{"event_id":"evt-secret-1","tags":["vip"],"attributes":{"email":"ann@example.com"}}]'],
      driverError: { code: '22P02', detail: 'Token "ann@example.com" is invalid.', where: 'JSON data, line 1: [{"event_id":"evt-secret-1"' },
      code: '22P02',
      detail: 'Token "ann@example.com" is invalid.',
      where: 'JSON data, line 1: [{"event_id":"evt-secret-1"',
      table: 'events',
    });
    err.name = 'QueryFailedError';
    const out = safeError(err);
    const text = JSON.stringify(out);
    expect(out).toMatchObject({ type: 'Error', code: '22P02', table: 'events', message: 'invalid input syntax for type json' });
    expect(out.stack).toMatch(/^\s+at /);
    for (const secret of ['evt-secret-1', 'vip', 'ann@example.com', 'INSERT', 'JSON data']) expect(text).not.toContain(secret);
  });

  it('blanks quoted values and key=(value) pairs in messages', () => {
    expect(blankQuoted('invalid input syntax for type timestamp with time zone: "0001-01-01 BC"')).toBe('invalid input syntax for type timestamp with time zone: "…"');
    expect(blankQuoted(`Unexpected token 'x', "x@y.com" is not valid JSON`)).toBe(`Unexpected token '…', "…" is not valid JSON`);
    expect(blankQuoted('Key (email)=(ann@example.com) already exists.')).toBe('Key (email)=(…) already exists.');
    expect(blankQuoted('x'.repeat(2000))).toHaveLength(500);
  });

  it('follows a cause and survives non-errors', () => {
    const out = safeError(new Error('outer', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }));
    expect(out.cause).toMatchObject({ code: 'ECONNRESET', message: 'read ECONNRESET' });
    expect(safeError('a string with ann@example.com')).toEqual({ type: 'string' });
    expect(safeError(null)).toEqual({ type: 'object' });
  });
});
