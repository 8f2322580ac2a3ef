// Pre-auth rate limits (login and sign-up), per IP and per email, counted in fixed windows.
import type { AccountsStore } from '../db/accounts-store';
import { AppError } from '../errors';

export type Limit = { key: string; max: number; windowMs: number };

/** Every login attempt from one IP, whatever the email (password spraying). */
export const LOGIN_LIMITS = (ip: string | null): Limit[] => [{ key: `login:ip:${ip ?? 'unknown'}`, max: 30, windowMs: 10 * 60_000 }];

/**
 * Failed logins of one email. A per-email limit on all attempts let anyone lock a user out by failing on purpose;
 * instead only failures count, and they never refuse a network that has not failed for this email:
 * - from one IP: after `perIp` failures that IP is refused for this email until the window ends;
 * - from everywhere: past `guarded` failures the email is under attack, and only IPs with no failure for it in
 *   this window may try (one wrong guess and they are refused too). The real user, typing the right password
 *   from their own network, still gets in; a distributed guesser gets one guess per IP per window, on top of the
 *   per-IP limit above. No captcha needed; a user who also mistypes during an attack waits for the window.
 */
export const LOGIN_FAILURES = { windowMs: 15 * 60_000, perIp: 5, guarded: 20 };
const failKeys = (ip: string | null, email: string) => ({ pair: `login:fail:${email}|${ip ?? 'unknown'}`, email: `login:fail:${email}` });

/** Refuses (429) a login attempt the failure limits above forbid; counts nothing. */
export async function checkLoginFailures(store: AccountsStore, ip: string | null, email: string): Promise<void> {
  const keys = failKeys(ip, email);
  const [pair, all] = (await store.peek([keys.pair, keys.email], LOGIN_FAILURES.windowMs)) as [{ count: number; resetAt: number }, { count: number }];
  if (pair.count >= LOGIN_FAILURES.perIp || (all.count >= LOGIN_FAILURES.guarded && pair.count > 0)) {
    const retryAfter = Math.max(1, Math.ceil((pair.resetAt - Date.now()) / 1000));
    throw new AppError('rate_limited', `Too many failed attempts from this network. Try again in ${retryAfter} seconds.`, undefined, {
      'Retry-After': String(retryAfter),
    });
  }
}

export async function countLoginFailure(store: AccountsStore, ip: string | null, email: string): Promise<void> {
  const keys = failKeys(ip, email);
  await Promise.all([store.hit(keys.pair, LOGIN_FAILURES.windowMs), store.hit(keys.email, LOGIN_FAILURES.windowMs)]);
}

/** New accounts per IP and hour: 20, or the operator's SIGNUP_LIMIT_PER_IP (a test run signing up many people from one host). */
export const SIGNUP_LIMITS = (ip: string | null, env: { SIGNUP_LIMIT_PER_IP?: string } = {}): Limit[] => [
  { key: `signup:ip:${ip ?? 'unknown'}`, max: Number(env.SIGNUP_LIMIT_PER_IP) > 0 ? Number(env.SIGNUP_LIMIT_PER_IP) : 20, windowMs: 3600_000 },
];

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
