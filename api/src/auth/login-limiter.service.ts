import { Injectable } from '@nestjs/common';
import { RetryLater } from '../common/errors.js';
import { type Slot, LoginAttemptsRepository } from './login-attempts.repository.js';
import { type Counter, WINDOW_SECONDS, countersFor, retryAfter } from './login-limits.calculations.js';

export class TooManyAttempts extends RetryLater {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `too many failed sign-ins; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}

/** One sign-in attempt's place in the counters, taken before its password is checked. */
export interface Attempt {
  counters: Counter[];
  slots: Slot[];
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Counts sign-in attempts before the password check, in the database, so parallel attempts and
 * several API processes share one count: an attempt takes a slot in each of its counters and is
 * checked only when every counter is within its limit. A refused attempt gives its slots back;
 * a failed one keeps them (a failure).
 */
@Injectable()
export class LoginLimiter {
  private lastPrune = 0;

  constructor(private readonly attempts: LoginAttemptsRepository) {}

  /** Throws TooManyAttempts (with Retry-After seconds) when the attempt may not be checked. */
  async begin(email: string, ip: string, deviceKey: string | null): Promise<Attempt> {
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.attempts.prune(WINDOW_SECONDS);
    }
    const counters = countersFor(email, ip, deviceKey);
    const slots = await this.attempts.take(counters.map((c) => c.key), WINDOW_SECONDS);
    const wait = retryAfter(counters, slots);
    if (wait > 0) {
      for (const s of slots) await this.attempts.release(s);
      throw new TooManyAttempts(wait);
    }
    return { counters, slots };
  }

  /**
   * The password was right, so the attempt was no failure: the account's (or device's) failures
   * are cleared; the IP's count only loses this attempt, or an attacker could clear it by signing
   * in to an account of their own between guesses.
   */
  async succeeded(attempt: Attempt): Promise<void> {
    for (const slot of attempt.slots) {
      const counter = attempt.counters.find((c) => c.key === slot.key)!;
      if (counter.kind === 'ip') await this.attempts.release(slot);
      else await this.attempts.clear(slot.key);
    }
  }
}
