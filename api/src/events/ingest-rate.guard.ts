import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { TokenBuckets } from '../auth/rate-limit.calculations.js';
import { ParleyException } from '../common/errors.js';
import type { AuthedRequest } from '../keys/auth.guard.js';

/** Requests per second per key (PARLEY_INGEST_RATE, default 50: 500,000 events/s in full batches). */
const RATE = Number(process.env.PARLEY_INGEST_RATE) > 0 ? Number(process.env.PARLEY_INGEST_RATE) : 50;

/** Ingest is rate-limited per API key: 429 with Retry-After beyond the rate (bursts of 2 s allowed). */
@Injectable()
export class IngestRateGuard implements CanActivate {
  private readonly buckets = new TokenBuckets(RATE, RATE * 2);

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const wait = this.buckets.take(`key:${req.caller?.keyId ?? req.caller?.user?.userId ?? 'anonymous'}`, Date.now());
    if (wait === 0) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
    throw new ParleyException('RATE_LIMITED', HttpStatus.TOO_MANY_REQUESTS, `too many ingest requests for this key (limit ${RATE}/s); retry after ${wait} s`);
  }
}
