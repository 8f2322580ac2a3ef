// The builder's "Files in chat" section: whether people may attach a file to a message (chat page, widget, share
// links, API), which types, how large. Saved as the agent's `attachments` setting (knowledge/chat-file-settings.ts).
import { CHAT_FILE_MAX_BYTES, CHAT_FILE_TYPES } from '../../../worker/knowledge/chat-file-settings';
import type { BuilderValues } from '../../../worker/routes/pages/support/agent-form';

const LABELS: Record<string, string> = { txt: 'Text', md: 'Markdown', html: 'HTML', pdf: 'PDF', docx: 'Word (DOCX)', csv: 'CSV', json: 'JSON' };

export function FilesSection(props: { values: BuilderValues; error?: string }) {
  const v = props.values;
  return (
    <section class="card builder-section" aria-labelledby="b-files">
      <div class="builder-section-head">
        <h2 class="section-title" id="b-files">
          Files in chat
        </h2>
        <p class="muted">
          Let people attach a file to a message. Its text is read and given to the model as data with that message, on every surface: the chat page, the widget,
          share links and the API. Off by default: a file uses the model’s context for the rest of the conversation. The test panel takes files as soon as this
          is checked, before you save.
        </p>
      </div>
      <fieldset class={props.error ? 'fieldset field-invalid' : 'fieldset'}>
        <legend class="sr-only">Files in chat</legend>
        {props.error && <p class="field-error">{props.error}</p>}
        <label class="check">
          <input type="checkbox" name="attachments_enabled" checked={v.files_enabled} />
          <span>Accept files</span>
        </label>
        <ul class="tool-options file-types" role="list" aria-label="File types accepted">
          {CHAT_FILE_TYPES.map((t) => (
            <li class="tool-option">
              <label class="check">
                <input type="checkbox" name="attachment_types" value={t} checked={v.file_types.includes(t)} />
                <span>{LABELS[t]}</span>
              </label>
            </li>
          ))}
        </ul>
        <label class="field-label" for="attachment_max_mb">
          Largest file (MB)
        </label>
        <input
          class="input builder-files-size"
          type="number"
          id="attachment_max_mb"
          name="attachment_max_mb"
          min="0.1"
          max={String(CHAT_FILE_MAX_BYTES / (1024 * 1024))}
          step="0.1"
          value={v.file_max_mb}
        />
        <p class="field-hint">
          Up to {CHAT_FILE_MAX_BYTES / (1024 * 1024)} MB, and no more than your plan allows (see Billing). The original is kept with the conversation and can be
          downloaded from its chip; code tools find it in uploads/.
        </p>
      </fieldset>
    </section>
  );
}
