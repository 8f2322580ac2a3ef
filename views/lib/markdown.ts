// Safe markdown → HTML for chat text written by models and users (the app's chat views and the embeddable widget).
// The whole input is HTML-escaped first, so raw `<`, `>`, `"` and `'` never reach the output; markdown then only
// wraps that escaped text in a fixed set of attribute-free tags. The only attributes built from input are a link's
// href (escaped, and only http:, https: or mailto:), a code block's language class ([\w+#.-]) and a list's start
// number (digits). Headings are shifted down two levels (# → h3): a message sits below the page's own h1/h2.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
const LINK_ATTRS = 'rel="noopener noreferrer nofollow" target="_blank"';
const MAX_QUOTE_DEPTH = 4;

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,3})\s+(.*)$/;
const RULE = /^ {0,3}(?:-{3,}|\*{3,}|_{3,})\s*$/;
const QUOTE = /^ {0,3}&gt; ?/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;

/** Bold and italic; `snake_case` words stay as they are. */
function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)((?:[^*\n]|\*(?!\*))*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)([^_\n]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=[^\s*])([^*\n]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=[^\s_])([^_\n]*?[^\s_])_(?!\w)/g, '$1<em>$2</em>');
}

/** Drops trailing characters in `chars` with a loop: the regex equivalents backtrack quadratically on long runs. */
function trimEnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

/** A fenced code block's opening line: its fence and language, or null (a backtick fence's info has no backtick). */
function fenceOf(line: string): { fence: string; lang: string } | null {
  const m = line.match(FENCE);
  if (!m || (m[1]![0] === '`' && m[2]!.includes('`'))) return null;
  return { fence: m[1]!, lang: m[2]!.trim().match(/^[\w+#.-]+/)?.[0] ?? '' };
}

/**
 * Inline markdown on already-escaped text. Code spans and links are swapped for NUL-delimited tokens as soon as
 * they are built, so later passes (autolinks, emphasis) can never reach inside their markup or attributes.
 */
function inline(s: string): string {
  const stash: string[] = [];
  const keep = (html: string) => `\u0000${stash.push(html) - 1}\u0000`;
  const link = (href: string, text: string) => keep(`<a href="${href}" ${LINK_ATTRS}>${text}</a>`);
  s = s.replace(/(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)/g, (_, __, code: string) => keep(`<code>${code.trim() || code}</code>`));
  s = s.replace(/\[([^[\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (m, text: string, url: string) => (SAFE_URL.test(url) ? link(url, emphasis(text)) : m));
  // Bare https URLs; they stop at any escaped character but &amp; and leave trailing punctuation outside.
  s = s.replace(/\bhttps:\/\/(?:[^\s&*\u0000]|&amp;)+/gi, (url) => {
    const href = trimEnd(url, '.,:;!?)]');
    return (href.length > 8 ? link(href, href) : href) + url.slice(href.length);
  });
  const restore = (t: string): string => t.replace(/\u0000(\d+)\u0000/g, (_, i: string) => restore(stash[Number(i)] ?? ''));
  return restore(emphasis(s));
}

type ListKind = { tag: 'ul' | 'ol'; re: RegExp };

// GitHub-style pipe tables: a header row, a delimiter row (---, :--, --:, :-:), then rows until a line with no pipe.
const TABLE_DELIMITER = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

function table(lines: string[], i: number): { html: string; next: number } | null {
  const head = lines[i]!;
  const delimiter = lines[i + 1];
  if (!head.includes('|') || delimiter === undefined || !TABLE_DELIMITER.test(delimiter) || !delimiter.includes('-')) return null;
  const aligns = cellsOf(delimiter).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : ''));
  const headers = cellsOf(head);
  if (headers.length !== aligns.length) return null;
  const cell = (tag: 'th' | 'td', text: string, k: number) => `<${tag}${aligns[k] ? ` style="text-align:${aligns[k]}"` : ''}>${inline(text)}</${tag}>`;
  const rows: string[] = [];
  let next = i + 2;
  for (; next < lines.length && lines[next]!.trim() && lines[next]!.includes('|'); next++) {
    const cells = cellsOf(lines[next]!);
    rows.push(`<tr>${headers.map((_h, k) => cell('td', cells[k] ?? '', k)).join('')}</tr>`);
  }
  const thead = `<thead><tr>${headers.map((h, k) => cell('th', h, k)).join('')}</tr></thead>`;
  return { html: `<div class="md-table"><table>${thead}<tbody>${rows.join('')}</tbody></table></div>`, next };
}

function renderBlocks(lines: string[], depth: number): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = fenceOf(line);
    if (fence) {
      const close = new RegExp(`^ {0,3}${fence.fence[0]}{${fence.fence.length},}\\s*$`);
      const code: string[] = [];
      for (i++; i < lines.length && !close.test(lines[i]!); i++) code.push(lines[i]!);
      i++;
      const lang = fence.lang ? ` class="language-${fence.lang}"` : '';
      out.push(`<pre><code${lang}>${code.join('\n')}</code></pre>`);
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      const level = heading[1]!.length + 2;
      const body = heading[2]!.trimEnd();
      const unclosed = trimEnd(body, '#'); // "## Title ##": a closing run of # after a space is not text
      const text = unclosed !== body && (!unclosed || /\s$/.test(unclosed)) ? unclosed.trimEnd() : body;
      out.push(`<h${level}>${inline(text)}</h${level}>`);
      i++;
      continue;
    }
    const t = table(lines, i);
    if (t) {
      out.push(t.html);
      i = t.next;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_QUOTE_DEPTH) {
      const inner: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) inner.push(lines[i]!.replace(QUOTE, ''));
      out.push(`<blockquote>${renderBlocks(inner, depth + 1)}</blockquote>`);
      continue;
    }
    const kind: ListKind | null = BULLET.test(line) ? { tag: 'ul', re: BULLET } : ORDERED.test(line) ? { tag: 'ol', re: ORDERED } : null;
    if (kind) {
      const items: string[] = [];
      const start = kind.tag === 'ol' ? Number(line.match(ORDERED)![1]) : 1;
      while (i < lines.length) {
        const item = lines[i]!.match(kind.re);
        if (item) {
          items.push(inline(item[item.length - 1]!));
          i++;
        } else if (lines[i]!.trim() && /^\s/.test(lines[i]!)) {
          items.push(`${items.pop()}<br>${inline(lines[i]!.trim())}`); // an indented continuation line
          i++;
        } else {
          let next = i; // blank lines between two items keep one list
          while (next < lines.length && !lines[next]!.trim()) next++;
          if (next === i || next === lines.length || !kind.re.test(lines[next]!)) break;
          i = next;
        }
      }
      const attr = start !== 1 ? ` start="${start}"` : '';
      out.push(`<${kind.tag}${attr}>${items.map((t) => `<li>${t}</li>`).join('')}</${kind.tag}>`);
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i]!.trim(); i++) {
      const l = lines[i]!;
      if (para.length && (fenceOf(l) || HEADING.test(l) || RULE.test(l) || QUOTE.test(l) || BULLET.test(l) || ORDERED.test(l) || table(lines, i))) break;
      para.push(inline(l.trim()));
    }
    out.push(`<p>${para.join('<br>')}</p>`);
  }
  return out.join('\n');
}

/** Renders chat markdown to HTML that is safe to insert as is: no input ever becomes a tag, attribute or script. */
export function renderMarkdown(text: string): string {
  const escaped = escapeHtml(text.replace(/\u0000/g, '\uFFFD').replace(/\r\n?/g, '\n'));
  return renderBlocks(escaped.split('\n'), 0);
}
