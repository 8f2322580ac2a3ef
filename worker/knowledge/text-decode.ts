// Bytes → clean text for every text-based format: BOM-aware UTF-8/UTF-16 decoding with a Latin-1 fallback, then
// Unicode NFC, no NULs or stray control characters, LF line ends, no trailing spaces, at most one blank line.

export function decodeText(bytes: Uint8Array): string {
  return normalizeText(decodeBytes(bytes));
}

export function decodeBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3)) ?? latin1(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), false);
  const guess = utf16WithoutBom(bytes);
  if (guess !== null) return utf16(bytes, guess);
  return utf8(bytes) ?? latin1(bytes);
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

// Decoded by hand: workerd's TextDecoder does not promise UTF-16BE or Latin-1.
function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const units = new Uint16Array(bytes.byteLength >> 1);
  for (let i = 0; i < units.length; i++) units[i] = view.getUint16(i * 2, littleEndian);
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  return out;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** BOM-less UTF-16 shows as a zero byte in most even (BE) or odd (LE) positions of ASCII-heavy text. */
function utf16WithoutBom(bytes: Uint8Array): boolean | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return true;
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return false;
  return null;
}

/** NFC, LF, no NULs/control characters (tabs kept), Unicode spaces as ' ', trimmed line ends, ≤ 1 blank line. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff\u200b]/g, '')
    .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f]/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Collapses every whitespace run to one space (prose paragraphs, headings, table cells). */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
