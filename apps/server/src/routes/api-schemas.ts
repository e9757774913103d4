import { z } from 'zod';

/** RFC 9457 problem document, as every error answer carries (the schema is for documentation). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable machine-readable error code'),
    instance: z.string().optional(),
  })
  .loose()
  .describe('application/problem+json');

/** Standard error answers for a route's schema. */
export function problemResponses(...statuses: number[]): Record<number, typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema]));
}

/** A log index or tree size in JSON: a safe integer (2^53 leaves is far beyond any mechanism). */
export const logIntegerSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Query-string log integers: decimal text without leading zeros, parsed to bigint. */
export const logIntegerQuerySchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})$/, 'a non-negative decimal integer')
  .transform((text) => BigInt(text));

export const digestParamSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'a digest: sha256:<64 lowercase hex>');

export const base64Schema = z.string().describe('standard base64');
