/**
 * Rate limits for API-key requests, per key and per tenant, in fixed windows counted by the tenant's RateLimiter
 * Durable Object (durable-objects/rate-limiter.ts). To keep that round trip off the hot path, each isolate keeps its
 * own estimate (the last global count it heard plus its own hits since) and:
 * - refuses at once (429) when the estimate is already at the limit;
 * - far from the limit, counts the hit locally and reports it to the limiter in the background: at once while the
 *   isolate has not yet heard the window's global count, then SYNC_DELAY_MS later with the other hits of that moment
 *   (one round trip per tenant and burst, off the requests' own path);
 * - near the limit (the last NEAR_FRACTION of it), awaits the limiter, which counts strictly, so the limit holds.
 * Other isolates' hits are seen at the next report: far from the limit the count may lag by what all isolates
 * send in SYNC_DELAY_MS and one round trip, which is harmless; near it every hit is counted by the one object. If the limiter cannot
 * be reached, requests pass on the local estimate (fail open) and the error is logged.
 */
import type { HitRequest, HitResult } from '../../durable-objects/rate-limiter';
import type { Bindings } from '../env';
import { AppError } from '../errors';

/** Mutable so tests can lower them; operators set API_LIMIT_PER_KEY / _PER_TENANT; plans will set them per tenant. */
export const API_LIMITS = {
  perKey: { max: 600, windowMs: 60_000 },
  perTenant: { max: 1_800, windowMs: 60_000 },
};

function configured(env: Bindings) {
  const perMinute = (raw: string | undefined, fallback: { max: number; windowMs: number }) =>
    Number(raw) > 0 ? { max: Math.floor(Number(raw)), windowMs: 60_000 } : fallback;
  return { perKey: perMinute(env.API_LIMIT_PER_KEY, API_LIMITS.perKey), perTenant: perMinute(env.API_LIMIT_PER_TENANT, API_LIMITS.perTenant) };
}
const NEAR_FRACTION = 0.1;
/** How long an isolate's hits far from the limit wait before they are reported (batched). */
const SYNC_DELAY_MS = 250;

type Spec = { bucket: string; max: number; windowMs: number };
/** `heard`: the limiter's count for this window has reached this isolate (after its first report). */
type Local = { start: number; global: number; unsynced: number; inFlight: number; heard: boolean };
export type LimitState = { limit: number; remaining: number; resetS: number };

const tenants = new Map<string, Map<string, Local>>();
const syncing = new Map<string, Promise<void>>();

const limiter = (env: Bindings, tenantId: string) => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(tenantId));

function local(tenantId: string, s: Spec, now: number): Local {
  let buckets = tenants.get(tenantId);
  if (!buckets) tenants.set(tenantId, (buckets = new Map()));
  const start = now - (now % s.windowMs);
  let l = buckets.get(s.bucket);
  if (!l || l.start !== start) buckets.set(s.bucket, (l = { start, global: 0, unsynced: 0, inFlight: 0, heard: false }));
  if (tenants.size > 10_000) tenants.delete(tenants.keys().next().value!);
  return l;
}

const estimate = (l: Local) => l.global + l.unsynced + l.inFlight;
const resetS = (l: Local, s: Spec, now: number) => Math.max(1, Math.ceil((l.start + s.windowMs - now) / 1000));

function tooMany(l: Local, s: Spec, now: number, what: string): AppError {
  const retry = String(resetS(l, s, now));
  return new AppError(
    'rate_limited',
    `Rate limit of ${s.max} requests per ${s.windowMs / 1000} s for this ${what} reached. Try again in ${retry} s.`,
    undefined,
    {
      'Retry-After': retry,
      'RateLimit-Limit': String(s.max),
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': retry,
    },
  );
}

function learn(l: Local, r: HitResult) {
  l.global = Math.max(l.global, r.count);
  l.heard = true;
}

/**
 * Reports this tenant's unreported hits; hits made meanwhile go in the next round. A few rounds at most: the promise
 * lives in one request's waitUntil, and the next request starts a new one for whatever is left.
 */
async function sync(env: Bindings, tenantId: string, specs: Map<string, Spec>): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const buckets = tenants.get(tenantId);
    const batch: { l: Local; req: HitRequest }[] = [];
    for (const [bucket, l] of buckets ?? []) {
      const s = specs.get(bucket);
      if (!s || !l.unsynced) continue;
      batch.push({ l, req: { ...s, n: l.unsynced } });
      l.inFlight += l.unsynced;
      l.unsynced = 0;
    }
    if (!batch.length) return;
    try {
      const results = await limiter(env, tenantId).hit(batch.map((b) => b.req));
      batch.forEach((b, i) => learn(b.l, results[i]!));
    } catch (e) {
      console.error(JSON.stringify({ level: 'error', msg: 'rate limiter unreachable', tenant: tenantId, error: String(e) }));
      batch.forEach((b) => (b.l.global += b.req.n));
      return;
    } finally {
      batch.forEach((b) => (b.l.inFlight -= b.req.n));
    }
  }
}

const knownSpecs = new Map<string, Map<string, Spec>>();

/** Counts one request of `keyId` against its key's and tenant's limits; throws 429, else returns the tightest state. */
export async function enforceApiLimits(
  env: Bindings,
  tenantId: string,
  keyId: string,
  waitUntil: (p: Promise<unknown>) => void,
  now = Date.now(),
): Promise<LimitState> {
  const limits = configured(env);
  const specs: Spec[] = [
    { bucket: 'tenant', ...limits.perTenant },
    { bucket: `key:${keyId}`, ...limits.perKey },
  ];
  const locals = specs.map((s) => local(tenantId, s, now));
  specs.forEach((s, i) => {
    if (estimate(locals[i]!) >= s.max) throw tooMany(locals[i]!, s, now, i ? 'API key' : 'organization');
  });
  const near = env.API_LIMITS_STRICT === 'true' || specs.some((s, i) => estimate(locals[i]!) + 1 > s.max * (1 - NEAR_FRACTION));
  let counted = false;
  if (near) {
    try {
      const results = await limiter(env, tenantId).hit(specs.map((s) => ({ ...s, n: 1, strict: true })));
      results.forEach((r, i) => learn(locals[i]!, r));
      if (!results.every((r) => r.ok)) {
        // Refused: nothing was counted; name the bucket that is full (the key's when both are).
        const i = results[1]!.count + 1 > specs[1]!.max ? 1 : 0;
        throw tooMany(locals[i]!, specs[i]!, now, i ? 'API key' : 'organization');
      }
      counted = true;
    } catch (e) {
      if (e instanceof AppError) throw e;
      console.error(JSON.stringify({ level: 'error', msg: 'rate limiter unreachable', tenant: tenantId, error: String(e) }));
    }
  }
  if (!counted) {
    locals.forEach((l) => l.unsynced++);
    const bySpec = knownSpecs.get(tenantId) ?? new Map<string, Spec>();
    specs.forEach((s) => bySpec.set(s.bucket, s));
    knownSpecs.set(tenantId, bySpec);
    if (knownSpecs.size > 10_000) knownSpecs.delete(knownSpecs.keys().next().value!);
    // Once this isolate knows the window's global count, hits are reported SYNC_DELAY_MS later with whatever else it
    // counted meanwhile: off the request's own path (the limiter's work would otherwise run before the turn's), one
    // round trip per burst. Until then at once: a fresh isolate learns what the others counted before its next hits.
    let p = syncing.get(tenantId);
    if (!p) {
      const delay = locals.every((l) => l.heard) ? SYNC_DELAY_MS : 0;
      p = (delay ? new Promise<void>((resolve) => setTimeout(resolve, delay)) : Promise.resolve())
        .then(() => sync(env, tenantId, bySpec))
        .finally(() => syncing.delete(tenantId));
      syncing.set(tenantId, p);
    }
    waitUntil(p);
  }
  const states = specs.map((s, i) => ({ limit: s.max, remaining: Math.max(0, s.max - estimate(locals[i]!)), resetS: resetS(locals[i]!, s, now) }));
  return states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
}

/** The IETF draft's headers (RateLimit-Limit / -Remaining / -Reset) for a response. */
export const rateLimitHeaders = (s: LimitState): Record<string, string> => ({
  'RateLimit-Limit': String(s.limit),
  'RateLimit-Remaining': String(s.remaining),
  'RateLimit-Reset': String(s.resetS),
});

/** Forgets every local count (tests). */
export function resetApiLimits(): void {
  tenants.clear();
  knownSpecs.clear();
}
