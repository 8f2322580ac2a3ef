// PDF → one section per page (page number kept for citations) through unpdf, Mozilla's PDF.js in a serverless
// build. It is large (≈1.6 MB minified), so it is imported on first use only: only the ingestion path pays for it.
// Password-protected files and files without a text layer (scans) fail with a reason a user can act on.
import { normalizeText } from './text-decode';
import { ParseError, type Section } from './types';

export async function parsePdf(bytes: Uint8Array): Promise<{ title?: string; sections: Section[] }> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js takes ownership of (detaches) the buffer it is given.
    pdf = await getDocumentProxy(bytes.slice(), { useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  } catch (e) {
    const name = (e as Error)?.name;
    if (name === 'PasswordException') throw new ParseError('encrypted', 'This PDF is password-protected. Remove the password and upload it again.');
    throw new ParseError('corrupt', 'This PDF is damaged or not a PDF, and could not be read.');
  }
  try {
    const sections: Section[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const content = await (await pdf.getPage(page)).getTextContent();
      const raw = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      const text = normalizeText(raw.replace(/[ \t]+/g, ' '));
      if (text) sections.push({ headings: [], text, kind: 'text', page });
    }
    if (!sections.length) {
      throw new ParseError('no_text', 'This PDF has no text layer (it looks scanned or image-only); text recognition (OCR) is not supported yet.');
    }
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title.trim() : undefined;
    return { title: title || undefined, sections };
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError('corrupt', 'This PDF is damaged and its text could not be read.');
  } finally {
    await pdf.loadingTask.destroy();
  }
}
