// Knowledge ingestion, parsing: every supported format parses inside the Workers runtime from committed fixtures
// (test/fixtures/knowledge/, binaries from make-fixtures.mjs), and unreadable documents fail with a clear reason.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../worker/errors';
import { TABLE_ROWS_PER_SECTION } from '../../worker/knowledge/limits';
import { parseDocument, parseUrlResponse } from '../../worker/knowledge/parse';
import { ParseError, type ParsedDocument } from '../../worker/knowledge/types';
import catalogJson from '../fixtures/knowledge/catalog.json?raw';
import corruptPdf from '../fixtures/knowledge/corrupt.pdf?inline';
import encryptedPdf from '../fixtures/knowledge/encrypted.pdf?inline';
import guideMd from '../fixtures/knowledge/guide.md?raw';
import handbookDocx from '../fixtures/knowledge/handbook.docx?inline';
import notesUtf16 from '../fixtures/knowledge/notes-utf16.txt?inline';
import pageHtml from '../fixtures/knowledge/page.html?raw';
import productsCsv from '../fixtures/knowledge/products.csv?raw';
import reportPdf from '../fixtures/knowledge/report.pdf?inline';
import scannedPdf from '../fixtures/knowledge/scanned.pdf?inline';

const bytesOf = (dataUrl: string) => Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);
const all = (doc: ParsedDocument) => doc.sections.map((s) => s.text).join('\n');
const under = (doc: ParsedDocument, ...headings: string[]) => doc.sections.filter((s) => JSON.stringify(s.headings) === JSON.stringify(headings));

async function failure(promise: Promise<unknown>): Promise<ParseError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe('parseDocument', () => {
  it('splits Markdown at nested headings, keeps code blocks whole and drops front matter', async () => {
    const doc = await parseDocument({ bytes: utf8(guideMd), filename: 'guide.md' });
    expect(doc.format).toBe('markdown');
    expect(doc.title).toBe('Edgent Setup Guide');
    expect(doc.sections.map((s) => s.headings)).toEqual([
      ['Edgent Setup Guide'],
      ['Edgent Setup Guide', 'Installing'],
      ['Edgent Setup Guide', 'Installing', 'Windows notes'],
      ['Edgent Setup Guide', 'Configuring'],
      ['Edgent Setup Guide', 'Configuration'],
      ['Troubleshooting'],
    ]);
    const installing = under(doc, 'Edgent Setup Guide', 'Installing')[0]!.text;
    expect(installing).toContain('```bash\n# this line is a shell comment, not a heading\nnpm install -g edgent\n\nnpm run deploy\n```');
    expect(all(doc)).not.toContain('layout: docs');
    expect(under(doc, 'Edgent Setup Guide', 'Configuring')[0]!.text).toBe('Set the **API key** in `.dev.vars`. Never commit it.');
  });

  it('reads HTML without scripts, styles, navigation or footer, with headings as sections and entities decoded', async () => {
    const doc = await parseDocument({ bytes: utf8(pageHtml), filename: 'page.html', contentType: 'text/html; charset=utf-8' });
    expect(doc.format).toBe('html');
    expect(doc.title).toBe('Tea & Coffee Guide');
    for (const noise of ['STYLE-NOISE', 'SCRIPT-NOISE', 'NAV-NOISE', 'INLINE-SCRIPT-NOISE', 'FOOTER-NOISE', 'track()']) expect(all(doc)).not.toContain(noise);
    expect(doc.sections.map((s) => s.headings)).toEqual([
      ['Brewing at Home'],
      ['Brewing at Home', 'Green tea'],
      ['Brewing at Home', 'Green tea', 'Matcha'],
      ['Brewing at Home', 'Coffee'],
    ]);
    const intro = under(doc, 'Brewing at Home')[0]!.text;
    expect(intro).toBe('Good tea starts with fresh water — never re-boiled. Fish & chips <3 is not a brewing method. Escaped markup: &lt;b&gt;.');
    expect(under(doc, 'Brewing at Home', 'Green tea')[0]!.text).toBe('Brew green tea at 80 °C for two minutes.\n\nSencha\nGyokuro');
    expect(under(doc, 'Brewing at Home', 'Green tea', 'Matcha')[0]!.text).toBe('Whisk matcha in a W shape.\nCafé owners call it “frothing”.');
    const coffee = under(doc, 'Brewing at Home', 'Coffee');
    expect(coffee.map((s) => s.kind)).toEqual(['table']);
    expect(coffee[0]!.text.split('\n\n')).toEqual(['Method: Espresso\nGrind: Fine', 'Method: French press\nGrind: Coarse']);
  });

  it('reads HTML tables as whole rows (unclosed cells too), a nested table as the text of its cell', async () => {
    const html =
      '<h1>Prices</h1><p>Before.</p><table><thead><tr><th>Plan<th>Price</tr></thead><tbody><tr><td>Free<td>0 &euro;</tr>' +
      '<tr><td>Pro<td><table><tr><td>20</td><td>/month</td></tr></table></td></tr></tbody></table><p>After.</p>';
    const doc = await parseDocument({ bytes: utf8(html), filename: 'prices.html' });
    expect(doc.sections).toEqual([
      { headings: ['Prices'], text: 'Before.', kind: 'text' },
      { headings: ['Prices'], text: 'Plan: Free\nPrice: 0 €\n\nPlan: Pro\nPrice: 20 /month', kind: 'table' },
      { headings: ['Prices'], text: 'After.', kind: 'text' },
    ]);
    const truncated = await parseDocument({ bytes: utf8('<h1>T</h1><table><tr><td>a<td>b<tr><td>1<td>2'), filename: 'cut.html' });
    expect(truncated.sections).toEqual([{ headings: ['T'], text: 'a: 1\nb: 2', kind: 'table' }]);
  });

  it('reads a PDF page by page, keeping page numbers for citations', async () => {
    const doc = await parseDocument({ bytes: bytesOf(reportPdf), filename: 'report.pdf', contentType: 'application/pdf' });
    expect(doc.format).toBe('pdf');
    expect(doc.title).toBe('Quarterly Field Report');
    expect(doc.sections.map((s) => s.page)).toEqual([1, 2, 3]);
    expect(doc.sections[0]!.text).toContain('The northern orchard produced 412 crates of apples this quarter.');
    expect(doc.sections[1]!.text).toContain('Seasonal pickers arrived two weeks early.');
    expect(doc.sections[2]!.text).toContain('Code word for page three: HELIOTROPE.');
    expect(doc.sections[0]!.text).not.toContain('HELIOTROPE');
  });

  it('reads a DOCX with heading styles (localized style ids) as sections and its table as whole rows', async () => {
    const doc = await parseDocument({ bytes: bytesOf(handbookDocx), filename: 'Handbook.docx' });
    expect(doc.format).toBe('docx');
    expect(doc.title).toBe('Acme Handbook 2026');
    expect(under(doc, 'Welcome')[0]!.text).toBe('Welcome to Acme & Sons. This handbook explains how we work.');
    const annual = under(doc, 'Leave', 'Annual leave');
    expect(annual.map((s) => s.kind)).toEqual(['text', 'table']);
    expect(annual[0]!.text).toBe('Full-time staff receive 25 days of paid leave per year.');
    expect(annual[1]!.text.split('\n\n')).toEqual([
      'Role: Engineer\nDays: 25\nCarry over: 5',
      'Role: Manager\nDays: 28\nCarry over: 10',
      'Role: Intern\nDays: 12\nCarry over: 0',
    ]);
    expect(under(doc, 'Leave', 'Sick leave')[0]!.text).toBe('Tell your manager before 10 am on the first day of absence.');
  });

  it('reads CSV rows as "column: value" lines with quoting handled, empty cells left out', async () => {
    const doc = await parseDocument({ bytes: utf8(productsCsv), filename: 'products.csv' });
    expect(doc.format).toBe('csv');
    expect(doc.title).toBe('products');
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]!.kind).toBe('table');
    expect(doc.sections[0]!.text.split('\n\n')).toEqual([
      'sku: A-100\nname: Widget, large\nprice: 12.50\nnotes: Best seller',
      'sku: A-101\nname: Gadget\nprice: 7.00\nnotes: Ships with "quick start" card',
      'sku: A-102\nname: Gizmo\nprice: 3.25\nnotes: Two-line note',
      'sku: A-103\nname: Doohickey',
    ]);
  });

  it('groups many CSV rows into sections without splitting a row', async () => {
    const count = TABLE_ROWS_PER_SECTION * 2 + 7;
    const csv = ['id;label', ...Array.from({ length: count }, (_, i) => `${i};row number ${i}`)].join('\n');
    const doc = await parseDocument({ bytes: utf8(csv), contentType: 'text/csv' });
    expect(doc.sections.map((s) => s.text.split('\n\n').length)).toEqual([TABLE_ROWS_PER_SECTION, TABLE_ROWS_PER_SECTION, 7]);
    const rows = doc.sections.flatMap((s) => s.text.split('\n\n'));
    expect(rows).toEqual(Array.from({ length: count }, (_, i) => `id: ${i}\nlabel: row number ${i}`));
  });

  it('flattens JSON to "path: value" lines and reads arrays of objects like a table', async () => {
    const doc = await parseDocument({ bytes: utf8(catalogJson), filename: 'catalog.json' });
    expect(doc.format).toBe('json');
    const lines = doc.sections.filter((s) => s.kind === 'lines').flatMap((s) => s.text.split('\n'));
    expect(lines).toEqual([
      'store.name: Corner Books',
      'store.open: true',
      'store.address.city: Lisbon',
      'store.address.zip: 1100-148',
      'tags[0]: used',
      'tags[1]: rare',
    ]);
    const books = under(doc, 'catalog', 'books');
    expect(books.map((s) => s.kind)).toEqual(['table']);
    const parsed = JSON.parse(catalogJson) as { books: { isbn: string; title: string; author: { name: string }; price: number }[] };
    expect(books[0]!.text.split('\n\n')).toEqual(
      parsed.books.map((b) => `isbn: ${b.isbn}\ntitle: ${b.title}\nauthor.name: ${b.author.name}\nprice: ${b.price}`),
    );
  });

  it('decodes UTF-16 with a BOM, UTF-8 with a BOM and falls back to Latin-1; text comes out NFC without NULs', async () => {
    const notes = await parseDocument({ bytes: bytesOf(notesUtf16), filename: 'notes.txt' });
    expect(notes.format).toBe('text');
    expect(notes.title).toBe('notes');
    expect(notes.sections[0]!.text).toBe('Café notes\n\nThe naïve barista served crème brûlée at the café.\nCJK: 東京の天気は晴れです。');

    const bom = await parseDocument({ bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Zürich\u0000 memo')]), filename: 'a.txt' });
    expect(bom.sections[0]!.text).toBe('Zürich memo');
    const latin1 = await parseDocument({ bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0xba, 0x31]), filename: 'b.txt' });
    expect(latin1.sections[0]!.text).toBe('café nº1');
    const decomposed = await parseDocument({ bytes: utf8('Cafe\u0301 au lait\r\nsecond line'), title: 'Pasted' });
    expect(decomposed.title).toBe('Pasted');
    expect(decomposed.sections[0]!.text).toBe('Caf\u00e9 au lait\nsecond line');
  });

  it('detects the format from the bytes first: a PDF named .txt is a PDF, an HTML page without a name is HTML', async () => {
    const pdf = await parseDocument({ bytes: bytesOf(reportPdf), filename: 'report.txt', contentType: 'text/plain' });
    expect(pdf.format).toBe('pdf');
    const html = await parseDocument({ bytes: utf8('<!DOCTYPE html><title>T</title><h1>Hi</h1><p>There.</p>'), contentType: 'application/octet-stream' });
    expect(html.format).toBe('html');
    const prose = await parseDocument({ bytes: utf8('# Notes\n\nEvery file starts %PDF-1.7 and ends with a trailer.'), filename: 'notes.md' });
    expect(prose.format).toBe('markdown');
    expect(html.sections).toEqual([{ headings: ['Hi'], text: 'There.', kind: 'text' }]);
  });

  it('fails with a clear reason for corrupt, encrypted and image-only PDFs', async () => {
    const corrupt = await failure(parseDocument({ bytes: bytesOf(corruptPdf), filename: 'corrupt.pdf' }));
    expect(corrupt.reason).toBe('corrupt');
    expect(corrupt.message).toMatch(/damaged/);
    const encrypted = await failure(parseDocument({ bytes: bytesOf(encryptedPdf), filename: 'secret.pdf' }));
    expect(encrypted.reason).toBe('encrypted');
    expect(encrypted.message).toMatch(/password/);
    const scanned = await failure(parseDocument({ bytes: bytesOf(scannedPdf), filename: 'scan.pdf' }));
    expect(scanned.reason).toBe('no_text');
    expect(scanned.message).toMatch(/scanned or image-only/);
  });

  it('refuses unsupported, mislabelled, empty and too large files with the matching API error', async () => {
    const png = await failure(parseDocument({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), filename: 'x.png' }));
    expect([png.reason, png.status, png.code]).toEqual(['unsupported_type', 415, 'unsupported_media_type']);
    expect(png).toBeInstanceOf(AppError);
    const zip = await failure(parseDocument({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), filename: 'x.zip' }));
    expect(zip.reason).toBe('unsupported_type');
    const fakePdf = await failure(parseDocument({ bytes: utf8('just words'), filename: 'x.pdf' }));
    expect(fakePdf.reason).toBe('corrupt');
    const brokenDocx = await failure(parseDocument({ bytes: bytesOf(handbookDocx).slice(0, 200), filename: 'x.docx' }));
    expect(brokenDocx.reason).toBe('corrupt');
    const empty = await failure(parseDocument({ bytes: new Uint8Array(), filename: 'x.txt' }));
    expect(empty.reason).toBe('empty');
    const blank = await failure(parseDocument({ bytes: utf8(' \n\u0000\n '), filename: 'x.md' }));
    expect(blank.reason).toBe('empty');
    const big = await failure(parseDocument({ bytes: utf8('x'.repeat(2048)), filename: 'x.txt', maxBytes: 1024 }));
    expect([big.reason, big.status]).toEqual(['too_large', 413]);
    const badJson = await failure(parseDocument({ bytes: utf8('{"a": '), filename: 'x.json' }));
    expect(badJson.reason).toBe('corrupt');
    const deep = await failure(parseDocument({ bytes: utf8('['.repeat(200_000) + ']'.repeat(200_000)), filename: 'deep.json' }));
    expect(deep.reason).toBe('corrupt');
    // Binary bytes under an unknown name, or no name at all, are not text (a 7-byte blob.exe was once read as text).
    const blob = await failure(parseDocument({ bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x04]), filename: 'blob.exe' }));
    expect([blob.reason, blob.status]).toEqual(['unsupported_type', 415]);
    expect(blob.message).toContain('.exe files are not supported');
    const nameless = await failure(parseDocument({ bytes: new Uint8Array([0x01, 0x02, 0x03, 0xff, 0xfe, 0x10, 0x11, 0x12]) }));
    expect(nameless.reason).toBe('unsupported_type');
    // Text without a known name is still text, and UTF-16 without a byte-order mark is not mistaken for binary.
    expect(all(await parseDocument({ bytes: utf8('Plain notes about refunds.'), filename: 'notes.log' }))).toContain('refunds');
    const utf16 = new Uint8Array([...'Refund policy'].flatMap((ch) => [ch.charCodeAt(0), 0]));
    expect(all(await parseDocument({ bytes: utf16, filename: 'policy' }))).toContain('Refund policy');
  });
});

describe('parseUrlResponse', () => {
  it('reads HTML when the response names no type, and uses the content type when it does', async () => {
    // A byte body: a string body would get a text/plain content type from the Response constructor.
    const page = await parseUrlResponse(new Response(utf8('<h1>Docs</h1><p>Hello.</p>')), { url: 'https://example.com/docs/' });
    expect([page.format, page.title]).toEqual(['html', 'Docs']);
    const json = await parseUrlResponse(new Response('{"a":{"b":1}}', { headers: { 'content-type': 'application/json' } }), { url: 'https://example.com/api' });
    expect(json.format).toBe('json');
    expect(json.sections[0]!.text).toBe('a.b: 1');
    const pdf = await parseUrlResponse(new Response(bytesOf(reportPdf), { headers: { 'content-type': 'application/octet-stream' } }), {
      url: 'https://example.com/r',
    });
    expect(pdf.format).toBe('pdf');
  });

  it('fails on an HTTP error and stops reading past the size limit', async () => {
    const missing = await failure(parseUrlResponse(new Response('nope', { status: 404 }), { url: 'https://example.com/x' }));
    expect(missing.reason).toBe('fetch_failed');
    expect(missing.message).toContain('404');
    const declared = await failure(parseUrlResponse(new Response('x'.repeat(100), { headers: { 'content-length': '5000' } }), { maxBytes: 1000 }));
    expect(declared.reason).toBe('too_large');
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512).fill(0x61));
      },
    });
    const streamed = await failure(parseUrlResponse(new Response(endless, { headers: { 'content-type': 'text/plain' } }), { maxBytes: 4096 }));
    expect(streamed.reason).toBe('too_large');
    expect(pulled).toBeLessThan(20);
  });
});
