import pg from 'pg';

/** The code of the error a query gets when the database did not answer in time. */
export const DATABASE_TIMEOUT = 'PARLEY_DATABASE_TIMEOUT';

/**
 * The statement that lifts the server's per-statement bound for the rest of a transaction
 * (a migration's backfill: database/schema.ts); the client's bound then waits too, until the
 * transaction ends.
 */
export const LIFT_STATEMENT_TIMEOUT = 'SET LOCAL statement_timeout = 0';

const textOf = (arg: unknown): string => (typeof arg === 'string' ? arg : arg && typeof (arg as { text?: unknown }).text === 'string' ? (arg as { text: string }).text : '');

/**
 * A pg Client whose every query has a client-side bound. statement_timeout bounds what the server
 * does, but not a stalled server nor a silent network partition: there nothing answers and the
 * query would wait for ever. Past the bound the connection is destroyed, not reused: the query
 * fails with DATABASE_TIMEOUT, the pool drops the client, and the server rolls back the open
 * transaction when it notices the connection is gone (nothing half-done is committed).
 * pg's own `query_timeout` leaves the connection in use, with the late answer still owed.
 */
export function boundedClient(timeoutMs: number): typeof pg.Client {
  return class BoundedClient extends pg.Client {
    /** Inside a transaction that lifted statement_timeout: no client-side bound either. */
    private lifted = false;

    // pg's overloads (text, config, Submittable, callbacks) are passed through untouched.
    override query(...args: unknown[]): any {
      const text = textOf(args[0]).trim();
      if (text === LIFT_STATEMENT_TIMEOUT) this.lifted = true;
      else if (/^(COMMIT|ROLLBACK)\b/i.test(text)) this.lifted = false;
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (this.lifted) return result;
      const promise = result && typeof (result as Promise<unknown>).then === 'function';
      // A stream (COPY) is bounded from submission to its end, like a query.
      const stream = !promise && result && typeof (result as NodeJS.EventEmitter).once === 'function';
      if (!promise && !stream) return result;
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`the database did not answer within ${timeoutMs} ms`), { code: DATABASE_TIMEOUT });
        (this as unknown as { connection: { stream: { destroy(e: Error): void } } }).connection.stream.destroy(err);
      }, timeoutMs);
      timer.unref();
      const clear = () => clearTimeout(timer);
      if (promise) (result as Promise<unknown>).then(clear, clear);
      else for (const e of ['end', 'error', 'close', 'finish']) (result as NodeJS.EventEmitter).once(e, clear);
      return result;
    }
  };
}
