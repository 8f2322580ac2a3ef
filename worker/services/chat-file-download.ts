// Downloading a file attached in chat (the sessions API, the widget's and share links' visitor APIs): the conversation's
// object says whether the file is one of its messages' (and whether the caller sees the conversation), R2 has the bytes.
import { isId } from '../db/ids';
import { notFound } from '../errors';
import { type ChatFileDownload, chatOriginalDownload, chatOriginalKey } from './chat-originals';
import { isSessionId, sessionStub } from './session-stub';
import type { TurnTarget } from './turns';

/**
 * GET …/sessions/:id/files/:file_id (sessions API, widget, share links): the original of a file attached to a message
 * of conversation `t`, as seen by `t.viewer`. 404 for an unknown or hidden conversation (another tenant's names no
 * object of this tenant), a file of another conversation, or a file whose original is not kept (older messages).
 */
export async function downloadChatFile(t: TurnTarget, fileId: string): Promise<ChatFileDownload> {
  if (!isSessionId(t.sessionId) || !isId('chatFile', fileId)) throw notFound('File');
  const file = await sessionStub(t.env, t.tenantId, t.sessionId).file(fileId, t.viewer);
  const res = file?.id ? await chatOriginalDownload(t.env, chatOriginalKey(t.tenantId, t.sessionId, file.id), file) : null;
  if (!res) throw notFound('File');
  return res;
}
