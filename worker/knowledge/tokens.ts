// Approximate token counter for chunk sizing (no tokenizer in the bundle). Latin-script text counts about four
// characters per token, rounded up per word (close to cl100k/o200k on English prose, slightly high on short words);
// each CJK character (Han, kana, Hangul, full-width forms) counts one token, since those scripts have no spaces.

const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/;
const CJK_G = new RegExp(CJK.source, 'g');

export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

export function countTokens(text: string): number {
  let tokens = 0;
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    const cjk = word.match(CJK_G)?.length ?? 0;
    const rest = cjk ? word.replace(CJK_G, '').length : word.length;
    tokens += cjk + Math.ceil(rest / 4);
  }
  return tokens;
}
