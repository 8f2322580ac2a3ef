// Cursor pagination over time-sortable ids: newest first, the cursor is the last id of the previous page.
import { fromBase64Url, toBase64Url } from '../crypto/encoding';
import { AppError } from '../errors';

export type PageParams = { limit: number; cursor: string | null };
export type Page<T> = { data: T[]; next_cursor: string | null };

const CURSOR_SHAPE = /^[a-z]{2,3}_[0-9a-z]{24}$|^\d{1,9}$/;

/** Validates `?limit=` (1–100, default 20) and `?cursor=`; bad values are a 400, never a 5xx. */
export function pageParams(query: { limit?: string; cursor?: string }): PageParams {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  const details = [];
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) details.push({ path: 'limit', message: 'must be an integer from 1 to 100' });
  let cursor: string | null = null;
  if (query.cursor) {
    try {
      cursor = new TextDecoder().decode(fromBase64Url(query.cursor));
    } catch {
      cursor = '';
    }
    if (!CURSOR_SHAPE.test(cursor)) details.push({ path: 'cursor', message: 'is not a cursor this API returned' });
  }
  if (details.length) throw new AppError('validation_failed', 'Invalid pagination parameters', details);
  return { limit, cursor };
}

/** Rows were fetched with limit + 1; the extra row only tells whether another page exists. */
export function toPage<R, T>(rows: R[], limit: number, key: (r: R) => string | number, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  const next = more && last !== undefined ? toBase64Url(new TextEncoder().encode(String(key(last)))) : null;
  return { data: data.map(map), next_cursor: next };
}
