import { DATABASE_TIMEOUT } from '../database/bounded-client.js';

/**
 * What a database failure means for the client: `unavailable` (the database cannot be reached
 * or is restarting) and `timeout` (it did not answer in time) are both 503s to retry; null is a
 * failure of ours (500). pg errors arrive bare or wrapped by TypeORM (QueryFailedError keeps the
 * driver error's `code`, and its message).
 */
export function databaseFailure(e: unknown): 'unavailable' | 'timeout' | null {
  const err = e as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!err || typeof err !== 'object') return null;
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : '';
  // 57014: statement_timeout; 55P03: lock_timeout.
  if (code === DATABASE_TIMEOUT || code === '57014' || code === '55P03' || /timeout exceeded when trying to connect|timeout expired/.test(message)) return 'timeout';
  // Node's socket errors, SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down,
  // crashed, starting up), 53300 (too many connections).
  if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/.test(code) || /^08...$/.test(code) || /^57P0[123]$/.test(code) || code === '53300')
    return 'unavailable';
  if (/Connection terminated|not queryable|Connection is closed|connection error/i.test(message)) return 'unavailable';
  return err.driverError && err.driverError !== e ? databaseFailure(err.driverError) : null;
}
