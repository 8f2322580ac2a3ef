// Pieces the answer schemas share: timestamps and the page envelope (worker/db/page.ts builds it).
import { z } from 'zod';

export const iso = z.iso.datetime();

/** `{data, next_cursor}`: one page of a list. */
export const pageOf = <S extends z.ZodType>(item: S) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last') });
