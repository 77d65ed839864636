import { TokenBuckets } from './rate-limit.calculations.js';

describe('TokenBuckets', () => {
  it('lets a burst through, then the steady rate', () => {
    const t = new TokenBuckets(2, 3); // 2 per second, bursts of 3
    expect([t.take('k', 0), t.take('k', 0), t.take('k', 0)]).toEqual([0, 0, 0]);
    expect(t.take('k', 0)).toBe(1); // empty: one token takes 0.5 s → wait 1 s (rounded up)
    expect(t.take('k', 500)).toBe(0); // half a second refills one token
    expect(t.take('other', 500)).toBe(0); // keys are separate
  });
});
