// Operator endpoints (routes/api/operator.ts) and the hourly job (worker/index.ts scheduled): the master-key rotation
// command re-wraps every tenant data key; only the OPERATOR_TOKEN holder may call it.
import { SELF, createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { openSecret, sealSecret } from '../../worker/crypto/envelope';
import worker from '../../worker/index';
import { BASE, expectError } from './helpers';

const rewrap = (token?: string) =>
  SELF.fetch(`${BASE}/operator/v1/keys/rewrap`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
const id = (p: string) => `${p}_op${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;

describe('POST /operator/v1/keys/rewrap', () => {
  it('refuses callers without the operator token', async () => {
    await expectError(await rewrap(), 401, 'unauthorized');
    await expectError(await rewrap('wrong-token'), 401, 'unauthorized');
  });

  it('re-wraps under the current master key and reports what it found, keeping secrets readable', async () => {
    const [t, c] = [id('ten'), id('con')];
    await sealSecret(env, t, c, 'sk-still-readable');
    const lost = id('ten');
    // A tenant whose data key is under a master key the platform no longer has: reported, never silently dropped.
    await sealSecret({ ...env, MASTER_KEY: `k9:${btoa(String.fromCharCode(...new Uint8Array(32).fill(9)))}` }, lost, id('con'), 'x');
    const res = await rewrap(env.OPERATOR_TOKEN);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { scanned: number; current: number; rewrapped: number; failed: { tenantId: string }[] };
    expect(report.scanned).toBeGreaterThanOrEqual(2);
    expect(report.current).toBeGreaterThanOrEqual(1);
    expect(report.failed.map((f) => f.tenantId)).toContain(lost);
    expect(await openSecret(env, t, c)).toBe('sk-still-readable');
  });
});

describe('the hourly job', () => {
  it('runs the re-wrap and logs what it could not migrate', async () => {
    const lost = id('ten');
    await sealSecret({ ...env, MASTER_KEY: `k8:${btoa(String.fromCharCode(...new Uint8Array(32).fill(8)))}` }, lost, id('con'), 'x');
    const log = vi.spyOn(console, 'log');
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ cron: '17 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const line = log.mock.calls.map((c) => String(c[0])).find((l) => l.includes('data keys re-wrapped'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', failed: expect.any(Number) });
    log.mockRestore();
  });
});
