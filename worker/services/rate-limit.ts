// Pre-auth rate limits (login and sign-up), per IP and per email, counted in fixed windows.
import type { AccountsStore } from '../db/accounts-store';
import { AppError } from '../errors';

export type Limit = { key: string; max: number; windowMs: number };

export const LOGIN_LIMITS = (ip: string | null, email: string): Limit[] => [
  { key: `login:ip:${ip ?? 'unknown'}`, max: 30, windowMs: 10 * 60_000 },
  { key: `login:email:${email}`, max: 10, windowMs: 10 * 60_000 },
];

export const SIGNUP_LIMITS = (ip: string | null): Limit[] => [{ key: `signup:ip:${ip ?? 'unknown'}`, max: 20, windowMs: 3600_000 }];

/** Counts this attempt against every limit; throws 429 with Retry-After when one is exceeded. */
export async function enforceLimits(store: AccountsStore, limits: Limit[]): Promise<void> {
  const now = Date.now();
  const hits = await Promise.all(limits.map((l) => store.hit(l.key, l.windowMs, now)));
  const over = hits.map((h, i) => ({ ...h, max: limits[i]!.max })).filter((h) => h.count > h.max);
  if (over.length) {
    const retryAfter = Math.max(1, Math.ceil((Math.max(...over.map((o) => o.resetAt)) - now) / 1000));
    throw new AppError('rate_limited', `Too many attempts. Try again in ${retryAfter} seconds.`, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
}
