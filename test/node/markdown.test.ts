// The chat markdown renderer (views/lib/markdown.ts): each supported feature, a table of XSS payloads that
// must come out as inert text (every tag from a fixed allowlist, every href http(s) or mailto), and the chat
// fragments that put user and model text on the page.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../views/lib/markdown';
import { ChatMessage, ChatStreamEvent, sseMessage } from '../../views/pages/chat-page';

const md = renderMarkdown;

/** Fails unless every tag in `html` is one the renderer may emit, with only the attributes it may emit. */
function expectInert(html: string) {
  const attr = String.raw`(?: href="(?:https?://|mailto:)[^"<>]*" rel="noopener noreferrer nofollow" target="_blank"| class="language-[\w+#.-]+"| class="md-table"| style="text-align:(?:left|right|center)"| start="\d+")?`;
  const allowed = new RegExp(String.raw`^<(?:/?(?:p|br|h3|h4|h5|strong|em|code|pre|ul|ol|li|blockquote|hr|a|div|table|thead|tbody|tr|th|td)${attr})>$`, 'i');
  expect((html.match(/<[^>]*>?/g) ?? []).filter((tag) => !allowed.test(tag))).toEqual([]);
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
    const decoded = href!
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    expect(decoded).toMatch(/^(?:https?:\/\/|mailto:)/i);
  }
  expect(html).not.toMatch(/<(?:script|img|svg|iframe|object|embed|style|form|input|math|template|hx-)/i);
  expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
}

describe('renderMarkdown features', () => {
  it('renders pipe tables with alignment, inline markup in cells, escaped pipes, and stops at the first line without a pipe', () => {
    const html = md('Prices:\n| Plan | Price | Note |\n|:---|---:|:---:|\n| **Pro** | $20 | a \\| b |\n| Team | $50 |\nAfter');
    expect(html).toBe(
      '<p>Prices:</p>\n<div class="md-table"><table><thead><tr><th style="text-align:left">Plan</th><th style="text-align:right">Price</th><th style="text-align:center">Note</th></tr></thead>' +
        '<tbody><tr><td style="text-align:left"><strong>Pro</strong></td><td style="text-align:right">$20</td><td style="text-align:center">a | b</td></tr>' +
        '<tr><td style="text-align:left">Team</td><td style="text-align:right">$50</td><td style="text-align:center"></td></tr></tbody></table></div>\n<p>After</p>',
    );
    expectInert(html);
  });

  it('leaves pipes that are not a table as text (no delimiter row, or a column count that does not match)', () => {
    expect(md('a | b\nc | d')).toBe('<p>a | b<br>c | d</p>');
    expect(md('a | b\n---')).toBe('<p>a | b</p>\n<hr>');
  });

  it('keeps markup inside table cells inert', () => {
    expectInert(md('| <script>alert(1)</script> | <img src=x onerror=alert(1)> |\n|---|---|\n| [x](javascript:alert(1)) | " style="x |'));
  });

  it('wraps text in paragraphs and keeps single line breaks', () => {
    expect(md('Hello\nworld\n\nSecond')).toBe('<p>Hello<br>world</p>\n<p>Second</p>');
  });

  it('renders #, ## and ### as h3, h4 and h5 (a message sits under the page headings)', () => {
    expect(md('# One\n## Two ##\n### C#')).toBe('<h3>One</h3>\n<h4>Two</h4>\n<h5>C#</h5>');
    expect(md('#### Four')).toBe('<p>#### Four</p>');
  });

  it('renders bold, italic and inline code, leaving snake_case and arithmetic alone', () => {
    expect(md('**bold** *it* _it2_ __b2__ `a <b>`')).toBe('<p><strong>bold</strong> <em>it</em> <em>it2</em> <strong>b2</strong> <code>a &lt;b&gt;</code></p>');
    expect(md('**bold *and italic* text**')).toBe('<p><strong>bold <em>and italic</em> text</strong></p>');
    expect(md('snake_case_name and 2 * 3 * 4')).toBe('<p>snake_case_name and 2 * 3 * 4</p>');
    expect(md('`**not bold**` and ``a `tick` b``')).toBe('<p><code>**not bold**</code> and <code>a `tick` b</code></p>');
  });

  it('renders fenced code with a language class and escaped, untouched content', () => {
    const out = md('Try:\n```ts\nconst a = x < 1 && **y**;\n\n// <script>\n```\nDone');
    expect(out).toBe('<p>Try:</p>\n<pre><code class="language-ts">const a = x &lt; 1 &amp;&amp; **y**;\n\n// &lt;script&gt;</code></pre>\n<p>Done</p>');
    expect(md('~~~\nplain\n~~~')).toBe('<pre><code>plain</code></pre>');
    expect(md('```py\nunclosed')).toBe('<pre><code class="language-py">unclosed</code></pre>');
    expect(md('```inline```')).toBe('<p><code>inline</code></p>');
  });

  it('renders bulleted and numbered lists, with continuation lines and blank lines between items', () => {
    expect(md('- a\n* b\n+ c')).toBe('<ul><li>a</li><li>b</li><li>c</li></ul>');
    expect(md('1. one\n2. two\n   more')).toBe('<ol><li>one</li><li>two<br>more</li></ol>');
    expect(md('3) three\n\n4) four\n\nafter')).toBe('<ol start="3"><li>three</li><li>four</li></ol>\n<p>after</p>');
    expect(md('Steps:\n- **x**')).toBe('<p>Steps:</p>\n<ul><li><strong>x</strong></li></ul>');
  });

  it('renders blockquotes, nested ones and rules', () => {
    expect(md('> quoted *text*\n> > inner\n\n---')).toBe('<blockquote><p>quoted <em>text</em></p>\n<blockquote><p>inner</p></blockquote></blockquote>\n<hr>');
  });

  it('renders http(s) and mailto links opening in a new tab, and autolinks bare https URLs', () => {
    const attrs = 'rel="noopener noreferrer nofollow" target="_blank"';
    expect(md('[Docs](https://ex.com/a?b=1&c=2) [mail](mailto:a@b.c)')).toBe(
      `<p><a href="https://ex.com/a?b=1&amp;c=2" ${attrs}>Docs</a> <a href="mailto:a@b.c" ${attrs}>mail</a></p>`,
    );
    expect(md('See https://ex.com/x_(y).')).toBe(`<p>See <a href="https://ex.com/x_(y" ${attrs}>https://ex.com/x_(y</a>).</p>`);
    expect(md('[wiki](https://en.wikipedia.org/wiki/A_(b))')).toContain('href="https://en.wikipedia.org/wiki/A_(b)"');
    expect(md('**https://ex.com** and <https://ex.com/q>')).toBe(
      `<p><strong><a href="https://ex.com" ${attrs}>https://ex.com</a></strong> and &lt;<a href="https://ex.com/q" ${attrs}>https://ex.com/q</a>&gt;</p>`,
    );
    expect(md('[not a link](/relative) [x](ftp://a)')).toBe('<p>[not a link](/relative) [x](ftp://a)</p>');
  });

  it('never autolinks inside a link it already built', () => {
    const out = md('[https://a.example](https://b.example)');
    expect(out.match(/<a /g)).toHaveLength(1);
    expect(out).toContain('href="https://b.example"');
  });

  it('stays fast on long hostile lines', () => {
    const started = Date.now();
    for (const s of [
      '`'.repeat(50_000),
      '*a'.repeat(50_000),
      '# ' + ' '.repeat(50_000) + 'x',
      'https://a' + '.'.repeat(50_000) + 'x',
      '['.repeat(50_000),
      '>'.repeat(50_000),
      '- a\n\n'.repeat(20_000),
    ]) {
      expectInert(md(s));
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

const XSS: [string, string][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg/onload=alert(1)>'],
  ['javascript link', '[click](javascript:alert(1))'],
  ['JavaScript link, mixed case', '[click](JaVaScRiPt:alert(1))'],
  ['javascript link, entity-encoded', '[click](&#106;avascript:alert(1))'],
  ['javascript link, hex entities', '[click](&#x6A;&#x61;vascript&#x3A;alert(1))'],
  ['javascript link, tab inside', '[click](java\tscript:alert(1))'],
  ['javascript link, leading space', '[click]( javascript:alert(1))'],
  ['data: URL link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['vbscript link', '[click](vbscript:msgbox(1))'],
  ['quote breaking out of href', '[x](https://a.com/"onmouseover="alert(1))'],
  ['single quote breaking out of href', "[x](https://a.com/'onmouseover='alert(1))"],
  ['autolink with quotes', 'https://a.com/"><script>alert(1)</script>'],
  ['autolink with onerror', 'https://x.com/<img/src=x/onerror=alert(1)>'],
  ['markdown image', '![x](javascript:alert(1))'],
  ['link text with html', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['link inside link', '[a [b](javascript:alert(1))](https://ok.example)'],
  ['nested emphasis in link', '[**<b onclick=alert(1)>**](https://ok.example)'],
  ['html in code span', '`<script>alert(1)</script>`'],
  ['html in fence', '```html\n<script>alert(1)</script>\n```'],
  ['language injection', '```js" onclick="alert(1)\nx\n```'],
  ['closing tags in text', '</code></pre><script>alert(1)</script>'],
  ['htmx partial smuggling', '<hx-partial hx-target="body" hx-swap="innerHTML"><img src=x onerror=alert(1)></hx-partial>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['style tag', '<style>*{display:none}</style>'],
  ['NUL token forgery', 'a \u00000\u0000 [x](https://ok.example) \u00001\u0000'],
  ['heading with html', '# <img src=x onerror=alert(1)>'],
  ['list with html', '- <a href="javascript:alert(1)">x</a>'],
  ['quote with html', '> <script>alert(1)</script>'],
  ['protocol-relative link', '[x](//evil.example)'],
  ['mailto with payload', '[x](mailto:a@b.c"onclick="alert(1))'],
];

describe('renderMarkdown never emits live markup', () => {
  it.each(XSS)('%s', (_, payload) => {
    const out = md(payload);
    expectInert(out);
    expect(out).not.toMatch(/href="\s*(?:javascript|data|vbscript):/i);
  });

  it('keeps the payload visible as text', () => {
    expect(md('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(md('[x](https://a.com/"onmouseover="alert(1))')).toContain('href="https://a.com/&quot;onmouseover=&quot;alert(1)"');
  });
});

describe('chat fragments built on it', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const html = (node: unknown) => String(node);

  it('shows user text as escaped text, never markdown or markup', () => {
    const out = html(ChatMessage({ message: { id: 'msg_1', role: 'user', content: `**hi** ${evil}`, status: 'completed', created_at: '' } }));
    expect(out).toContain('**hi** &lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain('<img');
  });

  it('streams delta text escaped, inside a partial aimed at the reply, framed as one unnamed SSE message', () => {
    const event = { type: 'message.delta', data: { text: `a\n${evil}` } } as const;
    const frame = sseMessage(html(ChatStreamEvent({ assistantId: 'msg_9', event, segment: '' })));
    expect(frame).toBe('data: <hx-partial hx-target="#stream-msg_9" hx-swap="beforeend">a\ndata: &lt;img src=x onerror=alert(1)&gt;</hx-partial>\n\n');
  });
});
