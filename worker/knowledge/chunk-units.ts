// The units chunk.ts packs: a section's text cut into sentences (prose), whole rows (tables), whole code blocks or
// lines, each with the separator that stood before it, so joining units gives the section's text back. A unit over
// the limit is cut by lines, then words, then characters (CJK) — the only place text is cut mid-sentence.
import { countTokens, hasCjk, isCjk } from './tokens';
import type { Section } from './types';

export type Unit = { text: string; tokens: number; sep: string; sentence: boolean };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'sentence' }) : null;

export function splitUnits(section: Section, max: number): Unit[] {
  const out: Unit[] = [];
  const add = (text: string, sep: string, sentence: boolean) => {
    if (!text) return;
    const tokens = countTokens(text);
    if (tokens <= max) out.push({ text, tokens, sep, sentence });
    else out.push(...cut(text, sep, max));
  };
  if (section.kind === 'lines') {
    section.text.split('\n').forEach((line) => add(line.trim(), '\n', false));
    return out;
  }
  for (const block of blocks(section.text)) {
    if (section.kind === 'table' || block.atomic) add(block.text, '\n\n', false);
    else sentences(block.text).forEach((s, i) => add(s.text, i ? s.sep : '\n\n', true));
  }
  return out;
}

/** Blank-line separated blocks; a fenced code block (blank lines and all) and a pipe table are atomic. */
function blocks(text: string): { text: string; atomic: boolean }[] {
  const out: { text: string; atomic: boolean }[] = [];
  let lines: string[] = [];
  let fence: string | null = null;
  const end = () => {
    if (lines.length) out.push({ text: lines.join('\n'), atomic: FENCE.test(lines[0]!) || lines.every((l) => l.trimStart().startsWith('|')) });
    lines = [];
  };
  for (const line of text.split('\n')) {
    const f = FENCE.exec(line)?.[1];
    if (fence) {
      lines.push(line);
      if (f && f[0] === fence[0] && line.trim() === f) {
        fence = null;
        end();
      }
    } else if (f) {
      end();
      fence = f;
      lines.push(line);
    } else if (!line.trim()) end();
    else lines.push(line);
  }
  end();
  return out;
}

/**
 * Sentences with the separator before each: '\n' where a line break stood between them, else ' '. Line breaks do
 * not end sentences (PDF and wrapped text break lines mid-sentence); a sentence keeps its inner line breaks.
 */
function sentences(paragraph: string): { text: string; sep: string }[] {
  const flat = paragraph.replace(/\n/g, ' ');
  const parts = segmenter
    ? [...segmenter.segment(flat)].map((s) => s.index)
    : [...flat.matchAll(/[^.!?。！？]*(?:[.!?。！？]+["')\]]*\s*|$)/g)].map((m) => m.index);
  const out: { text: string; sep: string }[] = [];
  let gap = '';
  parts.forEach((start, i) => {
    const part = paragraph.slice(start, parts[i + 1] ?? paragraph.length);
    const text = part.trim();
    if (text) out.push({ text, sep: /\n/.test(gap + (/^\s*/.exec(part)?.[0] ?? '')) ? '\n' : ' ' });
    gap = /\s*$/.exec(part)?.[0] ?? '';
  });
  return out;
}

/** Cuts an oversized unit: by lines if it has several, else by words; CJK runs by character. */
function cut(text: string, sep: string, max: number): Unit[] {
  if (text.includes('\n')) {
    const lines = text.split('\n').filter((l) => l.trim());
    return lines.flatMap((line, i) => (countTokens(line) <= max ? [unit(line, i ? '\n' : sep)] : cut(line, i ? '\n' : sep, max)));
  }
  const pieces: string[] = [];
  for (const word of text.match(/\S+\s*/g) ?? []) {
    if (hasCjk(word)) pieces.push(...(word.match(/[\ud840-\ud87f][\udc00-\udfff]|[^\s]\s*/g) ?? []).reduce(mergeLatin, [] as string[]));
    else if (countTokens(word) > max) for (let i = 0; i < word.length; i += max * 4) pieces.push(word.slice(i, i + max * 4));
    else pieces.push(word);
  }
  const out: Unit[] = [];
  let current = '';
  let nextSep = sep;
  for (const piece of pieces) {
    if (current && countTokens(current + piece) > max) {
      out.push(unit(current.trimEnd(), nextSep));
      nextSep = /\s$/.test(current) ? ' ' : '';
      current = '';
    }
    current += piece;
  }
  if (current.trim()) out.push(unit(current.trimEnd(), nextSep));
  return out;
}

/** Keeps Latin letters inside CJK text together (so "API" in a Chinese sentence is not cut), CJK one by one. */
function mergeLatin(acc: string[], ch: string): string[] {
  const last = acc[acc.length - 1];
  const lastChar = Array.from(last ?? '').pop() ?? '';
  if (last !== undefined && !isCjk(ch.trimEnd()) && !isCjk(lastChar) && !/\s$/.test(last)) acc[acc.length - 1] = last + ch;
  else acc.push(ch);
  return acc;
}

function unit(text: string, sep: string): Unit {
  return { text, tokens: countTokens(text), sep, sentence: false };
}
