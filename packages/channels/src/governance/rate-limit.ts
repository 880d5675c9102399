/**
 * Per-channel send rate limits (messages per second) as token buckets held by this worker process.
 * With N workers the cluster-wide rate is up to N × the limit: set the limit per worker accordingly
 * (docs/channels.md). A send that finds no token waits for one; it is never dropped.
 */
export class SendRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when a send on `key` may go; `perSecond` undefined means unlimited. */
  async acquire(key: string, perSecond: number | undefined): Promise<void> {
    if (!perSecond) return;
    for (;;) {
      const wait = this.take(key, perSecond);
      if (wait === 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Takes a token if one is there (returns 0), else returns the milliseconds until one will be. */
  take(key: string, perSecond: number): number {
    const now = this.now();
    // Burst of at most one second's worth, so a quiet period does not allow a flood afterwards.
    const capacity = Math.max(1, perSecond);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }
}
