// The chip of a file attached to a person's message (files in chat): its name, type and size, in the transcript and
// in the composer before sending. The file's text is never drawn here, only what identifies it. With the
// conversation's id and a kept original (`file.id`), the chip is a link that downloads it (GET /api/v1/sessions/:id/
// files/:file_id, the browser's session cookie); older messages (no original) keep a plain chip.
import { sizeText } from '../../../worker/lib/size-text';
import type { MessageFileJson } from '../../../worker/schemas/chat';
import { Icon } from '../ui/icon';

const kindOf = (name: string) => (/\.([a-z0-9]{1,6})$/i.exec(name)?.[1] ?? 'file').toUpperCase();

/** Where the page downloads a file of conversation `sessionId`. */
export const fileHref = (sessionId: string, fileId: string) => `/api/v1/sessions/${encodeURIComponent(sessionId)}/files/${encodeURIComponent(fileId)}`;

export function FileChip(props: { file: MessageFileJson; sessionId?: string }) {
  const { file } = props;
  const title = file.truncated ? `${file.name} (cut to fit the model's context)` : file.name;
  const inner = (
    <>
      <Icon name={file.id && props.sessionId ? 'download' : 'file'} size={16} />
      <span class="file-chip-name">{file.name}</span>
      <span class="file-chip-meta">
        {kindOf(file.name)} · {sizeText(file.bytes)}
        {file.truncated ? ' · cut to fit' : ''}
      </span>
    </>
  );
  if (!file.id || !props.sessionId)
    return (
      <p class="file-chip" title={title}>
        {inner}
      </p>
    );
  return (
    <a class="file-chip file-chip-link" href={fileHref(props.sessionId, file.id)} download={file.name} title={`Download ${title}`}>
      {inner}
    </a>
  );
}
