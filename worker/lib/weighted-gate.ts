/**
 * A weighted semaphore, first come first served: `run(weight, fn)` waits until `weight` fits under `capacity` beside
 * what already runs. A weight above the capacity runs alone (it waits for everything else, and everything after it
 * waits for it). Per isolate: the knowledge ingestion consumer uses one to bound the originals it holds in memory.
 */
export class WeightedGate {
  private used = 0;
  private readonly waiting: { weight: number; go: () => void }[] = [];

  constructor(readonly capacity: number) {}

  async run<T>(weight: number, fn: () => Promise<T>): Promise<T> {
    const w = Math.min(Math.max(0, weight), this.capacity);
    if (this.waiting.length || this.used + w > this.capacity) await new Promise<void>((go) => this.waiting.push({ weight: w, go }));
    else this.used += w;
    try {
      return await fn();
    } finally {
      this.used -= w;
      this.wake();
    }
  }

  /** In order: the first waiter that does not fit blocks those behind it (no starvation of a large one). */
  private wake(): void {
    while (this.waiting.length && this.used + this.waiting[0]!.weight <= this.capacity) {
      const next = this.waiting.shift()!;
      this.used += next.weight;
      next.go();
    }
  }
}
