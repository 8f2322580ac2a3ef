// The chat composer: a plain form that posts one message (htmx streams the reply into #chat-log, see the protocol in
// views/pages/chat-page.tsx) and, beside it, the stop form shown only while a reply is streaming. Without a
// conversation yet it posts to the agent (`agentId`): the first message starts one, and `StartedParts` then points
// the composer (hidden `session` field) and the stop form at it.
import { Icon } from '../ui/icon';

const MAX_MESSAGE = 32_000;

const sessionBase = (sessionId: string) => `/app/sessions/${encodeURIComponent(sessionId)}`;

/** The stop form; before a conversation exists there is nothing to stop, so it has no action. */
export function StopForm(props: { sessionId: string | null; csrfToken: string }) {
  const action = props.sessionId ? `${sessionBase(props.sessionId)}/cancel` : undefined;
  return (
    <form class="chat-stop-form" id="chat-stop-form" method="post" action={action} hx-post={action} hx-swap="none" hx-disable="find button">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button class="btn btn-secondary chat-stop" type="submit" disabled={!action}>
        <span class="chat-stop-icon" aria-hidden="true"></span>
        Stop
      </button>
    </form>
  );
}

/** Sent ahead of the first reply of a conversation started from the composer: later messages and Stop go to it. */
export function StartedParts(props: { sessionId: string; csrfToken: string }) {
  return (
    <>
      <hx-partial hx-target="#chat-session-id" hx-swap="outerHTML">
        <input type="hidden" id="chat-session-id" name="session" value={props.sessionId} />
      </hx-partial>
      <hx-partial hx-target="#chat-stop-form" hx-swap="outerHTML">
        <StopForm sessionId={props.sessionId} csrfToken={props.csrfToken} />
      </hx-partial>
    </>
  );
}

export function ChatComposer(props: { sessionId: string | null; agentId: string; agentName: string; csrfToken: string; disabled?: boolean }) {
  const action = props.sessionId ? `${sessionBase(props.sessionId)}/messages` : `/app/agents/${encodeURIComponent(props.agentId)}/chat/messages`;
  return (
    <div class="chat-dock-wrap">
      {/* hx-indicator puts .htmx-request on the dock for the whole stream: CSS swaps Send for Stop. */}
      <div class="chat-dock" id="chat-dock">
        <form
          class="chat-composer"
          id="chat-form"
          method="post"
          action={action}
          hx-post={action}
          hx-target="#chat-log"
          hx-swap="beforeend"
          hx-sync="drop"
          hx-disable="find .chat-send"
          hx-indicator="#chat-dock"
        >
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          {!props.sessionId && <input type="hidden" id="chat-session-id" name="session" value="" />}
          <label class="sr-only" for="chat-input">
            Message {props.agentName}
          </label>
          <textarea
            class="chat-input"
            id="chat-input"
            name="content"
            rows={1}
            maxlength={MAX_MESSAGE}
            required
            autofocus={!props.disabled}
            disabled={props.disabled}
            placeholder={props.disabled ? 'Add a model connection to start chatting' : `Message ${props.agentName}…`}
            aria-describedby="chat-hint"
          ></textarea>
          <button class="btn btn-primary chat-send" type="submit" disabled={props.disabled}>
            <Icon name="arrow" />
            <span class="chat-send-label">Send</span>
          </button>
        </form>
        <StopForm sessionId={props.sessionId} csrfToken={props.csrfToken} />
      </div>
      <p class="chat-hint" id="chat-hint">
        <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
      </p>
    </div>
  );
}
