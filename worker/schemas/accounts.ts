// Answers about who is calling: the account, its organization and role, API keys.
import { z } from 'zod';
import { SCOPES } from '../services/permissions';
import { iso, pageOf } from './common';

export const user = z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), created_at: iso });
export const tenant = z.object({ id: z.string(), name: z.string(), slug: z.string(), plan: z.string(), created_at: iso });
export const role = z.enum(['owner', 'admin', 'member', 'viewer']);
/** Stored as granted (validated by createApiKeySchema), so a key keeps a scope a later version no longer offers. */
const scopes = z.array(z.string()).describe(`\`*\` (all scopes) or scopes: ${SCOPES.map((s) => `\`${s}\``).join(', ')}`);
/** The signed-in identity without the credential's part (worker/services/identity.ts). */
export const account = z.object({ user, tenant, role });
export const authResult = account.extend({ csrf_token: z.string() });
/** One organization the person belongs to, with their role in it. */
export const membership = z.object({ tenant: z.object({ id: z.string(), name: z.string() }), role });
export const identity = account.extend({
  csrf_token: z.string().nullable(),
  api_key: z.object({ id: z.string(), scopes }).optional(),
  memberships: z.array(membership).describe('The organizations the person belongs to (for an API key: its own organization only)'),
});

export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes,
  access: z.string().describe('"Full access", "Read only", "Chat only" (the presets) or "Custom: …"'),
  created_at: iso,
  last_used_at: iso.nullable(),
  expires_at: iso.nullable(),
});
export const apiKeyCreated = apiKey.extend({ key: z.string().describe('The key itself, shown this once') });
export const apiKeyList = pageOf(apiKey);

export type AccountJson = z.infer<typeof account>;
export type AuthResultJson = z.infer<typeof authResult>;
export type IdentityJson = z.infer<typeof identity>;
export type MembershipJson = z.infer<typeof membership>;
export type ApiKeyJson = z.infer<typeof apiKey>;
export type ApiKeyCreatedJson = z.infer<typeof apiKeyCreated>;
