/**
 * Conversation search: the user's words become a safe FTS5 expression (each word a quoted phrase, the last one a
 * prefix; no FTS syntax from the user ever reaches MATCH), the hits come ranked by bm25 with a snippet, which is
 * HTML-escaped here with the matched words in <mark>. Used by GET /api/v1/sessions?q= and the conversation pages.
 */
import { type ChatSessionRow, type FeedbackFilter, type TenantDb, MARK_CLOSE, MARK_OPEN } from '../db/tenant-db';
import type { PageParams } from '../db/page';
import { toBase64Url } from '../crypto/encoding';
import { AppError } from '../errors';

/** Words beyond this many are ignored (each one is a phrase the index must intersect). */
const MAX_WORDS = 12;

/**
 * The FTS5 expression for what a person typed, or null when it holds no word. Words are runs of letters, digits and
 * combining marks (as the unicode61 tokenizer splits them); each is double-quoted, so `NEAR`, `AND`, `-`, `*`, `:`,
 * `^` and quotes are plain text or separators; the last word matches as a prefix (search as you type).
 */
export function ftsQuery(text: string): string | null {
  const words =
    text
      .normalize('NFKC')
      .match(/[\p{L}\p{N}\p{M}]+/gu)
      ?.slice(0, MAX_WORDS) ?? [];
  if (!words.length) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A snippet with highlight markers as HTML: the text escaped, the matches in <mark>. */
export function snippetHtml(raw: string): string {
  return escapeHtml(raw).split(MARK_OPEN).join('<mark>').split(MARK_CLOSE).join('</mark>');
}

export type SearchMatch = { message_id: string; role: 'user' | 'assistant'; snippet: string };
export type SessionSearch = { q: string; agentId?: string; feedback?: FeedbackFilter; includeDrafts?: boolean };

/**
 * Conversations whose messages match, best first, each with its best match. The cursor is an offset (a ranked list
 * has no stable key); a query without words matches nothing.
 */
export async function searchSessions(
  db: TenantDb,
  page: PageParams,
  s: SessionSearch,
): Promise<{ rows: { session: ChatSessionRow; match: SearchMatch }[]; next: string | null }> {
  const match = ftsQuery(s.q);
  if (!match) return { rows: [], next: null };
  const offset = page.cursor ? Number(page.cursor) : 0;
  if (!Number.isSafeInteger(offset))
    throw new AppError('validation_failed', 'Invalid pagination parameters', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  const hits = await db.search.search({ match, agentId: s.agentId, feedback: s.feedback, includeDrafts: s.includeDrafts, limit: page.limit, offset });
  const shown = hits.slice(0, page.limit);
  const sessions = new Map((await db.search.sessions(shown.map((h) => h.sessionId))).map((r) => [r.id, r]));
  const rows = shown.flatMap((h) => {
    const session = sessions.get(h.sessionId);
    return session ? [{ session, match: { message_id: h.messageId, role: h.role as SearchMatch['role'], snippet: snippetHtml(h.snippet) } }] : [];
  });
  // The cursor of the next page: its offset, encoded as every cursor of the API is (db/page.ts).
  return { rows, next: hits.length > page.limit ? toBase64Url(new TextEncoder().encode(String(offset + page.limit))) : null };
}

/** An agent's conversations matching `q` (the Conversations page), with the usage of each and its best match. */
export async function searchAgentSessions(db: TenantDb, agentId: string, s: Omit<SessionSearch, 'agentId'>, page: PageParams) {
  const found = await searchSessions(db, page, { ...s, agentId });
  const usage = await db.usage.bySession(found.rows.map((r) => r.session.id));
  return { next: found.next, sessions: found.rows.map((r) => ({ ...r, usage: usage.get(r.session.id) })) };
}

/**
 * Conversations across agents for the Logs page: words to search for (ranked), or the newest conversations with a
 * feedback filter; each with its agent's name.
 */
export async function findConversations(db: TenantDb, s: { q: string; agentId?: string; feedback?: FeedbackFilter }, page: PageParams) {
  const [agents, found] = await Promise.all([
    db.agents.names(),
    s.q.trim()
      ? searchSessions(db, page, s)
      : db.sessions.list(page, s.agentId, { feedback: s.feedback }).then((rows) => ({
          rows: rows.slice(0, page.limit).map((session) => ({ session, match: undefined as SearchMatch | undefined })),
          next: rows.length > page.limit ? toBase64Url(new TextEncoder().encode(rows[page.limit - 1]!.id)) : null,
        })),
  ]);
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return { rows: found.rows, next: found.next, agentName: (id: string) => names.get(id) ?? 'Deleted agent' };
}
