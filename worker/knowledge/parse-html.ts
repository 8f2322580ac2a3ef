// HTML → sections with the platform's streaming HTMLRewriter (no parser in the bundle). Scripts, styles, navigation,
// footers and other page chrome are dropped; h1–h6 open sections (heading path = enclosing headings); the title is
// <title>, else the first h1; entities are decoded (lol-html hands text over as written in the source).
import { decodeHTML } from 'entities';
import { squash } from './text-decode';
import type { Section } from './types';

const SKIP = ['title', 'script', 'style', 'noscript', 'template', 'nav', 'footer', 'svg', 'iframe', 'head', 'object', 'button'];
const PARAGRAPH = ['p', 'div', 'section', 'article', 'main', 'header', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'table', 'figure', 'form', 'hr'];
const LINE = ['br', 'li', 'tr', 'dt', 'dd', 'caption', 'figcaption'];
const PARA = '\u0001';
const BREAK = '\u0002';

export async function parseHtml(html: string): Promise<{ title?: string; sections: Section[] }> {
  const stack: { level: number; text: string }[] = [];
  const sections: Section[] = [];
  let title = '';
  let firstH1: string | undefined;
  let skip = 0;
  let pre = 0;
  let body = '';
  let heading: { level: number; text: string } | null = null;

  const flush = () => {
    const text = finish(body);
    if (text) sections.push({ headings: stack.map((h) => h.text), text, kind: 'text' });
    body = '';
  };

  let rewriter = new HTMLRewriter().on('title', { text: (t) => void (title += t.text) }).onDocument({
    text(t) {
      if (skip) return;
      const text = pre ? t.text.replace(/\n/g, BREAK) : t.text;
      if (heading) heading.text += text;
      else body += text;
    },
  });
  for (const tag of SKIP) {
    rewriter = rewriter.on(tag, {
      element(el) {
        skip++;
        el.onEndTag(() => void skip--);
      },
    });
  }
  for (const tag of PARAGRAPH) rewriter = rewriter.on(tag, { element: () => void (body += PARA) });
  for (const tag of LINE) rewriter = rewriter.on(tag, { element: () => void (body += BREAK) });
  rewriter = rewriter.on('td, th', { element: () => void (body += ' | ') }).on('pre', {
    element(el) {
      pre++;
      el.onEndTag(() => void pre--);
    },
  });
  for (let level = 1; level <= 6; level++) {
    rewriter = rewriter.on(`h${level}`, {
      element(el) {
        if (skip) return;
        flush();
        heading = { level, text: '' };
        el.onEndTag(() => {
          const text = heading ? squash(decodeHTML(heading.text.replace(/[\u0001\u0002]/g, ' '))) : '';
          heading = null;
          if (!text) return;
          while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
          stack.push({ level, text });
          if (level === 1) firstH1 ??= text;
        });
      },
    });
  }

  await rewriter.transform(new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })).arrayBuffer();
  flush();
  return { title: squash(decodeHTML(title)) || firstH1, sections };
}

/** Source whitespace collapses like a browser's; block boundaries become blank lines, <br>/<li>/<tr> line breaks. */
function finish(raw: string): string {
  return decodeHTML(raw)
    .replace(/\s+/g, ' ')
    .replace(/ ?\u0002 ?/g, '\n')
    .replace(/ ?\u0001[\s\u0001]*/g, '\n\n')
    .replace(/\n +| +\n/g, '\n')
    .replace(/^\| |\n\| /g, (m) => m.slice(0, -2))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
