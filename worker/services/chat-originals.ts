// Files in chat, the originals (issue 19 §2): the bytes a person attached to a message, kept in R2 (ORIGINALS) beside
// the knowledge originals but under their own prefix `${tenant}/chat/${session}/${file_id}` (a knowledge key's second
// part is a `kb_` id, never `chat`). Stored by services/chat-files.ts when a message is accepted, served by the
// download routes (sessions API, widget, share links), put in code tools' `uploads/` (tools/code-tools.ts), and
// deleted with their conversation (the AgentSession object's destroy: conversation or agent deleted).
import type { Bindings } from '../env';
import { deleteByPrefix } from '../lib/r2-prefix';

type Originals = Pick<Bindings, 'ORIGINALS'>;

export const chatOriginalsPrefix = (tenantId: string, sessionId: string) => `${tenantId}/chat/${sessionId}/`;
export const chatOriginalKey = (tenantId: string, sessionId: string, fileId: string) => `${chatOriginalsPrefix(tenantId, sessionId)}${fileId}`;

/** Stores an original; false (logged, without its content or name) when R2 refused it. */
export async function putChatOriginal(
  env: Originals,
  where: { tenantId: string; sessionId: string; fileId: string },
  bytes: Uint8Array,
  meta: { name: string; contentType: string },
): Promise<boolean> {
  try {
    await env.ORIGINALS.put(chatOriginalKey(where.tenantId, where.sessionId, where.fileId), bytes, {
      httpMetadata: { contentType: meta.contentType },
      customMetadata: { filename: meta.name },
    });
    return true;
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'chat file original not stored', tenant: where.tenantId, session: where.sessionId, error: String(e) }));
    return false;
  }
}

/** Every original of a conversation (its object is being wiped), a page of keys at a time. */
export async function deleteChatOriginals(env: Originals, tenantId: string, sessionId: string): Promise<void> {
  await deleteByPrefix(env.ORIGINALS, chatOriginalsPrefix(tenantId, sessionId));
}

/** Types a browser may show as they are: everything else is served as application/octet-stream (never run in our origin). */
const SAFE_TYPES = new Set([
  'text/plain',
  'text/csv',
  'application/json',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/** RFC 5987 filename for content-disposition, with an ASCII fallback. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A download's body and headers (the route answers them with `c.body`, so its middleware's headers, CORS, stay). */
export type ChatFileDownload = { body: ReadableStream; headers: Record<string, string> };

/**
 * The download of one original, or null when R2 has no such object. `file`: its chip as the conversation keeps it
 * (name and type come from there, not from the request).
 */
export async function chatOriginalDownload(env: Originals, key: string, file: { name: string; content_type: string }): Promise<ChatFileDownload | null> {
  const object = await env.ORIGINALS.get(key);
  if (!object) return null;
  const declared = file.content_type.split(';')[0]!.trim().toLowerCase();
  return {
    body: object.body,
    headers: {
      'content-type': SAFE_TYPES.has(declared) ? declared : 'application/octet-stream',
      'content-length': String(object.size),
      'content-disposition': disposition(file.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, no-store',
    },
  };
}
