// Files in chat (issue 19 §2): a file a person attaches to a message is checked against the conversation's agent
// (its `attachments` setting, frozen in the session snapshot) and the organization's plan (`chat_file_bytes`, from
// the isolate's copy of the plan: no D1), parsed by the knowledge parsers, cut to the model's context budget and
// handed to the turn, which stores the text with the message and frames it for the model as data
// (worker/llm/user-file.ts). The original bytes go to R2 (services/chat-originals.ts) while the file is parsed; the
// turn starts once both are done, so code tools of that very turn find it. If R2 refuses the original, the message
// still goes through: its file then has no `id` (no download, no code-tool copy), and the failure is logged.
import { detectFormat, extOf } from '../knowledge/detect';
import { CHAT_FILE_MAX_BYTES, type AttachmentSettings, type ChatFileType, chatFileCap } from '../knowledge/chat-file-settings';
import { PLANS } from '../billing/plans';
import { newId } from '../db/ids';
import { planLimitsOf } from './budget-check';
import { chatOriginalKey, putChatOriginal } from './chat-originals';
import { FORMAT_TYPES, type DocumentFormat } from '../knowledge/limits';
import { parseDocument } from '../knowledge/parse';
import { ParseError, type ParsedDocument } from '../knowledge/types';
import { OUTPUT_RESERVE, contextWindow } from '../llm/history';
import type { UserFile } from '../llm/user-file';
import { AppError, notFound } from '../errors';
import { sizeText } from '../lib/size-text';
import { type TurnTarget, conversationFileRules } from './turns';

const TYPE_OF: Record<DocumentFormat, ChatFileType> = { text: 'txt', markdown: 'md', html: 'html', pdf: 'pdf', docx: 'docx', csv: 'csv', json: 'json' };
/** However large the model's window, one file's text stops here (about 100k tokens). */
const MAX_FILE_CHARS = 400_000;

const listOf = (types: readonly string[]) => types.map((t) => t.toUpperCase()).join(', ');

/**
 * How much of a file's text the model gets: half of its context window after the reply's reserve (about 4
 * characters a token, as history.ts estimates), so the conversation and the answer still fit beside it.
 */
export const fileCharBudget = (model: string) => Math.min(MAX_FILE_CHARS, Math.floor(((contextWindow(model) - OUTPUT_RESERVE) * 4) / 2));

/** The parsed document as plain text: each new heading path as a Markdown heading, each new PDF page marked. */
export function documentText(doc: ParsedDocument): string {
  let heading = '';
  let page: number | undefined;
  const parts: string[] = [];
  for (const s of doc.sections) {
    if (s.page !== undefined && s.page !== page) parts.push(`[page ${(page = s.page)}]`);
    const h = s.headings.join(' › ');
    if (h && h !== heading) parts.push(`## ${h}`);
    heading = h;
    parts.push(s.text);
  }
  return parts.join('\n\n');
}

const refuseType = (rules: AttachmentSettings, why: string) =>
  new AppError('unsupported_media_type', `${why} This agent accepts ${listOf(rules.types)} files.`, [
    { path: 'file', message: `allowed types: ${rules.types.join(', ')}` },
  ]);

/**
 * Checks and reads a file for a message in conversation `t`: 404 for no such conversation, 415 when the agent takes
 * no files or not this type (naming the allowed ones), 413 over its size limit, 400 with the parser's reason when
 * the file cannot be read. Never a 5xx for a bad file.
 */
export async function readChatFile(t: TurnTarget, file: File): Promise<UserFile> {
  const [found, plan] = await Promise.all([conversationFileRules(t), planLimitsOf(t.env, t.tenantId)]);
  if (!found) throw notFound('Session');
  const { attachments: rules, model } = found;
  if (!rules.enabled)
    throw new AppError('unsupported_media_type', 'This agent does not accept files. Send your message as text.', [
      { path: 'file', message: 'files are off for this agent' },
    ]);
  const agentMax = Math.min(rules.max_bytes, CHAT_FILE_MAX_BYTES);
  // A meter state kept from before the limit existed has no value for it: the plan's default then.
  const planMax = plan
    ? chatFileCap({ chat_file_bytes: 'chat_file_bytes' in plan.limits ? plan.limits.chat_file_bytes : PLANS[plan.plan].limits.chat_file_bytes })
    : CHAT_FILE_MAX_BYTES;
  const max = Math.min(agentMax, planMax);
  if (file.size > max) {
    // The plan's limit is named when it is the one that binds (an upgrade would help); else the agent's.
    const byPlan = plan && planMax < agentMax;
    const whose = byPlan ? `your ${PLANS[plan.plan].name} plan accepts` : 'this agent accepts';
    throw new AppError('payload_too_large', `The file is ${sizeText(file.size)}; ${whose} files up to ${sizeText(max)}.`, [
      { path: 'file', message: byPlan ? `larger than the plan's chat_file_bytes (${max} bytes)` : `larger than ${max} bytes` },
    ]);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = (file.name.split(/[\\/]/).pop() ?? '').trim().slice(0, 200) || 'file';
  let format: DocumentFormat;
  try {
    format = detectFormat(bytes, name, file.type);
  } catch (e) {
    if (e instanceof ParseError && e.reason === 'unsupported_type') throw refuseType(rules, e.message);
    throw e;
  }
  const type = TYPE_OF[format];
  if (!rules.types.includes(type)) throw refuseType(rules, `${extOf(name) ? `.${extOf(name)}` : type.toUpperCase()} files are not accepted here.`);
  // A browser that does not know the type sends application/octet-stream: name the detected one instead.
  const declared = file.type.split(';')[0]!.trim().toLowerCase();
  const contentType = declared && declared !== 'application/octet-stream' ? declared : FORMAT_TYPES[format].mime[0]!;
  // The original is stored while the file is parsed (R2 and the parser in parallel); dropped if it cannot be read.
  const where = { tenantId: t.tenantId, sessionId: t.sessionId, fileId: newId('chatFile') };
  const stored = putChatOriginal(t.env, where, bytes, { name, contentType });
  const doc = await parseDocument({ bytes, filename: name, contentType: file.type, maxBytes: max }).catch(async (e: unknown) => {
    if (await stored) await t.env.ORIGINALS.delete(chatOriginalKey(where.tenantId, where.sessionId, where.fileId)).catch(() => {});
    // The parsers speak of documents to search; here it is a file to read.
    if (e instanceof ParseError && e.reason === 'empty')
      throw new AppError('validation_failed', `${name} has no text to read.`, [{ path: 'file', message: e.message }]);
    throw e;
  });
  const whole = documentText(doc);
  const budget = fileCharBudget(model);
  const truncated = whole.length > budget;
  const id = (await stored) ? { id: where.fileId } : {};
  return { ...id, name, content_type: contentType, bytes: bytes.byteLength, truncated, text: truncated ? whole.slice(0, budget) : whole };
}
