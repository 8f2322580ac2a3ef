// Login limits (services/rate-limit.ts): guessing is limited per email and IP, without letting anyone lock the
// real user out by failing on purpose.
import { describe, expect, it } from 'vitest';
import { SIGNUP_LIMITS } from '../../worker/services/rate-limit';
import { api, expectError, signup, uniqueIp } from './helpers';

const login = (email: string, password: string, ip: string) => api('/api/v1/auth/login', { body: { email, password }, as: { ip } });

describe('login limits', () => {
  it('still lets the real user in after many failures for their email from other networks', { timeout: 30_000 }, async () => {
    const a = await signup();
    for (let i = 0; i < 25; i++) expect((await login(a.email, 'wrong password!', uniqueIp())).status).toBe(401);
    const res = await login(a.email, a.password, uniqueIp());
    expect(res.status).toBe(200);
  });

  it('refuses an IP after 5 failures for one email, with Retry-After, even with the right password', async () => {
    const a = await signup();
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) expect((await login(a.email, 'wrong password!', ip)).status).toBe(401);
    const refused = await login(a.email, a.password, ip);
    await expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // That IP may still log in to other accounts, and the user from their own network.
    const b = await signup();
    expect((await login(b.email, b.password, ip)).status).toBe(200);
    expect((await login(a.email, a.password, uniqueIp())).status).toBe(200);
  });

  // Each failed login costs a password hash: give the long ones time on a busy machine.
  it('under a distributed attack, gives each guessing IP one guess while a clean network gets in', { timeout: 30_000 }, async () => {
    const a = await signup();
    const guessers = Array.from({ length: 20 }, () => uniqueIp());
    for (const ip of guessers) expect((await login(a.email, 'wrong password!', ip)).status).toBe(401);
    // The email is now guarded: an IP that already failed is refused, even with the right password.
    await expectError(await login(a.email, a.password, guessers[0]!), 429, 'rate_limited');
    // A new IP gets one guess: wrong → 401, then refused.
    const fresh = uniqueIp();
    expect((await login(a.email, 'another guess!!', fresh)).status).toBe(401);
    await expectError(await login(a.email, 'third guess!!!', fresh), 429, 'rate_limited');
    // The real user, from a network that has not failed, logs in.
    expect((await login(a.email, a.password, uniqueIp())).status).toBe(200);
  });

  it('answers an unknown email like a wrong password, within the same limits', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) await expectError(await login('nobody-here@example.com', 'wrong password!', ip), 401, 'unauthorized');
    await expectError(await login('nobody-here@example.com', 'wrong password!', ip), 429, 'rate_limited');
  });
});

describe('sign-up limit per IP', () => {
  it('is 20 an hour unless the operator sets SIGNUP_LIMIT_PER_IP (a positive number; anything else keeps 20)', () => {
    expect(SIGNUP_LIMITS('192.0.2.1')).toEqual([{ key: 'signup:ip:192.0.2.1', max: 20, windowMs: 3_600_000 }]);
    expect(SIGNUP_LIMITS('192.0.2.1', { SIGNUP_LIMIT_PER_IP: '500' })[0]!.max).toBe(500);
    for (const bad of ['', '0', '-3', 'many']) expect(SIGNUP_LIMITS('192.0.2.1', { SIGNUP_LIMIT_PER_IP: bad })[0]!.max).toBe(20);
  });
});
