import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MAX_BODY_BYTES } from '@parley/shared';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { TokenBuckets } from '../auth/rate-limit.calculations.js';
import { RetryLater } from '../common/errors.js';
import { rawBody } from '../events/body.middleware.js';
import { IngestGate } from '../events/ingest-gate.js';
import type { ConnectionRecord } from './connection.entity.js';
import { WebhooksService } from './webhooks.service.js';

export type WebhookRequest = Request & { webhookConnection?: ConnectionRecord };

const PATH = /^\/api\/v1\/connectors\/([^/?#]+)\/([^/?#]+)\/?(?:[?#]|$)/;

/**
 * Before a delivery's body is read, as for POST /events: the connection (404 for an unknown one
 * or a kind mismatch), the rate limit (per connection, PARLEY_INGEST_RATE), admission of its
 * workspace's ingest (IngestGate), then the raw bytes, at most 10 MiB.
 */
@Injectable()
export class WebhookIntake implements NestMiddleware {
  private readonly buckets: TokenBuckets;
  private readonly read = rawBody(MAX_BODY_BYTES);

  constructor(
    private readonly webhooks: WebhooksService,
    private readonly gate: IngestGate,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {
    const rate = options.config.limits.ingestRate;
    this.buckets = new TokenBuckets(rate, rate * 2);
  }

  use(req: WebhookRequest, res: Response, next: NextFunction): void {
    const m = PATH.exec(req.originalUrl);
    if (!m) return next(); // not a webhook path: the router answers 404
    let kind: string, id: string;
    try {
      [kind, id] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
    } catch {
      kind = id = '';
    }
    this.webhooks
      .connection(kind, id)
      .then(async (connection) => {
        const wait = this.buckets.take(`connection:${connection.id}`, Date.now());
        if (wait > 0)
          throw new RetryLater('RATE_LIMITED', 429, `too many deliveries for this connection (limit ${this.options.config.limits.ingestRate}/s); retry after ${wait} s`, wait);
        const release = await this.gate.admit(connection.workspaceId, this.options.config.limits.ingestWaitMs);
        res.once('close', release);
        req.webhookConnection = connection;
        this.read(req, res, next);
      })
      .catch(next);
  }
}
