// The error body every API error has (API.md): its codes are the keys of the code table in worker/errors.ts.
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../errors';

export const errorCode = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const errorBody = z.object({
  error: z.object({
    code: errorCode,
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export type ErrorBodyJson = z.infer<typeof errorBody>;
