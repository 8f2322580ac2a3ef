// The public webhook endpoint (POST /hooks/workflows/:trigger_id, services/webhook-triggers.ts): the signature
// checked (missing, malformed, wrong, another trigger's secret, a rotated-out secret → 401), unknown → 404,
// disabled → 409, the body limit, a body that is not an object, the per-trigger rate limit; cookies play no part.
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOK_LIMIT } from '../../worker/services/webhook-triggers';
import { BASE, api, expectError, signup } from './helpers';
import { hook, sign, webhookTrigger } from './helpers/webhooks';

const limit = { ...WEBHOOK_LIMIT };
afterEach(() => Object.assign(WEBHOOK_LIMIT, limit));

describe('webhook signatures', () => {
  it('refuses a missing, malformed or wrong signature with 401', async () => {
    const a = await signup('Hooks');
    const { trigger } = await webhookTrigger(a);
    const other = (await webhookTrigger(a)).trigger;
    const body = JSON.stringify({ topic: 'hello' });
    const good = await sign(trigger.secret, body);
    for (const signature of [
      undefined,
      '',
      'sha256=',
      good.replace('sha256=', 'sha1='),
      good.slice(0, -2),
      `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`,
      await sign(other.secret, body),
      await sign(trigger.secret, `${body} `),
    ]) {
      const res = await hook(trigger.url, body, signature === undefined ? {} : { 'x-edgent-signature': signature });
      await expectError(res, 401, 'unauthorized');
    }
    // A body changed after signing no longer matches.
    await expectError(await hook(trigger.url, JSON.stringify({ topic: 'changed' }), { 'x-edgent-signature': good }), 401, 'unauthorized');
  });

  it('stops accepting the old secret once it is rotated', async () => {
    const a = await signup('Hooks rotate');
    const { wf, trigger } = await webhookTrigger(a);
    const rotated = (await (await api(`/api/v1/workflows/${wf.id}/triggers/${trigger.id}/rotate-secret`, { method: 'POST', as: a })).json()) as {
      secret: string;
    };
    const body = '{"topic":"x"}';
    await expectError(await hook(trigger.url, body, { 'x-edgent-signature': await sign(trigger.secret, body) }), 401, 'unauthorized');
    // The new one passes the signature check (what follows it is the run, covered with the engine).
    const res = await hook(trigger.url, body, { 'x-edgent-signature': await sign(rotated.secret, body) });
    expect(res.status).not.toBe(401);
  });

  it('answers 404 for an unknown trigger or a malformed id, 409 for a disabled one', async () => {
    const a = await signup('Hooks unknown');
    const { wf, trigger } = await webhookTrigger(a);
    const body = '{}';
    const sig = await sign(trigger.secret, body);
    await expectError(await hook(`${BASE}/hooks/workflows/trg_01m8p0stpbk5bbwtt06fcx8c`, body, { 'x-edgent-signature': sig }), 404, 'not_found');
    await expectError(await hook(`${BASE}/hooks/workflows/not-an-id`, body, { 'x-edgent-signature': sig }), 404, 'not_found');
    // A schedule's id is not a webhook.
    const s = (await (
      await api(`/api/v1/workflows/${wf.id}/triggers`, { body: { kind: 'schedule', cron: '@daily', inputs: { topic: 'x' } }, as: a })
    ).json()) as {
      id: string;
    };
    await expectError(await hook(`${BASE}/hooks/workflows/${s.id}`, body, { 'x-edgent-signature': sig }), 404, 'not_found');

    expect((await api(`/api/v1/workflows/${wf.id}/triggers/${trigger.id}`, { method: 'PATCH', body: { enabled: false }, as: a })).status).toBe(200);
    await expectError(await hook(trigger.url, body, { 'x-edgent-signature': sig }), 409, 'conflict');
    // Disabled or not, a wrong signature is still a 401 (being disabled is told only to the secret's holder).
    await expectError(await hook(trigger.url, body, { 'x-edgent-signature': await sign('whsec_wrong', body) }), 401, 'unauthorized');
    // Deleted with its workflow.
    expect((await api(`/api/v1/workflows/${wf.id}`, { method: 'DELETE', as: a })).status).toBe(204);
    await expectError(await hook(trigger.url, body, { 'x-edgent-signature': sig }), 404, 'not_found');
  });
});

describe('webhook bodies and limits', () => {
  it('refuses a body over 256 KB, a body that is not a JSON object, and a bad Idempotency-Key', async () => {
    const a = await signup('Hooks bodies');
    const { trigger } = await webhookTrigger(a);
    const big = JSON.stringify({ topic: 'x'.repeat(300 * 1024) });
    await expectError(await hook(trigger.url, big, { 'x-edgent-signature': await sign(trigger.secret, big) }), 413, 'payload_too_large');
    for (const body of ['[1,2]', '"text"', '42', '{"topic":']) {
      const res = await hook(trigger.url, body, { 'x-edgent-signature': await sign(trigger.secret, body) });
      await expectError(res, 400, body === '{"topic":' ? 'invalid_json' : 'validation_failed');
    }
    const body = '{"topic":"x"}';
    const res = await hook(trigger.url, body, { 'x-edgent-signature': await sign(trigger.secret, body), 'idempotency-key': 'x'.repeat(300) });
    await expectError(res, 400, 'validation_failed');
  });

  it('limits calls per trigger (429 with Retry-After), not per tenant', async () => {
    WEBHOOK_LIMIT.max = 3;
    const a = await signup('Hooks limit');
    const { trigger } = await webhookTrigger(a);
    const { trigger: other } = await webhookTrigger(a);
    const body = '[]';
    const sig = await sign(trigger.secret, body);
    // Signed calls count (this body is then refused as not an object, after the limit is checked).
    for (let i = 0; i < 3; i++) await expectError(await hook(trigger.url, body, { 'x-edgent-signature': sig }), 400);
    const limited = await hook(trigger.url, body, { 'x-edgent-signature': sig });
    await expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // An unsigned call is refused for its signature (checked before the limit); another trigger has its own limit.
    await expectError(await hook(trigger.url, body), 401);
    await expectError(await hook(other.url, body, { 'x-edgent-signature': await sign(other.secret, body) }), 400);
  });

  it('ignores cookies and cross-site Origin: the signature is the credential', async () => {
    const a = await signup('Hooks origin');
    const { trigger } = await webhookTrigger(a);
    const body = '[]';
    const res = await hook(trigger.url, body, {
      'x-edgent-signature': await sign(trigger.secret, body),
      origin: 'https://elsewhere.example',
      cookie: a.cookie,
    });
    // Past the origin check and the signature: refused only for its body.
    await expectError(res, 400, 'validation_failed');
  });
});
