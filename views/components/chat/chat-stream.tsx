// The HTML a streaming reply sends to the chat page, one SSE message per chat event, and the SSE framing.
// The protocol (which element each message changes, and how) is written down in views/pages/chat-page.tsx.
import type { ChatEvent, MessageJson } from '../../../worker/llm/events';
import type { IdentifiedEvent } from '../../../worker/llm/sse-events';
import { FailedReply, type RetryTarget } from './failed-reply';
import { AssistantText, ChatMessage, Citations, ToolOutput, ToolState, ToolStep, domId, stepId, streamId } from './chat-message';
import { Icon } from '../ui/icon';
import { AnswerFeedback } from './answer-feedback';
import type { MessageFileJson } from '../../../worker/schemas/chat';

/** Where the reply's text streams in; a later event replaces it (and its typing dots) with rendered markdown. */
function StreamTarget(props: { assistantId: string }) {
  return <div class="chat-stream" id={streamId(props.assistantId)} aria-busy="true"></div>;
}

/** Where the client is in the turn's events: its `data-event-id` is replaced by every event's message. */
export const cursorId = (assistantId: string) => `cursor-${domId(assistantId)}`;
function StreamCursor(props: { assistantId: string; eventId: string }) {
  return <i hidden class="chat-cursor" id={cursorId(props.assistantId)} data-event-id={props.eventId}></i>;
}

/**
 * The assistant bubble a reply streams into. `sessionId` lets the page re-attach to it (chat.js): after a dropped
 * stream, or on a page loaded mid-answer (then `eventId` is empty: the resume sends the whole turn so far).
 */
export function PendingReply(props: { assistantId: string; sessionId: string; eventId?: string }) {
  return (
    <article
      class="chat-msg chat-msg-assistant"
      id={`msg-${domId(props.assistantId)}`}
      aria-label="Assistant"
      data-session={props.sessionId}
      data-assistant={props.assistantId}
    >
      <span class="chat-avatar" aria-hidden="true">
        <Icon name="agents" size={15} />
      </span>
      <div class="chat-body">
        <StreamTarget assistantId={props.assistantId} />
      </div>
      <StreamCursor assistantId={props.assistantId} eventId={props.eventId ?? ''} />
    </article>
  );
}

/** The first message of a stream, appended to #chat-log: the user's bubble and an empty assistant bubble. */
export function ChatStreamStart(props: { userMessage: MessageJson; assistantId: string; sessionId?: string }) {
  return (
    <>
      <ChatMessage message={props.userMessage} sessionId={props.sessionId} />
      <PendingReply assistantId={props.assistantId} sessionId={props.sessionId ?? ''} />
    </>
  );
}

/**
 * The SSE message for one chat event of the reply `assistantId`. `segment` is the text streamed since the start
 * or the last tool call (the caller keeps it: add each delta after rendering it, empty it after a tool call), so
 * text written before a tool call is settled as markdown above that call's step.
 */
export function ChatStreamEvent(props: { assistantId: string; event: IdentifiedEvent; segment: string; retry?: RetryTarget; feedback?: StreamFeedback }) {
  const { assistantId, event: e } = props;
  const body = <ChatStreamBody {...props} />;
  if (!e.id) return body;
  return (
    <>
      {body}
      <hx-partial hx-target={`#${cursorId(assistantId)}`} hx-swap="outerHTML">
        <StreamCursor assistantId={assistantId} eventId={e.id} />
      </hx-partial>
    </>
  );
}

function ChatStreamBody(props: { assistantId: string; event: ChatEvent; segment: string; retry?: RetryTarget; feedback?: StreamFeedback }) {
  const { assistantId, event: e, segment } = props;
  const stream = `#${streamId(assistantId)}`;
  switch (e.type) {
    case 'message.delta':
      return (
        <hx-partial hx-target={stream} hx-swap="beforeend">
          {e.data.text}
        </hx-partial>
      );
    case 'tool.call':
      return (
        <hx-partial hx-target={stream} hx-swap="outerHTML">
          <AssistantText content={segment} status="completed" />
          <ToolStep id={stepId(assistantId, e.data.id)} name={e.data.name} arguments={e.data.arguments} />
          <StreamTarget assistantId={assistantId} />
        </hx-partial>
      );
    case 'tool.result': {
      const id = stepId(assistantId, e.data.id);
      const result = { ok: e.data.ok, output: e.data.output, files: e.data.files };
      return (
        <>
          <hx-partial hx-target={`#${id}-state`} hx-swap="outerHTML">
            <ToolState result={result} />
          </hx-partial>
          <hx-partial hx-target={`#${id}-result`} hx-swap="outerHTML">
            <ToolOutput result={result} />
          </hx-partial>
        </>
      );
    }
    case 'message.completed': {
      const m = e.data.message;
      return (
        <hx-partial hx-target={stream} hx-swap="outerHTML">
          <AssistantText content={m.content} status={m.status} />
          <Citations citations={m.citations} />
          {props.feedback && m.content.trim() && (
            <AnswerFeedback sessionId={props.feedback.sessionId} messageId={m.id} csrfToken={props.feedback.csrfToken} feedback={null} />
          )}
        </hx-partial>
      );
    }
    case 'message.citations':
      return null; // the finished message carries the passages it used (message.completed)
    case 'error':
      return (
        <hx-partial hx-target={stream} hx-swap="outerHTML">
          {e.data.code === 'cancelled' ? (
            <AssistantText content={segment} status="cancelled" />
          ) : (
            <>
              <AssistantText content={segment} status="completed" />
              <FailedReply code={e.data.code} message={e.data.message} retry={props.retry} />
            </>
          )}
        </hx-partial>
      );
  }
}

/**
 * Frames HTML as one unnamed SSE message: hx-sse swaps unnamed messages and only dispatches named ones as DOM
 * events. Each line becomes a `data:` line (the parser joins them with "\n"), so newlines in text survive.
 */
export function sseMessage(html: string): string {
  return `${html
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}

/** Thumbs under the finished answer: its conversation and the page's CSRF token. */
export type StreamFeedback = { sessionId: string; csrfToken: string };
/** Extra parts of a streamed reply: messages sent ahead of it and after it, where a failed reply retries, thumbs. */
/** `file`: the chip of a file attached to the message (files in chat). */
export type StreamExtras = { after?: string[]; retryAction?: string; sessionId?: string; feedback?: StreamFeedback; file?: MessageFileJson };

/**
 * Rewrites a session's chat events as the SSE messages above, one per event (the chat page and the builder's test
 * panel). `userText` is shown first as the user's bubble; `before` are extra messages sent ahead of it; `extras.after`
 * are sent once the turn has ended (e.g. a sidebar refresh), and `extras.retryAction` offers Retry on a failure.
 */
export function chatHtmlStream(
  events: ReadableStream<IdentifiedEvent>,
  userText: string,
  before: string[] = [],
  extras: StreamExtras = {},
): ReadableStream<Uint8Array> {
  const retry = extras.retryAction ? { action: extras.retryAction, content: userText } : undefined;
  const assistantId = `a-${crypto.randomUUID()}`;
  const file = extras.file ? { file: extras.file } : {};
  const userMessage: MessageJson = {
    id: `u-${assistantId}`,
    role: 'user',
    content: userText,
    ...file,
    status: 'completed',
    created_at: new Date().toISOString(),
  };
  let segment = '';
  const enc = new TextEncoder();
  return events.pipeThrough(
    new TransformStream<ChatEvent, Uint8Array>({
      start(controller) {
        for (const html of before) controller.enqueue(enc.encode(sseMessage(html)));
        controller.enqueue(
          enc.encode(sseMessage(String(<ChatStreamStart userMessage={userMessage} assistantId={assistantId} sessionId={extras.sessionId} />))),
        );
      },
      transform(event, controller) {
        controller.enqueue(
          enc.encode(
            sseMessage(String(<ChatStreamEvent assistantId={assistantId} event={event} segment={segment} retry={retry} feedback={extras.feedback} />)),
          ),
        );
        segment = nextSegment(segment, event);
      },
      flush(controller) {
        for (const html of extras.after ?? []) controller.enqueue(enc.encode(sseMessage(html)));
      },
    }),
  );
}

/** The text streamed since the start or the last tool call, after `e`. */
function nextSegment(segment: string, e: ChatEvent): string {
  if (e.type === 'message.delta') return segment + e.data.text;
  return e.type === 'tool.call' ? '' : segment;
}

/** True when event id `id` comes after `last` (`<turn>-<event>`): a later event of that turn, or another turn's. */
export function eventAfter(id: string | undefined, last: string | null): boolean {
  if (!id || !last) return true;
  const [turn, n] = id.split('-');
  const [lastTurn, lastN] = last.split('-');
  return turn !== lastTurn || Number(n) > Number(lastN);
}

/**
 * The rest of a reply after a dropped stream or a reload (GET /app/sessions/:id/stream): `events` are all events of
 * the turn; those up to `lastEventId` only rebuild the text segment, the later ones are sent as above into the
 * existing bubble `assistantId`, then `extras.after`.
 */
export function chatHtmlResume(
  events: ReadableStream<IdentifiedEvent>,
  assistantId: string,
  lastEventId: string | null,
  extras: StreamExtras = {},
): ReadableStream<Uint8Array> {
  let segment = '';
  const enc = new TextEncoder();
  return events.pipeThrough(
    new TransformStream<IdentifiedEvent, Uint8Array>({
      transform(event, controller) {
        if (eventAfter(event.id, lastEventId))
          controller.enqueue(
            enc.encode(sseMessage(String(<ChatStreamEvent assistantId={assistantId} event={event} segment={segment} feedback={extras.feedback} />))),
          );
        segment = nextSegment(segment, event);
      },
      flush(controller) {
        for (const html of extras.after ?? []) controller.enqueue(enc.encode(sseMessage(html)));
      },
    }),
  );
}
