// fetch_url: GET a web page or document through the SSRF guard and hand back readable text (HTML stripped of
// scripts and styles, JSON formatted), within size and time limits.
import { OutboundError, outboundFetch } from '../../lib/outbound';
import type { ToolContext, ToolResult } from '../types';
import { responseText } from '../response-text';

const TIMEOUT_MS = 15_000;
const READ_BYTES = 2 * 1024 * 1024;
const DEFAULT_CHARS = 8000;

export async function fetchUrl(args: Record<string, unknown>, ctx: Pick<ToolContext, 'env' | 'signal'>): Promise<ToolResult> {
  const url = typeof args.url === 'string' ? args.url.trim() : '';
  if (!/^https?:\/\//i.test(url)) return { ok: false, output: 'Pass an absolute http or https URL, e.g. {"url": "https://example.com"}' };
  const maxChars = typeof args.max_chars === 'number' && args.max_chars >= 100 ? Math.min(Math.floor(args.max_chars), 16_000) : DEFAULT_CHARS;
  try {
    const res = await outboundFetch(ctx.env, { timeoutMs: TIMEOUT_MS, maxBytes: null })(url, {
      headers: { accept: 'text/html, text/plain;q=0.9, application/json;q=0.9, */*;q=0.5', 'user-agent': 'EdgentBot/1.0 (fetch_url tool)' },
      signal: ctx.signal,
    });
    const body = await responseText(res, READ_BYTES, url);
    let text = body.text;
    if (text.length > maxChars) text = `${text.slice(0, maxChars)}\n…[cut at ${maxChars} characters of ${text.length}]`;
    const head = `URL: ${url}\nStatus: ${res.status}\n\n`;
    return { ok: res.ok, output: head + (text || '(empty page)') };
  } catch (e) {
    if (ctx.signal.aborted) return { ok: false, output: 'fetch_url was cancelled' };
    return { ok: false, output: `Could not fetch ${url}: ${e instanceof OutboundError ? e.message : e instanceof Error ? e.message : String(e)}` };
  }
}
