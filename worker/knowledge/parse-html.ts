// HTML → sections with the platform's streaming HTMLRewriter (no parser in the bundle). Scripts, styles, navigation,
// footers and other page chrome are dropped; h1–h6 open sections (heading path = enclosing headings); the title is
// <title>, else the first h1; entities are decoded (lol-html hands text over as written in the source). Tables
// become table sections like a CSV's: the first row names the columns, each later row "column: value" lines.
import { decodeHTML } from 'entities';
import { tableSections } from './parse-csv';
import { squash } from './text-decode';
import type { Section } from './types';

const SKIP = ['title', 'script', 'style', 'noscript', 'template', 'nav', 'footer', 'svg', 'iframe', 'head', 'object', 'button'];
const PARAGRAPH = ['p', 'div', 'section', 'article', 'main', 'header', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'figure', 'form', 'hr'];
const LINE = ['br', 'li', 'dt', 'dd', 'caption', 'figcaption'];
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
  // The outermost table being read: finished rows, the open row and the open cell (nested tables read as cell text).
  let table = null as { depth: number; rows: string[][]; row: string[] | null; cell: string | null } | null;
  const endCell = () => {
    if (table?.row && table.cell !== null) table.row.push(squash(decodeHTML(table.cell.replace(/[\u0001\u0002]/g, ' '))));
    if (table) table.cell = null;
  };
  const endRow = () => {
    endCell();
    if (table?.row?.some(Boolean)) table.rows.push(table.row);
    if (table) table.row = null;
  };

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
      else if (table) {
        if (table.cell !== null) table.cell += text;
      } else body += text;
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
  rewriter = rewriter
    .on('table', {
      element(el) {
        if (skip) return;
        if (table) {
          table.depth++;
          el.onEndTag(() => void (table && table.depth--));
          return;
        }
        flush();
        table = { depth: 1, rows: [], row: null, cell: null };
        el.onEndTag(() => {
          endRow();
          const rows = table?.rows ?? [];
          table = null;
          sections.push(
            ...tableSections(
              rows,
              stack.map((h) => h.text),
            ),
          );
        });
      },
    })
    .on('tr', {
      element() {
        if (table?.depth !== 1) return;
        endRow();
        table.row = [];
      },
    })
    .on('td, th', {
      element() {
        if (!table) return;
        if (table.depth > 1) {
          if (table.cell !== null) table.cell += ' ';
          return;
        }
        endCell();
        table.row ??= [];
        table.cell = '';
      },
    })
    .on('pre', {
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
  // A table left open by a truncated page still counts.
  if (table) {
    endRow();
    sections.push(
      ...tableSections(
        table.rows,
        stack.map((h) => h.text),
      ),
    );
  }
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
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
