/**
 * Bounds how many async jobs run at once; the rest wait in arrival order. The refresher sends
 * every resolution through one limiter, so a burst of expiring TTLs (or a dead upstream that
 * makes every query wait for its timeout) never has more than `limit` queries outstanding.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Jobs running now. */
  get inFlight(): number {
    return this.active;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    // A finishing job hands its slot straight to the next one, so `active` stays counted.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));

    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
