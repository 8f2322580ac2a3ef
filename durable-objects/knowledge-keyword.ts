/**
 * The keyword half of a KnowledgeBase object: user text → a safe FTS5 MATCH expression. Only letters and digits
 * survive (the same split unicode61 makes), each term goes in double quotes, so FTS syntax typed by a user
 * (AND, OR, NOT, NEAR(, *, ^, quotes, column filters like `text:`) is searched as words, never run as operators.
 */

/**
 * Frequent English words (NLTK's list, shortened) dropped from the query: bm25 weighs them near zero, but every
 * passage they match enters the keyword list, where reciprocal rank fusion would count it as agreement.
 */
const STOP = new Set(
  (
    'a an the and or but nor of to in on at for with by from is are was were be been being am it its itself this that these those ' +
    'i you we they he she my your our their me us him her them mine yours do does did doing done how what when where why ' +
    'which who whom whose can could should would will shall may might must has have had having not no yes if then than so as ' +
    'into about up down out over under again further once until while during before after above below between through ' +
    'both each few other such only own same too very just also there here get got want need let s t m d ll re ve'
  ).split(' '),
);
const MAX_TERMS = 24;

/**
 * Lower-case words without Latin diacritics, as FTS5's unicode61 tokenizer (remove_diacritics 2) sees them: letters,
 * digits and combining marks (Devanagari vowel signs belong to the word). A CJK run without spaces is one token for
 * unicode61, so CJK queries match through the vector half; a trigram FTS table would be the keyword fix.
 */
export function ftsWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/**
 * The MATCH expression for `text`, or null when it has no searchable word: every distinct term OR'ed, plus each
 * pair of adjacent terms as a phrase, so "E-4512" or "Maria Lopez" rank the passage that has them side by side first.
 */
export function ftsQuery(text: string): string | null {
  const all = ftsWords(text).slice(0, 256);
  if (!all.length) return null;
  // Single letters ("E" of E-4512) match too broadly alone; they still count inside the adjacent-pair phrases.
  const content = all.filter((w) => !STOP.has(w) && (w.length > 1 || /\p{N}/u.test(w)));
  const terms = content.length ? content : all;
  const parts = new Set<string>();
  for (let i = 0; i + 1 < all.length && parts.size < MAX_TERMS / 2; i++) {
    if (!STOP.has(all[i]!) && !STOP.has(all[i + 1]!)) parts.add(`"${all[i]} ${all[i + 1]}"`);
  }
  for (const t of terms) if (parts.size < MAX_TERMS * 1.5) parts.add(`"${t}"`);
  return [...parts].join(' OR ');
}
