import { describe, expect, it } from '@jest/globals';
import { listParts } from './conversations.repository.js';

/** The parts of a list's order (the SQL each adds), for a sort, order, cursor and selection. */
const parts = (over: Partial<Parameters<typeof listParts>[0]>, column = 'f.x', type = 'float8') =>
  listParts({ sort: 'firstResponseTime', order: 'desc', after: null, status: null, by: 'startedAt', hours: 'calendar', ...over }, { column, type }).map((p) => p.where.trim());

describe('listParts: a page reads its order part after part', () => {
  it('startedAt is one part (never null), the cursor a keyset condition', () => {
    expect(parts({ sort: 'startedAt' }, 'f.started_at', 'timestamptz')).toEqual(['']);
    expect(parts({ sort: 'startedAt', after: { sort: 'startedAt', order: 'desc', value: '2026-01-01T00:00:00.000000Z', conversationId: 'c' } }, 'f.started_at', 'timestamptz')).toEqual([
      'AND (f.started_at < $9::timestamptz OR (f.started_at = $9::timestamptz AND f.conversation_id > $10::text))',
    ]);
  });
  it('a rating one value after another, from the cursor\'s, then the unrated', () => {
    expect(parts({ sort: 'rating' }, 'f.rating', 'int')).toEqual(['AND f.rating = 5', 'AND f.rating = 4', 'AND f.rating = 3', 'AND f.rating = 2', 'AND f.rating = 1', 'AND f.rating IS NULL']);
    expect(parts({ sort: 'rating', after: { sort: 'rating', order: 'desc', value: '4', conversationId: 'c' } }, 'f.rating', 'int')).toEqual([
      'AND f.rating = 4 AND f.conversation_id > $10::text',
      'AND f.rating = 3',
      'AND f.rating = 2',
      'AND f.rating = 1',
      'AND f.rating IS NULL',
    ]);
    expect(parts({ sort: 'rating', order: 'asc', after: { sort: 'rating', order: 'asc', value: '5', conversationId: 'c' } }, 'f.rating', 'int')).toEqual([
      'AND f.rating = 5 AND f.conversation_id > $10::text',
      'AND f.rating IS NULL',
    ]);
    // A cursor among the unrated reads only them.
    expect(parts({ sort: 'rating', after: { sort: 'rating', order: 'desc', value: null, conversationId: 'c' } }, 'f.rating', 'int')).toEqual(['AND f.rating IS NULL AND f.conversation_id > $10::text']);
  });
  it('another sort: its values (the cursor also as an index bound), then its nulls by id', () => {
    expect(parts({})).toEqual(['AND f.x IS NOT NULL', 'AND f.x IS NULL']);
    expect(parts({ order: 'asc', after: { sort: 'firstResponseTime', order: 'asc', value: '12.5', conversationId: 'c' } })).toEqual([
      'AND f.x IS NOT NULL AND f.x >= $9::float8 AND (f.x > $9::float8 OR f.conversation_id > $10::text)',
      'AND f.x IS NULL',
    ]);
    expect(parts({ after: { sort: 'firstResponseTime', order: 'desc', value: null, conversationId: 'c' } })).toEqual(['AND f.x IS NULL AND f.conversation_id > $10::text']);
  });
  it('no nulls part where the selection implies a value (calendar time only: business times may be null)', () => {
    expect(parts({ status: 'answered' })).toEqual(['AND f.x IS NOT NULL']);
    expect(parts({ status: 'answered', hours: 'business' })).toEqual(['AND f.x IS NOT NULL', 'AND f.x IS NULL']);
    expect(parts({ sort: 'resolutionTime', by: 'resolvedAt' })).toEqual(['AND f.x IS NOT NULL']);
    expect(parts({ sort: 'resolutionTime', status: 'resolved' })).toEqual(['AND f.x IS NOT NULL']);
    expect(parts({ sort: 'waitingSince', status: 'waiting', hours: 'business' }, 'f.w', 'timestamptz')).toEqual(['AND f.w IS NOT NULL']);
    expect(parts({ sort: 'waitingSince', status: 'open' }, 'f.w', 'timestamptz')).toEqual(['AND f.w IS NOT NULL', 'AND f.w IS NULL']);
  });
});
