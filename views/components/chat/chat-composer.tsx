// The chat composer: a plain form that posts one message (htmx streams the reply into #chat-log, see the protocol in
// views/pages/chat-page.tsx) and, beside it, the stop form shown only while a reply is streaming.
import { Icon } from '../ui/icon';

const MAX_MESSAGE = 32_000;

export function ChatComposer(props: { sessionId: string; agentName: string; csrfToken: string; disabled?: boolean }) {
  const base = `/app/sessions/${encodeURIComponent(props.sessionId)}`;
  return (
    <div class="chat-dock-wrap">
      {/* hx-indicator puts .htmx-request on the dock for the whole stream: CSS swaps Send for Stop. */}
      <div class="chat-dock" id="chat-dock">
        <form
          class="chat-composer"
          id="chat-form"
          method="post"
          action={`${base}/messages`}
          hx-post={`${base}/messages`}
          hx-target="#chat-log"
          hx-swap="beforeend"
          hx-sync="drop"
          hx-disable="find .chat-send"
          hx-indicator="#chat-dock"
        >
          <input type="hidden" name="_csrf" value={props.csrfToken} />
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
        <form class="chat-stop-form" method="post" action={`${base}/cancel`} hx-post={`${base}/cancel`} hx-swap="none" hx-disable="find button">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <button class="btn btn-secondary chat-stop" type="submit">
            <span class="chat-stop-icon" aria-hidden="true"></span>
            Stop
          </button>
        </form>
      </div>
      <p class="chat-hint" id="chat-hint">
        <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
      </p>
    </div>
  );
}
