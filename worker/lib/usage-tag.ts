// The usage tag of a signed-in caller's turn: the entry point names the source, the key comes from the auth.
import type { Auth } from '../env';
import type { UsageSource, UsageTag } from '../schemas/analytics';

export const usageTag = (auth: Pick<Auth, 'kind'> & { keyId?: string | null }, source: UsageSource): UsageTag => ({
  source,
  apiKeyId: auth.kind === 'api_key' ? (auth.keyId ?? null) : null,
});
