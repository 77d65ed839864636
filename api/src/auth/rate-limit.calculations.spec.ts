import { FailureLimiter, TokenBuckets } from './rate-limit.calculations.js';

describe('FailureLimiter', () => {
  const MIN = 60_000;
  it('allows up to the limit of failures in a window, then says how long to wait', () => {
    const l = new FailureLimiter(3, 15 * MIN);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('a', 0)).toBe(0);
      l.fail('a', i * 1000);
    }
    // Window started at 0 and lasts 900 s; at 2 s, 898 s remain.
    expect(l.retryAfter('a', 2000)).toBe(898);
    expect(l.retryAfter('b', 2000)).toBe(0);
  });

  it('a new window starts once the old one has passed', () => {
    const l = new FailureLimiter(1, MIN);
    l.fail('a', 0);
    expect(l.retryAfter('a', MIN - 1)).toBe(1);
    expect(l.retryAfter('a', MIN)).toBe(0);
    l.fail('a', MIN);
    expect(l.retryAfter('a', MIN + 1)).toBe(60);
  });

  it('reset forgets the failures (a successful sign-in)', () => {
    const l = new FailureLimiter(1, MIN);
    l.fail('a', 0);
    l.reset('a');
    expect(l.retryAfter('a', 1)).toBe(0);
  });
});

describe('TokenBuckets', () => {
  it('lets a burst through, then the steady rate', () => {
    const t = new TokenBuckets(2, 3); // 2 per second, bursts of 3
    expect([t.take('k', 0), t.take('k', 0), t.take('k', 0)]).toEqual([0, 0, 0]);
    expect(t.take('k', 0)).toBe(1); // empty: one token takes 0.5 s → wait 1 s (rounded up)
    expect(t.take('k', 500)).toBe(0); // half a second refills one token
    expect(t.take('other', 500)).toBe(0); // keys are separate
  });
});
