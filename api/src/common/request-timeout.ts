import type { NextFunction, Request, Response } from 'express';
import { reasonPhrase } from './errors.js';

/** When the request must have its answer (ms since the epoch); set by requestTimeout. */
export type WithDeadline = Request & { deadline?: number };

/**
 * Every request gets a bound: past `ms` without an answer started, it gets a 503 JSON and the
 * connection is closed. Work still running finds `req.deadline` passed and gives up before it
 * commits (EventsService), so a late outcome is never half there.
 */
export function requestTimeout(ms: number) {
  return (req: WithDeadline, res: Response, next: NextFunction): void => {
    req.deadline = Date.now() + ms;
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.setHeader('Connection', 'close');
      res.status(503).json({
        statusCode: 503,
        error: reasonPhrase(503),
        message: `the request took longer than ${ms} ms and was stopped; retry shortly (a retried ingest never stores an event twice)`,
        code: 'TIMEOUT',
      });
    }, ms);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
