// Calling a webhook trigger as an outside system does: a workflow with a webhook trigger, the signature, the POST.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import type { Account } from './api';
import { api } from './api';
import { seedWorkflow } from './workflow-seed';

/** `sha256=<hex HMAC-SHA256 of body keyed with secret>`, the X-Edgent-Signature value. */
export async function sign(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function hook(url: string, body: string, headers: Record<string, string> = {}) {
  return SELF.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.10', ...headers }, body });
}

export async function webhookTrigger(a: Account, inputs?: Record<string, unknown>) {
  const wf = await seedWorkflow(a);
  const res = await api(`/api/v1/workflows/${wf.id}/triggers`, { body: { kind: 'webhook', ...(inputs ? { inputs } : {}) }, as: a });
  expect(res.status).toBe(201);
  return { wf, trigger: (await res.json()) as { id: string; url: string; secret: string } };
}
