import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('admits a burst, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take('wk', t).allowed)).toEqual([true, true, true]);
    expect(limiter.take('wk', t)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the sustained rate and never past the burst', () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 5 });
    const t = 0;
    for (let i = 0; i < 5; i++) limiter.take('ip', t);
    expect(limiter.take('ip', t).allowed).toBe(false);
    expect(limiter.take('ip', t + 100).allowed).toBe(true); // one token after 100 ms
    expect(limiter.take('ip', t + 100).allowed).toBe(false);
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (limiter.take('ip', t + 60_000).allowed) allowed++;
    expect(allowed).toBe(5);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('forgets the least recently used key when full, which only ever admits more', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0); // evicts a
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('c', 0).allowed).toBe(false);
  });

  it('a slow retry after refusal is not punished: waiting the advised seconds is enough', () => {
    const limiter = new RateLimiter({ perSecond: 0.5, burst: 1 });
    expect(limiter.take('k', 0).allowed).toBe(true);
    const refused = limiter.take('k', 0);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(limiter.take('k', refused.retryAfterSeconds * 1000).allowed).toBe(true);
  });
});
