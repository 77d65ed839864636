import { CursorError, decodeCursor, encodeCursor } from './conversation-list.calculations.js';

describe('the list cursor', () => {
  it('gives back the position it was made of, ids with any characters included', () => {
    for (const p of [
      { sort: 'startedAt', order: 'desc', value: '2026-11-12T08:00:00.123456Z', conversationId: 'c/1#%20 é☕' },
      { sort: 'firstResponseTime', order: 'asc', value: '12.5', conversationId: 'x' },
      { sort: 'firstResponseTime', order: 'asc', value: '1.2e-05', conversationId: 'x' },
      { sort: 'rating', order: 'desc', value: null, conversationId: 'y' },
      { sort: 'waitingSince', order: 'asc', value: null, conversationId: 'z' },
    ] as const) {
      const text = encodeCursor(p);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text, p.sort, p.order)).toEqual(p);
    }
  });

  it('refuses a cursor of another sort or order, naming both', () => {
    const text = encodeCursor({ sort: 'rating', order: 'desc', value: '5', conversationId: 'a' });
    expect(() => decodeCursor(text, 'rating', 'asc')).toThrow('cursor: it continues a list sorted by rating desc, not rating asc');
    expect(() => decodeCursor(text, 'startedAt', 'desc')).toThrow(CursorError);
  });

  it('refuses anything else: not base64url, not JSON, wrong shape, a value unlike the sort\'s', () => {
    const raw = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    for (const text of [
      '',
      'not a cursor!',
      Buffer.from('{').toString('base64url'),
      raw({ sort: 'startedAt' }),
      raw([2, 'startedAt', 'desc', '2026-11-12T08:00:00.000000Z', 'a']),
      raw([1, 'startedAt', 'desc', null, 'a']),
      raw([1, 'startedAt', 'desc', '2026-11-12', 'a']),
      raw([1, 'startedAt', 'desc', "2026-11-12T08:00:00.000000Z'; DROP TABLE events; --", 'a']),
      raw([1, 'startedAt', 'desc', '2026-11-12T08:00:00.000000Z', '']),
      raw([1, 'startedAt', 'desc', '2026-11-12T08:00:00.000000Z', 'x'.repeat(129)]),
      'A'.repeat(1025),
    ])
      expect(() => decodeCursor(text, 'startedAt', 'desc')).toThrow(/^cursor: not a cursor of this list/);
    expect(() => decodeCursor(raw([1, 'rating', 'desc', '4.5', 'a']), 'rating', 'desc')).toThrow(CursorError);
    expect(() => decodeCursor(raw([1, 'firstResponseTime', 'desc', 'NaN', 'a']), 'firstResponseTime', 'desc')).toThrow(CursorError);
  });
});
