import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { TokenBuckets } from '../auth/rate-limit.calculations.js';
import type { AuthedRequest } from '../auth/caller.js';
import { RetryLater } from '../common/errors.js';

/** Ingest is rate-limited per API key: 429 with Retry-After beyond the rate (bursts of 2 s allowed). */
@Injectable()
export class IngestRateGuard implements CanActivate {
  private readonly rate: number;
  private readonly buckets: TokenBuckets;

  /** Requests per second per key (PARLEY_INGEST_RATE, default 50: 500,000 events/s in full batches). */
  constructor(@Inject(APP_OPTIONS) options: AppOptions) {
    this.rate = options.config.limits.ingestRate;
    this.buckets = new TokenBuckets(this.rate, this.rate * 2);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const wait = this.buckets.take(`key:${req.caller?.keyId ?? req.caller?.user?.userId ?? 'anonymous'}`, Date.now());
    if (wait === 0) return true;
    throw new RetryLater('RATE_LIMITED', 429, `too many ingest requests for this key (limit ${this.rate}/s); retry after ${wait} s`, wait);
  }
}
