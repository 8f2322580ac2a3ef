// HTML → readable text for tool answers (fetch_url, http tools that get a page): the platform's streaming
// HTMLRewriter drops scripts, styles and other non-content, marks blocks with line breaks and links with their URL.
const DROP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'title', 'head', 'select', 'button']);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'ul',
  'ol',
  'table',
  'blockquote',
  'pre',
  'hr',
  'main',
  'aside',
  'form',
  'dl',
  'dd',
  'dt',
  'figure',
  'figcaption',
  'details',
  'summary',
  'body',
]);
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  deg: '°',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  aacute: 'á',
  agrave: 'à',
  acirc: 'â',
  ccedil: 'ç',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  szlig: 'ß',
  oacute: 'ó',
  iacute: 'í',
  uacute: 'ú',
  ntilde: 'ñ',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** The page's title and its visible text, with links as `text (url)` resolved against `baseUrl`. */
export async function htmlToText(html: string, baseUrl?: string): Promise<{ title: string | null; text: string }> {
  let title = '';
  let inTitle = false;
  const rewriter = new HTMLRewriter()
    .on('title', {
      element(e) {
        inTitle = true;
        e.onEndTag(() => void (inTitle = false));
      },
      text(t) {
        if (inTitle) title += t.text;
      },
    })
    .on('*', {
      element(e) {
        const tag = e.tagName.toLowerCase();
        if (DROP.has(tag)) return void e.remove();
        if (tag === 'li') e.before('\n- ');
        else if (BLOCK.has(tag)) e.before('\n');
        if (BLOCK.has(tag) && tag !== 'br' && tag !== 'hr') e.onEndTag((end) => void end.after('\n'));
        if (tag === 'td' || tag === 'th') e.before(' | ');
        const href = tag === 'a' ? e.getAttribute('href') : null;
        if (href && !/^(javascript|data|mailto):|^#/i.test(href.trim())) {
          let abs = href;
          try {
            abs = new URL(href, baseUrl).href;
          } catch {}
          e.onEndTag((end) => void end.after(` (${abs})`));
        }
        e.removeAndKeepContent();
      },
    })
    .onDocument({
      comments: (c) => void c.remove(),
      doctype: () => {},
    });
  const raw = await rewriter.transform(new Response(html, { headers: { 'content-type': 'text/html' } })).text();
  const text = decodeEntities(raw.replace(/<!doctype[^>]*>/gi, ''))
    .replace(/[ \t\f\v\r\u00a0]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const t = decodeEntities(title).replace(/\s+/g, ' ').trim();
  return { title: t || null, text };
}
