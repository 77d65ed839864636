import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { LoginAttempt } from './login-attempt.entity.js';
import { LoginDevice } from './login-device.entity.js';
import type { Taken } from './login-limits.calculations.js';

/** A counter as taken by one attempt: its window identifies it, so a late release misses a new window. */
export interface Slot extends Taken {
  windowStart: string;
}

/** Fixed-window counters of sign-in attempts (login_attempts), shared by every API process. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(
    @InjectRepository(LoginAttempt) private readonly attempts: Repository<LoginAttempt>,
    @InjectRepository(LoginDevice) private readonly devices: Repository<LoginDevice>,
  ) {}

  /**
   * Adds one attempt to each counter in one statement (row locks make it atomic across processes);
   * a window that has ended starts again at 1. `keys` are hex, sorted (the rows' lock order).
   */
  take(keys: string[], windowSeconds: number): Promise<Slot[]> {
    // Raw SQL: an upsert whose update is conditional arithmetic on the row, for many keys in lock order.
    return this.attempts.query<Slot[]>(
      `INSERT INTO login_attempts AS a (key, window_start, attempts)
       SELECT decode(k, 'hex'), now(), 1 FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i
       ON CONFLICT (key) DO UPDATE SET
         window_start = CASE WHEN a.window_start > now() - make_interval(secs => $2) THEN a.window_start ELSE now() END,
         attempts = CASE WHEN a.window_start > now() - make_interval(secs => $2) THEN a.attempts + 1 ELSE 1 END
       RETURNING encode(key, 'hex') AS key, attempts, window_start::text AS "windowStart",
                 -- At most the window: a concurrent sign-in may have opened it after this statement's now().
                 least(ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now())), $2)::int AS "retryAfter"`,
      [keys, windowSeconds],
    );
  }

  // release and clear touch one row per statement: a statement locking several rows in another
  // order than take's could deadlock with it.

  /** Gives back an attempt that was not a failure (refused, or the password was right). */
  async release(slot: Slot): Promise<void> {
    await this.attempts
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts - 1' })
      .where('key = :key AND attempts > 0', { key: Buffer.from(slot.key, 'hex') })
      // The window as the database wrote it (microseconds: a Date would round it to milliseconds).
      .andWhere('window_start = :windowStart::timestamptz', { windowStart: slot.windowStart })
      .execute();
  }

  /** Forgets a counter (a successful sign-in clears its account's or device's failures). */
  async clear(key: string): Promise<void> {
    await this.attempts.delete({ key: Buffer.from(key, 'hex') });
  }

  /** Removes ended windows and expired device cookies. */
  async prune(windowSeconds: number): Promise<void> {
    await this.attempts.createQueryBuilder().delete().where('window_start <= now() - make_interval(secs => :windowSeconds)', { windowSeconds }).execute();
    await this.devices.createQueryBuilder().delete().where('expires_at <= now()').execute();
  }
}
