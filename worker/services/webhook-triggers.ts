// Webhook triggers' public side (POST /hooks/workflows/:trigger_id): the trigger is found without a tenant, the
// `X-Edgent-Signature: sha256=<hex HMAC-SHA256 of the raw body>` is checked with its secret (in constant time, by
// WebCrypto's verify), calls are limited per trigger, and the JSON body, merged over the trigger's inputs, starts
// a run. `Idempotency-Key` makes a retried delivery answer the run it already started.
import { triggerById } from '../db/trigger-lookup';
import { tenantDb } from '../db/tenant-db';
import { isId } from '../db/ids';
import type { Bindings } from '../env';
import { openValue } from '../crypto/envelope';
import { AppError, notFound } from '../errors';
import { parseJsonText } from '../lib/validate';
import { startRun } from './workflow-runs';

export const WEBHOOK_MAX_BYTES = 256 * 1024;
/** Calls per trigger and minute (mutable so tests can lower it). */
export const WEBHOOK_LIMIT = { max: 60, windowMs: 60_000 };

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const badSignature = () => new AppError('unauthorized', 'The X-Edgent-Signature header is missing or does not match the body');

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function verify(secret: string, body: Uint8Array, header: string | undefined): Promise<boolean> {
  const m = SIGNATURE.exec(header?.trim() ?? '');
  if (!m) return false;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, hexBytes(m[1]!), body);
}

/** Counts this call against the trigger's limit in the tenant's RateLimiter; 429 when it is spent. */
async function limit(env: Bindings, tenantId: string, triggerId: string, now: number) {
  const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(tenantId));
  const [r] = await limiter.hit([{ bucket: `webhook:${triggerId}`, n: 1, strict: true, ...WEBHOOK_LIMIT }], now);
  if (r && !r.ok) {
    const retryAfter = Math.max(1, Math.ceil((r.resetAt - now) / 1000));
    throw new AppError('rate_limited', `This webhook takes at most ${WEBHOOK_LIMIT.max} calls a minute`, undefined, { 'Retry-After': String(retryAfter) });
  }
}

function inputsOf(body: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder().decode(body).trim();
  if (!text) return {};
  const value = parseJsonText(text);
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new AppError('validation_failed', 'The body must be a JSON object (the run’s inputs)', [{ path: '(body)', message: 'must be a JSON object' }]);
  return value as Record<string, unknown>;
}

export type WebhookCall = { triggerId: string; body: Uint8Array; signature: string | undefined; idempotencyKey: string | undefined };

/** Checks and starts one webhook call; answers the run's id. */
export async function receiveWebhook(env: Bindings, call: WebhookCall, now = Date.now()): Promise<{ run_id: string }> {
  const trigger = isId('trigger', call.triggerId) ? await triggerById(env, call.triggerId) : undefined;
  if (!trigger || trigger.kind !== 'webhook' || !trigger.secretCiphertext) throw notFound('Webhook');
  const secret = await openValue(env, trigger.tenantId, trigger.id, trigger.secretCiphertext);
  if (!(await verify(secret, call.body, call.signature))) throw badSignature();
  if (!trigger.enabled) throw new AppError('conflict', 'This webhook trigger is disabled');
  if (call.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(call.idempotencyKey))
    throw new AppError('validation_failed', 'Idempotency-Key must be 1-255 printable ASCII characters', [{ path: 'Idempotency-Key', message: 'invalid' }]);
  await limit(env, trigger.tenantId, trigger.id, now);
  const inputs = { ...(trigger.inputs ?? {}), ...inputsOf(call.body) };
  const workflow = await tenantDb(env, trigger.tenantId).workflows.get(trigger.workflowId);
  if (!workflow) throw notFound('Webhook');
  const run = await startRun(env, {
    tenantId: trigger.tenantId,
    workflow: { id: workflow.id, version: workflow.version, definition: workflow.definition },
    inputs,
    trigger: { kind: 'webhook', id: trigger.id },
    createdBy: null,
    ...(call.idempotencyKey ? { idempotencyKey: `webhook:${trigger.id}:${call.idempotencyKey}` } : {}),
  });
  return { run_id: run.id };
}
