// Plan limits on knowledge (issue 19 §3; worker/billing/plans.ts): knowledge bases, documents (all bases together),
// stored bytes of originals, and the size of one file. Checked when a base or a document is added, from the counters
// on the organization's base rows (one small D1 read) and its effective plan (billing_accounts: plan, operator and
// custom limits). A reached limit is 402 quota_exceeded naming it; a file over the plan's size is 413.
import type { TenantDb } from '../db/tenant-db';
import type { Bindings } from '../env';
import { AppError } from '../errors';
import { PLANS, type LimitKey } from '../billing/plans';
import { ABSOLUTE_MAX_FILE_BYTES } from '../knowledge/limits';
import { effectivePlan } from './billing';

export type KnowledgeAllowance = { planName: string; fileBytes: number };

const quota = (limit: LimitKey, message: string) => new AppError('quota_exceeded', message, [{ path: limit, message }]);
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** The organization's knowledge limits now (null: unlimited) and what it holds. */
export async function knowledgeUsage(env: Bindings, db: TenantDb) {
  const [account, totals] = await Promise.all([db.billing.account(), db.knowledge.totals()]);
  const p = effectivePlan(env, account);
  return {
    plan: p.plan,
    totals,
    limits: {
      knowledge_bases: p.limits.knowledge_bases,
      knowledge_documents: p.limits.knowledge_documents,
      knowledge_bytes: p.limits.knowledge_bytes,
      knowledge_file_bytes: Math.min(p.limits.knowledge_file_bytes ?? ABSOLUTE_MAX_FILE_BYTES, ABSOLUTE_MAX_FILE_BYTES),
    },
  };
}

/** Before a new knowledge base: 402 when the plan's number of bases is reached. */
export async function assertKnowledgeBaseAllowed(env: Bindings, db: TenantDb): Promise<void> {
  const u = await knowledgeUsage(env, db);
  const max = u.limits.knowledge_bases;
  if (max !== null && u.totals.bases >= max)
    throw quota('knowledge_bases', `This organization has ${u.totals.bases} of the ${max} knowledge bases its ${PLANS[u.plan].name} plan allows.`);
}

/** Before a new document of `bytes`: 402 when documents or stored bytes would pass the plan's; answers the file limit. */
export async function assertKnowledgeAllowed(env: Bindings, db: TenantDb, add: { documents: number; bytes: number }): Promise<KnowledgeAllowance> {
  const u = await knowledgeUsage(env, db);
  const planName = PLANS[u.plan].name;
  const docs = u.limits.knowledge_documents;
  if (docs !== null && u.totals.documents + add.documents > docs)
    throw quota('knowledge_documents', `This organization has ${u.totals.documents} of the ${docs} knowledge documents its ${planName} plan allows.`);
  const bytes = u.limits.knowledge_bytes;
  if (bytes !== null && add.bytes > 0 && u.totals.bytes + add.bytes > bytes)
    throw quota(
      'knowledge_bytes',
      `Knowledge storage is full: ${size(u.totals.bytes)} of the ${size(bytes)} the ${planName} plan allows are used, and this document is ${size(add.bytes)}.`,
    );
  return { planName, fileBytes: u.limits.knowledge_file_bytes };
}
