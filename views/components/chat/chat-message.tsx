// Chat messages: the user's bubble (escaped text), the assistant's reply (safe markdown) and tool calls as
// collapsible steps. Used by the chat page and by the streaming fragments (chat-stream.tsx).
import { raw } from 'hono/html';
import type { AttachmentJson, CitationJson, MessageJson, MessageStatus, ToolCallJson } from '../../../worker/llm/events';
import { renderMarkdown } from '../../lib/markdown';
import { Icon } from '../ui/icon';
import { AnswerFeedback, type FeedbackContext, isRateable } from './answer-feedback';
import { FailedReply, type RetryTarget } from './failed-reply';
import { FileChip } from './file-chip';

/** Tool results and arguments longer than this are cut in the page; the full text stays in the trace. */
const MAX_SHOWN = 8000;

/** A string safe in an id and in a `#id` selector; model-chosen ids (tool call ids) may hold anything. */
export const domId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
export const streamId = (assistantId: string) => `stream-${domId(assistantId)}`;
export const stepId = (assistantId: string, callId: string) => `step-${domId(assistantId)}-${domId(callId)}`;

const pretty = (text: string) => {
  let out = text;
  try {
    out = JSON.stringify(JSON.parse(text), null, 2) ?? text;
  } catch {
    // not JSON: shown as written
  }
  return out.length > MAX_SHOWN ? `${out.slice(0, MAX_SHOWN)}\n… (${out.length - MAX_SHOWN} more characters)` : out;
};

const NOTES: Record<Exclude<MessageStatus, 'completed'>, string> = {
  cancelled: 'Stopped',
  interrupted: 'Interrupted before it finished',
  failed: 'Failed',
};

/** The assistant's text as markdown, then a note when the reply did not complete. */
export function AssistantText(props: { content: string; status: MessageStatus }) {
  return (
    <>
      {props.content && <div class="chat-text chat-md">{raw(renderMarkdown(props.content))}</div>}
      {props.status !== 'completed' && <p class={`chat-note chat-note-${props.status}`}>{NOTES[props.status]}</p>}
    </>
  );
}

export type ToolResult = { ok: boolean; output: string; files?: AttachmentJson[] };

/** Where a cited passage is shown: its document's page, at the chunk's anchor. */
export const passageHref = (c: CitationJson) =>
  `/app/knowledge/${encodeURIComponent(c.knowledge_base_id)}/documents/${encodeURIComponent(c.document_id)}#chunk-${c.position}`;
const excerpt = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

/** The knowledge passages an answer used, numbered as it cites them ([1]…), each a link to the passage. */
export function Citations(props: { citations?: CitationJson[] }) {
  const list = props.citations ?? [];
  if (!list.length) return null;
  return (
    <nav class="chat-citations" aria-label="Sources">
      <p class="chat-step-label">Sources</p>
      <ol>
        {list.map((c) => (
          <li class="chat-citation" id={`cite-${c.n}`}>
            <span class="chat-citation-n">{c.n}</span>
            <span>
              <a href={passageHref(c)}>{c.title || 'Untitled document'}</a>
              <span class="chat-citation-text">{excerpt(c.text)}</span>
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const PREVIEWABLE = /^image\/(png|jpeg|gif|webp)$/;
const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

/** Files a code tool produced: raster images previewed, everything downloadable (data: URLs, never SVG/HTML inline). */
function Attachments(props: { files: AttachmentJson[] }) {
  return (
    <ul class="chat-files">
      {props.files.map((f) => {
        const name = f.path.split('/').pop() || f.path;
        const href = f.content_base64 ? `data:application/octet-stream;base64,${f.content_base64}` : undefined;
        return (
          <li class="chat-file">
            {f.content_base64 && PREVIEWABLE.test(f.media_type) && (
              <img class="chat-file-preview" src={`data:${f.media_type};base64,${f.content_base64}`} alt={name} />
            )}
            {href ? (
              <a href={href} download={name}>
                {f.path}
              </a>
            ) : (
              <span>{f.path}</span>
            )}{' '}
            <span class="chat-file-size">
              {kb(f.size)}
              {href ? '' : ' · too large to keep'}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** A tool step's outcome badge; `id` lets a stream swap it when the result arrives. */
export function ToolState(props: { result?: ToolResult; id?: string }) {
  const state = !props.result ? 'running' : props.result.ok ? 'ok' : 'error';
  const label = { running: 'Running', ok: 'Done', error: 'Error' }[state];
  return (
    <span class={`chat-step-state is-${state}`} id={props.id}>
      {state === 'running' ? <span class="chat-spinner" aria-hidden="true"></span> : <Icon name={state === 'ok' ? 'check' : 'alert'} size={12} />}
      {label}
    </span>
  );
}

/** A tool step's result section, or a placeholder (with `id`) that the stream replaces once the tool answers. */
export function ToolOutput(props: { result?: ToolResult; id?: string }) {
  if (!props.result)
    return (
      <p class="chat-step-pending" id={props.id}>
        Waiting for the result…
      </p>
    );
  return (
    <div class="chat-step-section" id={props.id}>
      <p class="chat-step-label">{props.result.ok ? 'Result' : 'Error'}</p>
      <pre class="chat-step-code">
        <code>{pretty(props.result.output) || '(empty)'}</code>
      </pre>
      {props.result.files && props.result.files.length > 0 && <Attachments files={props.result.files} />}
    </div>
  );
}

/** One tool call as a <details> disclosure: name and outcome in the summary, arguments and result inside. */
export function ToolStep(props: { name: string; arguments?: string; result?: ToolResult; id?: string }) {
  const { id } = props;
  return (
    <details class="chat-step" id={id}>
      <summary class="chat-step-head">
        <Icon name="tools" size={14} />
        <span class="chat-step-title">
          <span class="sr-only">Tool </span>
          <code class="chat-step-name">{props.name}</code>
        </span>
        <ToolState result={props.result} id={id && `${id}-state`} />
      </summary>
      <div class="chat-step-body">
        {props.arguments !== undefined && (
          <div class="chat-step-section">
            <p class="chat-step-label">Arguments</p>
            <pre class="chat-step-code">
              <code>{pretty(props.arguments) || '{}'}</code>
            </pre>
          </div>
        )}
        <ToolOutput result={props.result} id={id && `${id}-result`} />
      </div>
    </details>
  );
}

const resultOf = (m?: MessageJson): ToolResult | undefined => m && { ok: m.ok !== false, output: m.content, files: m.attachments };

/**
 * One stored message. `toolResults` (tool messages by tool_call_id) lets an assistant message show each of its
 * tool calls together with the result; a tool message passed on its own is shown as a step without arguments.
 */
export function ChatMessage(props: {
  message: MessageJson;
  toolResults?: Map<string, MessageJson>;
  retry?: RetryTarget;
  feedback?: FeedbackContext;
  /** The conversation, so a file's chip links to its original. */
  sessionId?: string;
}) {
  const m = props.message;
  if (m.role === 'user') {
    // A failed user message is explained by the failed reply after it.
    return (
      <article class="chat-msg chat-msg-user" id={`msg-${domId(m.id)}`} aria-label="You">
        {m.file && <FileChip file={m.file} sessionId={props.sessionId} />}
        {(m.content || !m.file) && <div class="chat-bubble">{m.content}</div>}
        {m.status !== 'completed' && m.status !== 'failed' && <p class={`chat-note chat-note-${m.status}`}>{NOTES[m.status]}</p>}
      </article>
    );
  }
  if (m.role === 'assistant' && m.status === 'failed' && m.error && !m.content) {
    return (
      <article class="chat-msg chat-msg-assistant chat-msg-failed" id={`msg-${domId(m.id)}`} aria-label="Assistant">
        <span class="chat-avatar" aria-hidden="true">
          <Icon name="agents" size={15} />
        </span>
        <div class="chat-body">
          <FailedReply code={m.error.code} message={m.error.message} retry={props.retry} />
        </div>
      </article>
    );
  }
  const calls: ToolCallJson[] = m.tool_calls ?? [];
  return (
    <article class="chat-msg chat-msg-assistant" id={`msg-${domId(m.id)}`} aria-label="Assistant">
      <span class="chat-avatar" aria-hidden="true">
        <Icon name="agents" size={15} />
      </span>
      <div class="chat-body">
        {m.role === 'tool' ? (
          <ToolStep name={m.name ?? 'tool'} result={resultOf(m)} />
        ) : (
          <>
            <AssistantText content={m.content} status={m.status} />
            <Citations citations={m.citations} />
            {calls.map((call) => (
              <ToolStep name={call.name} arguments={call.arguments} result={resultOf(props.toolResults?.get(call.id))} />
            ))}
            {props.feedback && isRateable(m) && (
              <AnswerFeedback
                sessionId={props.feedback.sessionId}
                messageId={m.id}
                csrfToken={props.feedback.csrfToken}
                feedback={props.feedback.ratings?.get(m.id) ?? null}
              />
            )}
          </>
        )}
      </div>
    </article>
  );
}

/**
 * A whole conversation: tool results are folded into the assistant message that called them. With `retry` (the
 * composer's action and CSRF token), a last reply that failed offers to send the user's last message again.
 */
export function ChatTranscript(props: {
  messages: MessageJson[];
  retry?: { action: string; csrfToken: string };
  feedback?: FeedbackContext;
  sessionId?: string;
}) {
  const results = new Map(props.messages.filter((m) => m.role === 'tool' && m.tool_call_id).map((m) => [m.tool_call_id!, m]));
  const called = new Set(props.messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.id)));
  const last = props.messages[props.messages.length - 1];
  const lastUser = [...props.messages].reverse().find((m) => m.role === 'user');
  const retry = props.retry && last?.status === 'failed' && lastUser ? { ...props.retry, content: lastUser.content } : undefined;
  return (
    <>
      {props.messages
        .filter((m) => !(m.role === 'tool' && m.tool_call_id && called.has(m.tool_call_id)))
        .map((m) => (
          <ChatMessage message={m} toolResults={results} retry={m === last ? retry : undefined} feedback={props.feedback} sessionId={props.sessionId} />
        ))}
    </>
  );
}
