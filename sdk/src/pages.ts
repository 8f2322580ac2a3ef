// Cursor pagination: every list call returns one page; `iterate` walks all of them.
import type { Page, PageParams } from './types.js';

/** Yields every item of every page, fetching the next page only when the loop gets there. */
export async function* paginate<T>(fetchPage: (params: PageParams) => Promise<Page<T>>, params: PageParams = {}): AsyncGenerator<T> {
  let cursor = params.cursor;
  do {
    const page = await fetchPage({ ...params, cursor });
    yield* page.data;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}
