// The builder's test panel: a chat with the UNSAVED draft. Its controls belong to the builder form (form="…"),
// so every message carries the whole draft: POST /app/agents/:id/test streams the reply into #test-log with the
// chat page's fragments (chat-stream.tsx) and swaps #test-session/#test-trace as <hx-partial>s. Without JavaScript
// the same buttons post the form and the builder page comes back with the transcript.
// Files: while the draft accepts files (its "Files in chat" fields), a paperclip attaches one to the test message
// (`test_file`, sent as multipart); test-files.js keeps the button in step with those fields as they are edited and
// checks type and size before sending, as the chat page does.
import { CHAT_FILE_MAX_BYTES } from '../../../worker/knowledge/chat-file-settings';
import type { MessageJson } from '../../../worker/llm/events';
import type { BuilderValues } from '../../../worker/routes/pages/support/agent-form';
import { ChatTranscript } from '../chat/chat-message';
import { AttachControl, AttachTray } from '../chat/chat-composer';
import { Icon } from '../ui/icon';

/** The draft's files setting as the form holds it: the attach button is hidden while `enabled` is false. */
export type TestFiles = { enabled: boolean; types: string[]; max_bytes: number; cap: number };

/** The files setting of the draft in the form (a size not typed yet, or out of range, is the platform cap). */
export function testFiles(v: BuilderValues): TestFiles {
  const mb = Number(v.file_max_mb);
  const bytes = Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1024 * 1024) : CHAT_FILE_MAX_BYTES;
  return { enabled: v.files_enabled, types: v.file_types, max_bytes: Math.min(bytes, CHAT_FILE_MAX_BYTES), cap: CHAT_FILE_MAX_BYTES };
}

const base = (agentId: string) => `/app/agents/${encodeURIComponent(agentId)}/test`;

export const TestSession = (props: { value: string }) => <input type="hidden" id="test-session" name="test_session" form="builder-form" value={props.value} />;

export const TestTrace = (props: { sessionId: string }) => (
  <p class="test-trace" id="test-trace">
    {props.sessionId && (
      <a href={`/app/sessions/${encodeURIComponent(props.sessionId)}`}>
        <Icon name="history" size={14} />
        View the trace of this test
      </a>
    )}
  </p>
);

export const TestEmpty = () => (
  <div class="chat-empty">
    <span class="empty-icon" aria-hidden="true">
      <Icon name="chat" size={20} />
    </span>
    <p class="empty-title">Try your draft</p>
    <p class="empty-description">Send a message to chat with the agent exactly as the form is now. Saving is not needed.</p>
  </div>
);

/** A line in the log when a changed draft starts a new test conversation. */
export const TestDivider = (props: { text: string }) => (
  <p class="test-divider" role="note">
    {props.text}
  </p>
);

/** The paperclip, hidden while the draft takes no files (test-files.js follows the draft's fields as they change). */
function TestAttach(props: { files: TestFiles }) {
  const f = props.files;
  const on = f.enabled && f.types.length > 0;
  return (
    <span class="test-attach" id="test-attach" hidden={!on}>
      <AttachControl prefix="test" files={f} cap={f.cap} disabled={!on} />
    </span>
  );
}

export function TestPanel(props: { agentId: string; sessionId: string; messages: MessageJson[]; notes?: string[]; files: TestFiles }) {
  const url = base(props.agentId);
  return (
    <aside class="card test-panel" aria-labelledby="test-title">
      <div class="test-head">
        <div>
          <h2 class="section-title" id="test-title">
            Test panel
          </h2>
          <p class="muted">Chats with the unsaved draft.</p>
        </div>
        <button
          type="submit"
          form="builder-form"
          formaction={`${url}/reset`}
          formnovalidate
          class="btn btn-ghost btn-sm"
          hx-post={`${url}/reset`}
          hx-target="#test-log"
          hx-swap="innerHTML"
        >
          <Icon name="plus" />
          New test
        </button>
      </div>
      <TestSession value={props.sessionId} />
      <div class="chat-log test-log" id="test-log" role="log" aria-label="Test conversation" data-follow>
        <TestEmpty />
        {props.notes?.map((n) => (
          <TestDivider text={n} />
        ))}
        <ChatTranscript messages={props.messages} sessionId={props.sessionId || undefined} />
      </div>
      <TestTrace sessionId={props.sessionId} />
      <AttachTray prefix="test" />
      <div class="chat-dock test-dock" id="test-dock">
        <TestAttach files={props.files} />
        <label class="sr-only" for="test-input">
          Test message
        </label>
        <textarea
          class="chat-input"
          id="test-input"
          name="test_message"
          form="builder-form"
          rows={1}
          maxlength={32000}
          placeholder="Send a test message…"
          data-send-with="test-send"
        ></textarea>
        <button
          id="test-send"
          class="btn btn-primary chat-send"
          type="submit"
          form="builder-form"
          formaction={url}
          formenctype="multipart/form-data"
          formnovalidate
          hx-post={url}
          hx-encoding="multipart/form-data"
          hx-target="#test-log"
          hx-swap="beforeend"
          hx-indicator="#test-dock"
          hx-sync="this:drop"
        >
          <Icon name="arrow" />
          <span class="chat-send-label">Send</span>
        </button>
        <span class="chat-stop-form">
          <button
            class="btn btn-secondary chat-stop"
            type="submit"
            form="builder-form"
            formaction={`${url}/cancel`}
            formnovalidate
            hx-post={`${url}/cancel`}
            hx-swap="none"
          >
            <span class="chat-stop-icon" aria-hidden="true"></span>
            Stop
          </button>
        </span>
      </div>
    </aside>
  );
}
