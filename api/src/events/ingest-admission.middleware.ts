import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import type { AuthedRequest } from '../auth/caller.js';
import { IngestGate } from './ingest-gate.js';

/**
 * Admits an ingest request of the caller's workspace before its body is read (IngestGate), so a
 * workspace's waiting requests hold sockets, not parsed bodies nor connections; released when the
 * answer is sent or the client goes away.
 */
@Injectable()
export class IngestAdmission implements NestMiddleware {
  constructor(
    private readonly gate: IngestGate,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  use(req: AuthedRequest, res: Response, next: NextFunction): void {
    const workspaceId = req.caller?.workspaceId;
    if (workspaceId === undefined) return next();
    this.gate.admit(workspaceId, this.options.config.limits.ingestWaitMs).then((release) => {
      res.once('close', release);
      next();
    }, next);
  }
}
