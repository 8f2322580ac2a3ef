// The AgentSession's own SQLite: the agent snapshot, the messages and the trace steps of one conversation.
import type { AttachmentJson, CitationJson, MessageJson, MessageStatus, ToolCallJson } from '../worker/llm/events';
import { type WireMessage, pairToolCalls } from '../worker/llm/history';
import type { AgentSnapshot } from '../worker/llm/snapshot';
import { newId } from '../worker/db/ids';
import type { TraceStepJson } from '../worker/schemas/chat';
import { type UserFile, fileJson, withFile } from '../worker/llm/user-file';
import type { ChatUpload } from '../worker/tools/types';

/** A model call or a tool call of a turn, as the trace API answers it. */
export type TraceStep = TraceStepJson;

type MessageRow = {
  id: string;
  role: MessageJson['role'];
  content: string;
  tool_calls: string | null;
  tool_call_id: string | null;
  name: string | null;
  ok: number | null;
  attachments: string | null;
  file: string | null;
  citations?: string | null;
  error: string | null;
  status: MessageStatus;
  created_at: number;
};

/** The result given to a tool call that never ran because its turn was stopped (history stays valid for providers). */
export const TOOL_NOT_RUN = 'cancelled: the turn was stopped before this tool ran';
const TOOL_CUT = 'interrupted: the turn was cut before this tool ran';

/** `file`: a user message's attached file with the text the model saw (the API answers only its chip). */
export type NewMessage = Omit<MessageJson, 'created_at' | 'file'> & { turn_id: string; file?: UserFile };

export class SessionStore {
  private ready: boolean;

  constructor(private readonly sql: SqlStorage) {
    // Tables are created by init() only, so probing an unknown session leaves no storage behind.
    this.ready = sql.exec<{ n: number }>(`select count(*) as n from sqlite_master where name = 'meta'`).one().n > 0;
    if (this.ready) this.migrate();
  }

  /** Objects created before a column existed get it; each step is idempotent. */
  private migrate(): void {
    const columns = this.sql.exec<{ name: string }>(`select name from pragma_table_info('messages')`).toArray();
    if (!columns.some((c) => c.name === 'attachments')) this.sql.exec(`alter table messages add column attachments text`);
    if (!columns.some((c) => c.name === 'error')) this.sql.exec(`alter table messages add column error text`);
    if (!columns.some((c) => c.name === 'file')) this.sql.exec(`alter table messages add column file text`);
    if (!columns.some((c) => c.name === 'citations')) this.sql.exec(`alter table messages add column citations text`);
  }

  private createSchema(): void {
    this.sql.exec(`
      create table if not exists meta (key text primary key, value text not null);
      create table if not exists messages (
        seq integer primary key autoincrement, id text not null unique, turn_id text not null, role text not null,
        content text not null, tool_calls text, tool_call_id text, name text, ok integer, attachments text,
        error text, status text not null, created_at integer not null, file text, citations text);
      create table if not exists steps (seq integer primary key autoincrement, turn_id text not null, data text not null);
    `);
    this.ready = true;
  }

  /** After the object's storage was wiped. */
  reset(): void {
    this.ready = false;
    this.cached = null;
    this.wire = null;
    this.count = null;
  }

  /**
   * The model's view of the stored messages (before pairing), read once and then kept in step by addMessage, the
   * only writer of the messages table: a turn then reads no SQL for its history.
   */
  private wire: WireMessage[] | null = null;

  private cached: AgentSnapshot | null = null;

  /** How many messages are stored, counted once and then kept by addMessage (each turn asks: is it the first?). */
  private count: number | null = null;

  snapshot(): AgentSnapshot | null {
    if (!this.ready) return null;
    if (this.cached) return this.cached;
    const row = this.sql.exec<{ value: string }>(`select value from meta where key = 'snapshot'`).toArray()[0];
    this.cached = row ? (JSON.parse(row.value) as AgentSnapshot) : null;
    return this.cached;
  }

  saveSnapshot(s: AgentSnapshot): void {
    this.createSchema();
    this.sql.exec(`insert into meta (key, value) values ('snapshot', ?)`, JSON.stringify(s));
  }

  addMessage(m: NewMessage, now = Date.now()): MessageJson {
    this.sql.exec(
      `insert into messages (id, turn_id, role, content, tool_calls, tool_call_id, name, ok, attachments, error, status, created_at, file, citations) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.id,
      m.turn_id,
      m.role,
      m.content,
      m.tool_calls ? JSON.stringify(m.tool_calls) : null,
      m.tool_call_id ?? null,
      m.name ?? null,
      m.ok === undefined ? null : Number(m.ok),
      m.attachments?.length ? JSON.stringify(m.attachments) : null,
      m.error ? JSON.stringify(m.error) : null,
      m.status,
      now,
      m.file ? JSON.stringify(m.file) : null,
      m.citations?.length ? JSON.stringify(m.citations) : null,
    );
    if (this.count !== null) this.count++;
    if (this.wire && m.status !== 'failed') this.wire.push(wireOf(m.role, withFile(m.content, m.file), m.tool_calls ?? [], m.tool_call_id));
    const { turn_id: _t, file, ...rest } = m;
    return { ...rest, ...(file ? { file: fileJson(file) } : {}), created_at: new Date(now).toISOString() };
  }

  /**
   * Keeps a turn that was cut by a crash (its journal, pending-turn.ts): the user's message if it was not written
   * yet, and the text streamed so far as an interrupted answer.
   */
  recoverTurn(p: { turnId: string; userMessageId: string; content: string; file?: UserFile; at: number; text: string }): void {
    const known = this.sql.exec<{ n: number }>(`select count(*) as n from messages where id = ?`, p.userMessageId).one().n > 0;
    const file = p.file ? { file: p.file } : {};
    if (!known) this.addMessage({ id: p.userMessageId, turn_id: p.turnId, role: 'user', content: p.content, ...file, status: 'completed' }, p.at);
    this.answerToolCalls(p.turnId);
    if (p.text) this.addMessage({ id: newId('message'), turn_id: p.turnId, role: 'assistant', content: p.text, status: 'interrupted' });
  }

  /** Gives every tool call of the turn that has no result one saying it never ran (a crash between tool calls). */
  private answerToolCalls(turnId: string): void {
    const rows = this.sql.exec<MessageRow>(`select * from messages where turn_id = ? order by seq`, turnId).toArray();
    const answered = new Set(rows.filter((r) => r.role === 'tool').map((r) => r.tool_call_id));
    for (const r of rows) {
      for (const c of r.tool_calls ? (JSON.parse(r.tool_calls) as ToolCallJson[]) : []) {
        if (!answered.has(c.id))
          this.addMessage({
            id: newId('message'),
            turn_id: turnId,
            role: 'tool',
            content: TOOL_CUT,
            tool_call_id: c.id,
            name: c.name,
            ok: false,
            status: 'interrupted',
          });
      }
    }
  }

  messages(): MessageJson[] {
    return this.sql.exec<MessageRow>(`select * from messages order by seq`).toArray().map(toJson);
  }

  /** A message's role and turn (feedback on answers), or null when there is no such message. */
  messageRef(id: string): { role: string; turn_id: string } | null {
    return this.sql.exec<{ role: string; turn_id: string }>(`select role, turn_id from messages where id = ?`, id).toArray()[0] ?? null;
  }

  messageCount(): number {
    if (!this.ready) return 0;
    return (this.count ??= this.sql.exec<{ n: number }>(`select count(*) as n from messages`).one().n);
  }

  /**
   * The history as the model sees it. Failed messages are left out; interrupted partial answers stay. Tool calls are
   * paired with their results (pairToolCalls), which repairs conversations broken before every call got one.
   */
  wireHistory(extra: WireMessage[] = []): WireMessage[] {
    this.wire ??= this.sql
      .exec<MessageRow>(`select * from messages where status != 'failed' order by seq`)
      .toArray()
      .map((r) => wireOf(r.role, withFile(r.content, fileOf(r)), r.tool_calls ? (JSON.parse(r.tool_calls) as ToolCallJson[]) : [], r.tool_call_id));
    const stored = this.wire;
    // `extra` (a response's input not written yet) is paired with the rest: it may answer the last calls.
    return pairToolCalls([...stored, ...extra], TOOL_NOT_RUN);
  }

  /** The newest message's sequence number (0 when empty): where a stored response ended. */
  lastSeq(): number {
    return this.sql.exec<{ n: number | null }>(`select max(seq) as n from messages`).one().n ?? 0;
  }

  /** The messages up to `seq` with their turns and times (a conversation forked from an earlier response). */
  messagesUntil(seq: number): (NewMessage & { at: number })[] {
    return this.sql
      .exec<MessageRow & { turn_id: string }>(`select * from messages where seq <= ? order by seq`, seq)
      .toArray()
      .map((r) => {
        const { created_at: _c, file: _f, ...m } = toJson(r);
        const file = fileOf(r);
        return { ...m, ...(file ? { file } : {}), turn_id: r.turn_id, at: r.created_at };
      });
  }

  /** A file attached to a message of this conversation, by its id (the download routes); null: none. */
  fileById(id: string): UserFile | null {
    if (!this.ready) return null;
    const row = this.sql.exec<{ file: string }>(`select file from messages where file is not null and json_extract(file, '$.id') = ? limit 1`, id).toArray()[0];
    return row ? (JSON.parse(row.file) as UserFile) : null;
  }

  /** The files code tools see (those with an `uploads/` path, chat-uploads.ts), oldest first, without their text. */
  uploads(): ChatUpload[] {
    if (!this.ready) return [];
    return this.sql
      .exec<{ file: string }>(`select file from messages where file is not null and json_extract(file, '$.path') is not null order by seq`)
      .toArray()
      .map((r) => {
        const f = JSON.parse(r.file) as UserFile;
        return { id: f.id!, path: f.path!, bytes: f.bytes };
      });
  }

  addStep(step: TraceStep): void {
    this.sql.exec(`insert into steps (turn_id, data) values (?, ?)`, step.turn_id, JSON.stringify(step));
  }

  steps(turnId?: string): TraceStep[] {
    const rows = turnId
      ? this.sql.exec<{ data: string }>(`select data from steps where turn_id = ? order by seq`, turnId)
      : this.sql.exec<{ data: string }>(`select data from steps order by seq`);
    return rows.toArray().map((r) => JSON.parse(r.data) as TraceStep);
  }
}

function toJson(r: MessageRow): MessageJson {
  return {
    id: r.id,
    role: r.role,
    content: r.content,
    ...(r.tool_calls ? { tool_calls: JSON.parse(r.tool_calls) as ToolCallJson[] } : {}),
    ...(r.tool_call_id ? { tool_call_id: r.tool_call_id } : {}),
    ...(r.name ? { name: r.name } : {}),
    ...(r.ok !== null ? { ok: r.ok === 1 } : {}),
    ...(r.attachments ? { attachments: JSON.parse(r.attachments) as AttachmentJson[] } : {}),
    ...(r.error ? { error: JSON.parse(r.error) as { code: string; message: string } } : {}),
    ...(r.file ? { file: fileJson(JSON.parse(r.file) as UserFile) } : {}),
    ...(r.citations ? { citations: JSON.parse(r.citations) as CitationJson[] } : {}),
    status: r.status,
    created_at: new Date(r.created_at).toISOString(),
  };
}

const fileOf = (r: MessageRow): UserFile | null => (r.file ? (JSON.parse(r.file) as UserFile) : null);

/** One stored message as the model sees it. */
function wireOf(role: string, content: string, calls: ToolCallJson[], toolCallId: string | null | undefined): WireMessage {
  if (role === 'tool') return { role: 'tool', content, tool_call_id: toolCallId ?? '' };
  if (role === 'user') return { role: 'user', content };
  return calls.length
    ? {
        role: 'assistant',
        content: content || null,
        tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      }
    : { role: 'assistant', content };
}
