// Turns an HTTP answer into text a model can read: JSON pretty when short and compact when long, HTML as readable
// text, other text as is, binary content described rather than shown. Reads at most `maxBytes`.
import { readLimited } from '../lib/outbound';
import { htmlToText } from './html-text';

export type ResponseText = { text: string; truncated: boolean; kind: 'json' | 'html' | 'text' | 'binary' | 'empty' };

/** JSON shorter than this is indented for readability; longer JSON is compacted to save the model's context. */
const PRETTY_LIMIT = 4000;

const TEXTUAL = /^(text\/|application\/([a-z0-9.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded|yaml|x-yaml|graphql|csv|ndjson))/i;

export async function responseText(res: Response, maxBytes: number, url?: string): Promise<ResponseText> {
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && !TEXTUAL.test(type)) {
    void res.body?.cancel().catch(() => {});
    const size = res.headers.get('content-length');
    return { text: `(${type} content${size ? `, ${size} bytes` : ''}: binary, not shown)`, truncated: false, kind: 'binary' };
  }
  const { text, truncated } = await readLimited(res, maxBytes);
  if (!text.trim()) return { text: '', truncated, kind: 'empty' };
  const note = truncated ? `\n…[truncated at ${maxBytes} bytes]` : '';
  if (/json/.test(type) || (!type && /^\s*[[{]/.test(text))) {
    try {
      const value: unknown = JSON.parse(text);
      const compact = JSON.stringify(value);
      return { text: compact.length <= PRETTY_LIMIT ? JSON.stringify(value, null, 2) : compact, truncated, kind: 'json' };
    } catch {
      return { text: text + note, truncated, kind: 'text' };
    }
  }
  if (type === 'text/html' || type === 'application/xhtml+xml') {
    const page = await htmlToText(text, url);
    return { text: (page.title ? `Title: ${page.title}\n\n` : '') + page.text + note, truncated, kind: 'html' };
  }
  return { text: text + note, truncated, kind: 'text' };
}
