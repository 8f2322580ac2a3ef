// Markdown (and plain text) → sections. ATX (`## x`) and setext (`x` over `===`/`---`) headings open a section
// whose heading path is the stack of enclosing headings; fenced code blocks are kept verbatim (never read for
// headings); YAML front matter is dropped. Plain text is one untitled section.
import type { Section } from './types';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

export function parseMarkdown(text: string): { firstHeading?: string; sections: Section[] } {
  const lines = text.replace(/^---\n[\s\S]*?\n(---|\.\.\.)\n/, '').split('\n');
  const stack: { level: number; text: string }[] = [];
  const sections: Section[] = [];
  let firstHeading: string | undefined;
  let body: string[] = [];
  let fence: string | null = null;

  const flush = () => {
    const text = body.join('\n').replace(/^\n+|\n+$/g, '');
    if (text) sections.push({ headings: stack.map((h) => h.text), text, kind: 'text' });
    body = [];
  };
  const open = (level: number, raw: string) => {
    flush();
    const heading = cleanInline(raw);
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, text: heading });
    if (level === 1 && firstHeading === undefined) firstHeading = heading;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (fence) {
      body.push(line);
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) {
        fence = null;
        body.push('');
      }
      continue;
    }
    if (f) {
      fence = f[1]!;
      if (body.length && body[body.length - 1] !== '') body.push('');
      body.push(line);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      open(atx[1]!.length, atx[2] ?? '');
      continue;
    }
    const next = lines[i + 1];
    if (next !== undefined && line.trim() && !/^ {4}/.test(line) && /^ {0,3}(=+|-+)[ \t]*$/.test(next) && (body.length === 0 || body[body.length - 1] === '')) {
      open(next.trim()[0] === '=' ? 1 : 2, line);
      i++;
      continue;
    }
    body.push(line);
  }
  flush();
  return { firstHeading, sections };
}

/** Heading text without emphasis markers, inline code ticks or link targets. */
function cleanInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
