// Visitor tokens on the three anonymous chat surfaces — the widget (embed.ts), share links (share.ts) and the
// marketplace's try-it (try-it.ts): each conversation is opened by a signed token bound to the surface's key (`k`:
// the embed key, the share link, the listing and its version), the agent, the page's origin and the session. One
// check and one answer shape for all three.
import type { Bindings } from '../../env';
import { AppError } from '../../errors';
import type { VisitorTokenJson } from '../../schemas/embed';
import { isSessionId } from '../../services/session-stub';
import { issueVisitorToken, readVisitorToken, refreshable, tokenExpired } from '../../services/visitor-token';

/** What a surface binds its visitors' tokens to. */
export type VisitorBinding = { key: string; agentId: string; tenantId: string; origin: string };

/**
 * The conversation a visitor's `Authorization: Bearer <token>` opens: it must be ours and for this binding and
 * session (else 401). `allowExpired`: a token past its life but still refreshable (the refresh route).
 */
export async function visitorConversation(
  env: Bindings,
  bound: VisitorBinding,
  sessionId: string,
  authorization: string | undefined,
  { allowExpired = false } = {},
) {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const claims = token ? await readVisitorToken(env.SESSION_SECRET, token) : null;
  if (!claims || claims.k !== bound.key || claims.a !== bound.agentId || claims.o !== bound.origin || claims.s !== sessionId || !isSessionId(sessionId)) {
    throw new AppError('unauthorized', 'This visitor token is not valid for this conversation');
  }
  if (allowExpired ? !refreshable(claims) : tokenExpired(claims)) throw new AppError('unauthorized', 'The visitor token has expired');
  return { id: sessionId, target: { env, tenantId: bound.tenantId, sessionId } };
}

/** A new token for `sessionId` under this binding, as the API answers it. */
export async function visitorToken(env: Bindings, bound: VisitorBinding, sessionId: string): Promise<VisitorTokenJson> {
  const t = await issueVisitorToken(env.SESSION_SECRET, { k: bound.key, a: bound.agentId, o: bound.origin, s: sessionId });
  return { session_id: sessionId, token: t.token, expires_at: t.expiresAt };
}
