// The chat composer: a plain form that posts one message (htmx streams the reply into #chat-log, see the protocol in
// views/pages/chat-page.tsx) and, beside it, the stop form shown only while a reply is streaming. Without a
// conversation yet it posts to the agent (`agentId`): the first message starts one, and `StartedParts` then points
// the composer (hidden `session` field) and the stop form at it.
import { Icon } from '../ui/icon';
import { sizeText } from '../../../worker/lib/size-text';

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

/** What the agent lets a person attach (its `attachments` setting), or null/absent: no attach button. */
export type OfferedFiles = { types: string[]; max_bytes: number } | null;

/**
 * The attach button (a label for the visually hidden file input, so it works without JavaScript too) of the chat
 * composer, or of the builder's test panel (`prefix` `test`: field `test_file` of the builder's form, `cap` the
 * platform's limit for test-files.js to follow the draft's size); file-pick.js checks type and size before sending.
 */
export function AttachControl(props: { files: NonNullable<OfferedFiles>; disabled?: boolean; prefix?: 'chat' | 'test'; cap?: number }) {
  const { files } = props;
  const p = props.prefix ?? 'chat';
  const label = `Attach a file (${files.types.map((t) => t.toUpperCase()).join(', ')}, up to ${sizeText(files.max_bytes)})`;
  return (
    <>
      <input
        class="sr-only chat-file-input"
        type="file"
        id={`${p}-file`}
        name={p === 'test' ? 'test_file' : 'file'}
        form={p === 'test' ? 'builder-form' : undefined}
        accept={files.types.map((t) => `.${t}`).join(',')}
        data-types={files.types.join(' ')}
        data-max-bytes={String(files.max_bytes)}
        data-cap={props.cap === undefined ? undefined : String(props.cap)}
        disabled={props.disabled}
        aria-describedby={`${p}-file-error`}
      />
      <label class="btn btn-ghost chat-attach" for={`${p}-file`} title={label}>
        <Icon name="paperclip" />
        <span class="sr-only">{label}</span>
      </label>
    </>
  );
}

/**
 * Above a composer: the chosen file (filled in by chat.js, or test-files.js in the builder's test panel: `prefix`
 * `test`) and why a file was refused.
 */
export function AttachTray(props: { prefix?: 'chat' | 'test' }) {
  const p = props.prefix ?? 'chat';
  return (
    <div class="chat-file-tray" id={`${p}-file-tray`}>
      <p class="file-chip file-chip-draft" id={`${p}-file-chip`} hidden>
        <Icon name="file" size={16} />
        <span class="file-chip-name"></span>
        <span class="file-chip-meta"></span>
        <button class="file-chip-remove" type="button" aria-label="Remove the file">
          ×
        </button>
      </p>
      <p class="chat-file-error" id={`${p}-file-error`} role="alert" hidden></p>
    </div>
  );
}

export function ChatComposer(props: {
  sessionId: string | null;
  agentId: string;
  agentName: string;
  csrfToken: string;
  disabled?: boolean;
  files?: OfferedFiles;
}) {
  const action = props.sessionId ? `${sessionBase(props.sessionId)}/messages` : `/app/agents/${encodeURIComponent(props.agentId)}/chat/messages`;
  return (
    <div class="chat-dock-wrap">
      {/* hx-indicator puts .htmx-request on the dock for the whole stream: CSS swaps Send for Stop. */}
      {props.files && <AttachTray />}
      <div class="chat-dock" id="chat-dock">
        <form
          class="chat-composer"
          id="chat-form"
          method="post"
          enctype={props.files ? 'multipart/form-data' : undefined}
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
          {props.files && <AttachControl files={props.files} disabled={props.disabled} />}
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
