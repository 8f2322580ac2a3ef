/**
 * RateLimiter: one Durable Object per tenant (named by the tenant id, by the server), holding fixed-window counters
 * for the tenant and each of its API keys. Isolates report hits here, in batches, and learn the global counts back
 * (worker/services/api-limits.ts). Counters live in memory only: a storage write would hold every answer behind it
 * (output gate), and an eviction, which needs a quiet minute, only forgets windows that are over anyway.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../worker/env';

export type HitRequest = {
  bucket: string;
  /** Hits to add: already allowed by an isolate (n ≥ 0), or asked for strictly (see `strict`). */
  n: number;
  max: number;
  windowMs: number;
  /** Count the hits only if they fit under `max`; answers `ok: false` otherwise (used near the limit). */
  strict?: boolean;
};
export type HitResult = { bucket: string; ok: boolean; count: number; resetAt: number };

export class RateLimiter extends DurableObject<Bindings> {
  private readonly windows = new Map<string, { start: number; count: number }>();

  async hit(requests: HitRequest[], now = Date.now()): Promise<HitResult[]> {
    // A strict request counts only if every bucket it touches has room (a refused request must not use up any).
    const fits = requests.every((r) => !r.strict || this.current(r, now).count + r.n <= r.max);
    return requests.map((r) => {
      const w = this.current(r, now);
      if (!r.strict || fits) w.count += r.n;
      return { bucket: r.bucket, ok: !r.strict || fits, count: w.count, resetAt: w.start + r.windowMs };
    });
  }

  private current(r: HitRequest, now: number) {
    const start = now - (now % r.windowMs);
    let w = this.windows.get(r.bucket);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(r.bucket, w);
      if (this.windows.size > 10_000) this.sweep(now);
    }
    return w;
  }

  /** Drops windows that ended (keys that stopped calling). */
  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start > 3600_000) this.windows.delete(k);
  }
}
