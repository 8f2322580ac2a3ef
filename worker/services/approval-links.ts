// Signed approval links: a person without an Edgent session (an email recipient, say) decides an approval step by
// opening `/approvals/<token>` (a confirmation page) and posting it. The token names tenant, run, step and expiry,
// and carries an HMAC-SHA256 of them under SESSION_SECRET; it is the only credential the page asks for.
import { fromBase64Url, hmacSha256, timingSafeEqual, toBase64Url, toHex } from '../crypto/encoding';
import { z } from 'zod';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import type { RunJson } from '../schemas/workflows';
import { approveStep, getRun } from './workflow-runs';

export type ApprovalClaim = { tenantId: string; runId: string; stepId: string; expiresAt: number };

const enc = new TextEncoder();
const dec = new TextDecoder();
const payloadOf = (c: ApprovalClaim) => [c.tenantId, c.runId, c.stepId, String(c.expiresAt)].join('\n');
const sign = async (env: Bindings, payload: string) => toHex(await hmacSha256(env.SESSION_SECRET, `approval\n${payload}`));

/** The link's token for this step (valid until `expiresAt`, epoch ms). */
export async function approvalToken(env: Bindings, c: ApprovalClaim): Promise<string> {
  const payload = payloadOf(c);
  return `${toBase64Url(enc.encode(payload))}.${await sign(env, payload)}`;
}

/** The path of the approval page for this step. */
export async function approvalPath(env: Bindings, c: ApprovalClaim): Promise<string> {
  return `/approvals/${await approvalToken(env, c)}`;
}

/** The token's claim when its signature holds and it has not expired; else 404 (forged) or 410 (expired). */
export async function verifyApprovalToken(env: Bindings, token: string): Promise<ApprovalClaim> {
  const [body, mac] = token.split('.');
  let payload = '';
  try {
    payload = body && mac ? dec.decode(fromBase64Url(body)) : '';
  } catch {
    payload = '';
  }
  if (!payload || !timingSafeEqual(mac!, await sign(env, payload))) throw new AppError('not_found', 'This approval link is not valid');
  const [tenantId, runId, stepId, exp] = payload.split('\n');
  const c = { tenantId: tenantId!, runId: runId!, stepId: stepId!, expiresAt: Number(exp) };
  if (!(c.expiresAt > Date.now())) throw new AppError('gone', 'This approval link has expired');
  return c;
}

export type ApprovalView = { claim: ApprovalClaim; run: RunJson; message: string; waiting: boolean };

/** What the confirmation page shows: the step's message and whether it still waits for a decision. */
export async function approvalView(env: Bindings, token: string): Promise<ApprovalView> {
  const claim = await verifyApprovalToken(env, token);
  const run = await getRun(env, claim.tenantId, claim.runId);
  const step = run?.steps.find((s) => s.id === claim.stepId && s.kind === 'approval');
  if (!run || !step) throw new AppError('not_found', 'This approval link is not valid');
  const message = (step.input as { message?: unknown } | null)?.message;
  return { claim, run, message: typeof message === 'string' ? message : JSON.stringify(message ?? ''), waiting: step.status === 'waiting' };
}

/** Decides through the link: recorded as decided by "approval link". */
export async function decideByLink(env: Bindings, token: string, approved: boolean, comment: string | null): Promise<{ run: RunJson; stepId: string }> {
  const c = await verifyApprovalToken(env, token);
  return { run: await approveStep(env, c.tenantId, c.runId, c.stepId, { approved, by: 'approval link', comment }), stepId: c.stepId };
}

export const approvalLinkSchema = z.strictObject({
  expires_in_hours: z.number().int().min(1).max(720).optional().describe('How long the link works (default 72 hours, at most 30 days)'),
});

/** A signed link for a waiting approval step of the tenant's run, to send to whoever should decide. */
export async function createApprovalLink(env: Bindings, origin: string, tenantId: string, runId: string, stepId: string, hours = 72) {
  const run = await getRun(env, tenantId, runId);
  if (!run) throw new AppError('not_found', 'Run not found');
  const step = run.steps.find((s) => s.id === stepId && s.kind === 'approval');
  if (!step) throw new AppError('not_found', 'Approval step not found');
  if (step.status !== 'waiting') throw new AppError('conflict', `Step "${stepId}" is not waiting for a decision`);
  const expiresAt = Date.now() + hours * 3_600_000;
  return { url: `${origin}${await approvalPath(env, { tenantId, runId, stepId, expiresAt })}`, expires_at: new Date(expiresAt).toISOString() };
}
