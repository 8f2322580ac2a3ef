// The chip of a file attached to a person's message (files in chat): its name, type and size, in the transcript and
// in the composer before sending. The file's text is never drawn here, only what identifies it.
import type { MessageFileJson } from '../../../worker/schemas/chat';
import { Icon } from '../ui/icon';

/** A size for people (the same words as the API's refusals, services/chat-files.ts). */
export function fileSize(n: number): string {
  const one = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${one(n / 1024)} KB`;
  return `${one(n / (1024 * 1024))} MB`;
}

const kindOf = (name: string) => (/\.([a-z0-9]{1,6})$/i.exec(name)?.[1] ?? 'file').toUpperCase();

export function FileChip(props: { file: MessageFileJson }) {
  const { file } = props;
  return (
    <p class="file-chip" title={file.truncated ? `${file.name} (cut to fit the model's context)` : file.name}>
      <Icon name="file" size={16} />
      <span class="file-chip-name">{file.name}</span>
      <span class="file-chip-meta">
        {kindOf(file.name)} · {fileSize(file.bytes)}
        {file.truncated ? ' · cut to fit' : ''}
      </span>
    </p>
  );
}
