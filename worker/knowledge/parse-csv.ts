// CSV → table sections: the first row is the header, each later row becomes "column: value" lines (empty cells
// left out), rows grouped TABLE_ROWS_PER_SECTION to a section so the chunker never splits one. RFC 4180 quoting
// (quoted commas, doubled quotes, line breaks inside quotes); the delimiter is sniffed (comma, semicolon, tab).
import { TABLE_ROWS_PER_SECTION } from './limits';
import { squash } from './text-decode';
import type { Section } from './types';

export function parseCsv(text: string, title: string): Section[] {
  const rows = readCsv(text, sniffDelimiter(text)).filter((r) => r.some((c) => c.trim()));
  return tableSections(rows, [title], { headerAlways: true });
}

/**
 * A table (CSV, or one read from HTML/DOCX) as sections: the first row names the columns, each later row becomes
 * "column: value" lines, empty cells left out. A one-row table (no header to speak of) is one "a | b" line.
 */
export function tableSections(rows: string[][], headings: string[], opts: { headerAlways?: boolean } = {}): Section[] {
  const cells = rows.map((r) => r.map(squash));
  if (cells.length === 1 && !opts.headerAlways) return groupRows([cells[0]!.filter(Boolean).join(' | ')], headings);
  const header = (cells[0] ?? []).map((h, i) => h || `column ${i + 1}`);
  const blocks = cells.slice(1).map((row) =>
    row
      .map((v, i) => (v ? `${header[i] ?? `column ${i + 1}`}: ${v}` : ''))
      .filter(Boolean)
      .join('\n'),
  );
  return groupRows(blocks, headings);
}

/** Rows (each one block of lines) in sections of TABLE_ROWS_PER_SECTION, under one heading path. */
export function groupRows(blocks: string[], headings: string[]): Section[] {
  const sections: Section[] = [];
  const rows = blocks.filter(Boolean);
  for (let i = 0; i < rows.length; i += TABLE_ROWS_PER_SECTION) {
    sections.push({ headings, text: rows.slice(i, i + TABLE_ROWS_PER_SECTION).join('\n\n'), kind: 'table' });
  }
  return sections;
}

function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export function readCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
