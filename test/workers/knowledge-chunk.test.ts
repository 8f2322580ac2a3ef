// Knowledge ingestion, chunking: chunks keep one heading path, cut between sentences, overlap by whole trailing
// sentences, handle CJK and oversized sentences, never split a table row, and lose no word (property test).
import { describe, expect, it } from 'vitest';
import { chunkDocument, contentHash, countTokens, embeddingText } from '../../worker/knowledge/chunk';
import { parseDocument } from '../../worker/knowledge/parse';
import { prepareDocument } from '../../worker/knowledge/prepare';
import { ParseError, type Chunk, type ParsedDocument, type Section } from '../../worker/knowledge/types';
import guideMd from '../fixtures/knowledge/guide.md?raw';
import productsCsv from '../fixtures/knowledge/products.csv?raw';
import reportPdf from '../fixtures/knowledge/report.pdf?inline';
import { mulberry32 } from '../../scripts/lib/prng.mjs';

const doc = (sections: Section[]): ParsedDocument => ({ title: 't', format: 'text', sections });
const body = (c: Chunk) => c.text.slice(c.overlap);
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function sentencesAbout(topic: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Sentence ${i} tells how the ${topic} works in case number ${i * 7 + 3}.`);
}

describe('chunkDocument', () => {
  it('gives every chunk exactly one heading path and never mixes two sections', async () => {
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(guideMd), filename: 'guide.md' });
    const chunks = chunkDocument(parsed, { maxTokens: 20, overlapTokens: 8 });
    expect(chunks.length).toBeGreaterThan(parsed.sections.length);
    for (const chunk of chunks) {
      const home = parsed.sections.filter((s) => JSON.stringify(s.headings) === JSON.stringify(chunk.headings));
      expect(home.some((s) => squash(s.text).includes(squash(chunk.text)))).toBe(true);
    }
    // The fenced code block stays one piece (it fits in 350 tokens), blank line and all.
    const whole = chunkDocument(parsed);
    expect(whole.some((c) => c.text.includes('```bash\n# this line is a shell comment, not a heading\nnpm install -g edgent\n\nnpm run deploy\n```'))).toBe(
      true,
    );
  });

  it('keeps PDF page numbers on the chunks of each page', async () => {
    const url = reportPdf;
    const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
    const chunks = chunkDocument(await parseDocument({ bytes, filename: 'report.pdf' }));
    expect(chunks.map((c) => c.page)).toEqual([1, 2, 3]);
    expect(chunks.find((c) => c.text.includes('HELIOTROPE'))?.page).toBe(3);
  });

  it('cuts prose between sentences and stays under the token limit', () => {
    const sentences = sentencesAbout('pump', 40);
    const chunks = chunkDocument(doc([{ headings: ['Pumps'], text: sentences.join(' '), kind: 'text' }]), { maxTokens: 60, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(60);
      expect(chunk.tokens).toBe(countTokens(chunk.text));
      const pieces = chunk.text.match(/Sentence \d+ [^.]*\./g) ?? [];
      expect(pieces.join(' ')).toBe(chunk.text);
      for (const piece of pieces) expect(sentences).toContain(piece);
    }
    expect(chunks.map((c) => c.text).join(' ')).toBe(sentences.join(' '));
  });

  it('does not end a sentence at a line break (PDF lines wrap mid-sentence)', () => {
    const sentences = sentencesAbout('press', 16);
    // Wrap like a PDF page: a line break every five words, wherever it falls.
    const wrapped = sentences
      .join(' ')
      .split(' ')
      .map((w, i) => (i % 5 === 4 ? `${w}\n` : `${w} `))
      .join('')
      .trim();
    const chunks = chunkDocument(doc([{ headings: [], text: wrapped, page: 2 }]), { maxTokens: 45, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.page).toBe(2);
      const flat = squash(c.text);
      expect((flat.match(/Sentence \d+ [^.]*\./g) ?? []).join(' ')).toBe(flat);
    }
    expect(words(chunks.map((c) => c.text).join(' '))).toEqual(words(wrapped));
    // The line breaks inside sentences are kept as written.
    expect(chunks.some((c) => /[a-z]\n[a-z0-9]/.test(c.text))).toBe(true);
  });

  it("starts each chunk with the previous chunk's trailing whole sentences, within the overlap budget", () => {
    const sentences = sentencesAbout('valve', 30);
    const chunks = chunkDocument(doc([{ headings: ['Valves'], text: sentences.join(' '), kind: 'text' }]), { maxTokens: 80, overlapTokens: 30 });
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks[0]!.overlap).toBe(0);
    for (let i = 1; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      expect(chunk.overlap).toBeGreaterThan(0);
      const repeated = chunk.text.slice(0, chunk.overlap).trim();
      expect(chunks[i - 1]!.text.endsWith(repeated)).toBe(true);
      expect(countTokens(repeated)).toBeLessThanOrEqual(30);
      for (const piece of repeated.match(/Sentence \d+ [^.]*\./g) ?? []) expect(sentences).toContain(piece);
      expect((repeated.match(/Sentence \d+ [^.]*\./g) ?? []).join(' ')).toBe(repeated);
      expect(chunk.tokens).toBeLessThanOrEqual(80);
    }
    // Without the overlaps the chunks give back the text exactly.
    expect(chunks.map(body).join(' ')).toBe(sentences.join(' '));
  });

  it('does not carry overlap across headings', () => {
    const a = sentencesAbout('boiler', 12).join(' ');
    const b = sentencesAbout('chimney', 12).join(' ');
    const chunks = chunkDocument(
      doc([
        { headings: ['Boiler'], text: a },
        { headings: ['Chimney'], text: b },
      ]),
      { maxTokens: 50, overlapTokens: 20 },
    );
    const firstChimney = chunks.find((c) => c.headings[0] === 'Chimney')!;
    expect(firstChimney.overlap).toBe(0);
    expect(firstChimney.text).not.toContain('boiler');
    for (const c of chunks) expect(c.text.includes('boiler') && c.text.includes('chimney')).toBe(false);
  });

  it('counts CJK by character and cuts CJK text between sentences, or between characters when one sentence is too long', () => {
    const sentence = (i: number) => `第${i}章では東京の天気と交通について詳しく説明します。`;
    const text = Array.from({ length: 30 }, (_, i) => sentence(i)).join('');
    expect(countTokens(sentence(1))).toBe(sentence(1).length);
    const chunks = chunkDocument(doc([{ headings: ['天気'], text }]), { maxTokens: 60, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(60);
      expect(c.text.endsWith('。')).toBe(true);
    }
    expect(chunks.map((c) => c.text.replace(/\s/g, '')).join('')).toBe(text);

    const runOn = '東京'.repeat(150) + 'API設計';
    const cut = chunkDocument(doc([{ headings: [], text: runOn }]), { maxTokens: 40, overlapTokens: 10 });
    for (const c of cut) expect(c.tokens).toBeLessThanOrEqual(40);
    expect(cut.map(body).join('')).toBe(runOn);
    expect(cut.some((c) => c.text.includes('API'))).toBe(true);
  });

  it('cuts a sentence longer than the limit between words, and only that sentence', () => {
    const long = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ') + '.';
    const text = `Short opener here. ${long} Short closer here.`;
    const chunks = chunkDocument(doc([{ headings: ['Long'], text }]), { maxTokens: 50, overlapTokens: 10 });
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(50);
      for (const w of words(body(c))) expect(words(text)).toContain(w);
    }
    expect(words(chunks.map(body).join(' '))).toEqual(words(text));
    expect(chunks[0]!.text.startsWith('Short opener here.')).toBe(true);
    expect(chunks.at(-1)!.text.endsWith('Short closer here.')).toBe(true);
  });

  it('never splits a table row and repeats none', async () => {
    const many = ['sku,name,description', ...Array.from({ length: 30 }, (_, i) => `S-${i},Item ${i},${'very '.repeat(i % 7)}useful part ${i}`)].join('\n');
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(many), filename: 'rows.csv' });
    const rows = parsed.sections.flatMap((s) => s.text.split('\n\n'));
    const chunks = chunkDocument(parsed, { maxTokens: 40, overlapTokens: 20 });
    const seen = chunks.flatMap((c) => {
      expect(c.overlap).toBe(0);
      expect(c.tokens).toBeLessThanOrEqual(40);
      return c.text.split('\n\n');
    });
    expect(seen).toEqual(rows);
    const small = chunkDocument(await parseDocument({ bytes: new TextEncoder().encode(productsCsv), filename: 'p.csv' }), { maxTokens: 20 });
    expect(small.every((c) => c.text.split('\n\n').every((row) => row.startsWith('sku: ')))).toBe(true);
  });

  it('numbers chunks densely from 0 and gives the same chunks for the same input', async () => {
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(guideMd), filename: 'guide.md' });
    const a = chunkDocument(parsed, { maxTokens: 25, overlapTokens: 10 });
    expect(a.map((c) => c.position)).toEqual(a.map((_, i) => i));
    expect(chunkDocument(parsed, { maxTokens: 25, overlapTokens: 10 })).toEqual(a);
  });

  it('refuses a document that splits into more chunks than allowed', () => {
    const text = sentencesAbout('fan', 50).join(' ');
    const error = (() => {
      try {
        chunkDocument(doc([{ headings: [], text }]), { maxTokens: 20, maxChunks: 5 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).reason).toBe('too_large');
  });

  it('loses no word and reorders nothing over random documents (property)', () => {
    const vocabulary = [
      'alpha',
      'beta',
      'gamma',
      'delta',
      'kettle',
      'ion',
      'x',
      'supercalifragilistic',
      'naïve',
      'Zürich',
      '42',
      'e.g.',
      'co-op',
      'U.S.',
      'ok?',
      'yes!',
    ];
    for (let seed = 1; seed <= 150; seed++) {
      const rand = mulberry32(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
      const sentence = () => {
        const n = 1 + Math.floor(rand() * (rand() < 0.05 ? 400 : 25));
        const ws = Array.from({ length: n }, () => pick(vocabulary));
        return ws.join(' ') + pick(['.', '!', '?', '.']);
      };
      const sections: Section[] = Array.from({ length: 1 + Math.floor(rand() * 5) }, (_, s) => {
        const kind = pick(['text', 'text', 'table', 'lines'] as const);
        const paragraphs = Array.from({ length: 1 + Math.floor(rand() * 4) }, () =>
          kind === 'text' ? Array.from({ length: 1 + Math.floor(rand() * 8) }, sentence).join(rand() < 0.2 ? '\n' : ' ') : sentence(),
        );
        return { headings: [`H${s}`], text: paragraphs.join(kind === 'lines' ? '\n' : '\n\n'), kind };
      });
      const maxTokens = 10 + Math.floor(rand() * 200);
      const overlapTokens = Math.floor(rand() * maxTokens);
      const chunks = chunkDocument(doc(sections), { maxTokens, overlapTokens });
      const context = `seed ${seed}`;
      expect(
        chunks.map((c) => c.position),
        context,
      ).toEqual(chunks.map((_, i) => i));
      for (const c of chunks) expect(c.tokens, context).toBeLessThanOrEqual(maxTokens);
      expect(words(chunks.map(body).join(' ')), context).toEqual(sections.flatMap((s) => words(s.text)));
      const order = chunks.map((c) => Number(c.headings[0]!.slice(1)));
      expect(order, context).toEqual([...order].sort((p, q) => p - q));
    }
  });
});

describe('embeddingText', () => {
  it('puts the title, heading path and page above the chunk text', () => {
    expect(embeddingText({ headings: ['Leave', 'Annual leave'], text: 'Staff get 25 days.' }, 'Handbook')).toBe(
      'Handbook › Leave › Annual leave\n\nStaff get 25 days.',
    );
    expect(embeddingText({ headings: [], text: 'Frost risk.', page: 3 }, 'Report')).toBe('Report (p. 3)\n\nFrost risk.');
    expect(embeddingText({ headings: [], text: 'Bare.' })).toBe('Bare.');
  });
});

describe('contentHash', () => {
  it('is the SHA-256 hex of the bytes, equal for equal content', async () => {
    const expected = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('hello knowledge')))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    expect(await contentHash(new TextEncoder().encode('hello knowledge'))).toBe(expected);
    expect(await contentHash('hello knowledge')).toBe(expected);
    expect(await contentHash('hello knowledge!')).not.toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('prepareDocument', () => {
  it('parses and chunks a new document, and does no work for an unchanged one', async () => {
    const bytes = new TextEncoder().encode(guideMd);
    const first = await prepareDocument({ bytes, filename: 'guide.md' });
    if (first.unchanged) throw new Error('a new document must be parsed');
    expect(first.hash).toBe(await contentHash(bytes));
    expect(first.parsed.title).toBe('Edgent Setup Guide');
    expect(first.chunks).toEqual(chunkDocument(first.parsed));
    // Not even parsed: these bytes would fail as a PDF, yet the matching hash answers first.
    const again = await prepareDocument({ bytes, filename: 'guide.pdf', previousHash: first.hash });
    expect(again).toEqual({ unchanged: true, hash: first.hash });
    const edited = await prepareDocument({ bytes: new TextEncoder().encode(guideMd + '\nOne more line.'), filename: 'guide.md', previousHash: first.hash });
    expect(edited.unchanged).toBe(false);
  });
});
