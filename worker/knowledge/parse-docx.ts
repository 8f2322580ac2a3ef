// DOCX → sections: a .docx is a zip (read with fflate) whose word/document.xml holds paragraphs and tables.
// Paragraph styles that are headings (style name "heading N", or an outline level) open sections; tables become
// rows of "column: value" lines under the current heading path, each row kept whole. Title: the document
// properties' dc:title, else a "Title"-styled paragraph.
import { decodeXML } from 'entities';
import { unzipSync } from 'fflate';
import { tableSections } from './parse-csv';
import { squash } from './text-decode';
import { ParseError, type Section } from './types';

const WANTED = new Set(['word/document.xml', 'word/styles.xml', 'docProps/core.xml']);
/** Uncompressed size we inflate at most: a small .docx must not unpack into gigabytes (a zip bomb). */
const MAX_XML_BYTES = 64 * 1024 * 1024;
const TOKEN = /<(\/?)([\w:]+)((?:\s[^>]*?)?)(\/?)>|([^<]+)/g;

export function parseDocx(bytes: Uint8Array): { title?: string; sections: Section[] } {
  let files: Record<string, Uint8Array>;
  let inflated = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!WANTED.has(f.name)) return false;
        inflated += f.originalSize;
        if (inflated > MAX_XML_BYTES) throw new ParseError('too_large', 'This Word document holds too much text to read (over 64 MB uncompressed).');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError('corrupt', 'This Word file is damaged and could not be opened.');
  }
  const doc = files['word/document.xml'];
  if (!doc) throw new ParseError('corrupt', 'This file is a zip archive but not a Word document (no word/document.xml).');
  const xml = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : '');
  const levels = headingStyles(xml(files['word/styles.xml']));
  const coreTitle = /<dc:title>([^<]*)<\/dc:title>/.exec(xml(files['docProps/core.xml']))?.[1];

  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let body: string[] = [];
  let styledTitle: string | undefined;
  let para: { text: string; style?: string; outline?: number } | null = null;
  let table: string[][][] = []; // nesting: tables → rows → cells
  let row: string[] | null = null;
  let cell: string[] | null = null;
  let inText = false;

  const flush = () => {
    if (body.length) sections.push({ headings: stack.map((h) => h.text), text: body.join('\n\n'), kind: 'text' });
    body = [];
  };
  const endParagraph = (p: NonNullable<typeof para>) => {
    const text = squash(p.text);
    if (cell) return void (text && cell.push(text));
    const level = p.outline !== undefined && p.outline < 9 ? p.outline + 1 : p.style ? levels.get(p.style) : undefined;
    if (p.style && /^title$/i.test(p.style) && text) styledTitle ??= text;
    if (level && text) {
      flush();
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text });
    } else if (text) body.push(text);
  };

  for (const m of xml(doc).matchAll(TOKEN)) {
    const [, close, tag, attrs = '', selfClose, text] = m;
    if (text !== undefined) {
      if (inText && para) para.text += decodeXML(text);
      continue;
    }
    const open = !close;
    if (tag === 'w:p') {
      if (open && !selfClose) para = { text: '' };
      else if (close && para) {
        endParagraph(para);
        para = null;
      }
    } else if (tag === 'w:t') inText = open && !selfClose;
    else if (para && open && (tag === 'w:tab' || tag === 'w:br' || tag === 'w:cr')) para.text += ' ';
    else if (para && open && tag === 'w:pStyle') para.style = attr(attrs, 'w:val');
    else if (para && open && tag === 'w:outlineLvl') para.outline = Number(attr(attrs, 'w:val'));
    else if (tag === 'w:tbl' && open) {
      if (!cell) flush();
      table.push([]);
    } else if (tag === 'w:tbl' && close) {
      const rows = table.pop() ?? [];
      if (table.length === 0)
        sections.push(
          ...tableSections(
            rows,
            stack.map((h) => h.text),
          ),
        );
    } else if (tag === 'w:tr' && table.length === 1) {
      if (open) row = [];
      else if (row) {
        table[0]!.push(row);
        row = null;
      }
    } else if (tag === 'w:tc' && table.length === 1) {
      if (open) cell = [];
      else {
        row?.push(cell?.join(' ') ?? '');
        cell = null;
      }
    }
  }
  flush();

  return { title: (coreTitle && squash(decodeXML(coreTitle))) || styledTitle, sections };
}

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1];
}

/** styleId → heading level, from style names "heading 1" … "heading 9" (ids are localized, names are not). */
function headingStyles(styles: string): Map<string, number> {
  const levels = new Map<string, number>();
  for (const m of styles.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const name = /<w:name w:val="([^"]+)"/.exec(m[2]!)?.[1] ?? '';
    const level = /^heading (\d)$/i.exec(name)?.[1];
    if (level) levels.set(m[1]!, Number(level));
  }
  for (let n = 1; n <= 9; n++) if (![...levels.values()].includes(n)) levels.set(`Heading${n}`, n);
  return levels;
}
