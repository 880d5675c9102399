/**
 * Admission control in front of the database pool: at most `concurrency` requests hold a connection, at most
 * `queue` wait for one. Past that the caller answers 429 with Retry-After at once, instead of letting requests
 * pile up until they time out inside the pool.
 */
export class Admission {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  /** Runs `work` when a slot is free; returns null without running it when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.queue) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return { value: await work() };
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
