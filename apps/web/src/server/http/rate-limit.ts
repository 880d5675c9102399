/**
 * Token buckets per key (a write key, a client address), kept in this process's memory: each web node
 * limits what it serves, so N nodes behind a balancer admit up to N times the rate. That is the trade chosen
 * over a shared store on every request: the limits exist to stop one key or one address from starving the
 * others on a node, not to meter usage exactly.
 */
export interface RateLimitRule {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once after a quiet period. */
  burst: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: RateLimitRule,
    /** Buckets kept at most; the least recently used go first (a full bucket is the same as none). */
    private readonly maxKeys = 50_000,
  ) {}

  take(key: string, now = Date.now()): RateLimitDecision {
    const { perSecond, burst } = this.rule;
    const bucket = this.buckets.get(key);
    let tokens = burst;
    if (bucket) {
      tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
      this.buckets.delete(key); // re-inserted below: Map order is the LRU order
    } else if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (tokens < 1) {
      this.buckets.set(key, { tokens, updatedAt: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
    return { allowed: true };
  }
}
