import { DATABASE_TIMEOUT } from '../database/bounded-client.js';
import { databaseFailure } from './database-errors.js';

describe('databaseFailure', () => {
  it('reads timeouts: statement_timeout, lock_timeout, the client-side bound, a full pool', () => {
    expect(databaseFailure({ code: '57014', message: 'canceling statement due to statement timeout' })).toBe('timeout');
    expect(databaseFailure({ code: '55P03', message: 'canceling statement due to lock timeout' })).toBe('timeout');
    expect(databaseFailure(Object.assign(new Error('the database did not answer within 35000 ms'), { code: DATABASE_TIMEOUT }))).toBe('timeout');
    expect(databaseFailure(new Error('timeout exceeded when trying to connect'))).toBe('timeout');
  });

  it('reads an unreachable or restarting database', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '08006', '08P01', '57P01', '57P03', '53300'])
      expect(databaseFailure(Object.assign(new Error('x'), { code }))).toBe('unavailable');
    expect(databaseFailure(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseFailure(new Error('Client has encountered a connection error and is not queryable'))).toBe('unavailable');
  });

  it('looks inside a wrapped driver error', () => {
    expect(databaseFailure({ message: 'Query failed', driverError: { code: 'ECONNRESET', message: 'read ECONNRESET' } })).toBe('unavailable');
  });

  it('leaves our own failures alone', () => {
    expect(databaseFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeNull();
    expect(databaseFailure({ code: '23505', message: 'duplicate key value violates unique constraint' })).toBeNull();
    expect(databaseFailure({ code: '22P02', message: 'invalid input syntax for type integer' })).toBeNull();
    expect(databaseFailure(null)).toBeNull();
    expect(databaseFailure('boom')).toBeNull();
  });
});
