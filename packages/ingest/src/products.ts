import { z } from 'zod';
import type { FieldError, ParseResult } from './messages';
import { sanitiseString } from './sanitise';

/** The catalog upsert body of POST /v1/products: `{ products: [...] }`, up to 1,000 per request. */
export const MAX_PRODUCTS_PER_REQUEST = 1_000;

const text = (max: number) => z.string().max(max).transform(sanitiseString);
const price = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().min(0).max(9_999_999_999));
const url = z.url({ protocol: /^https?$/ }).max(2_000);

export const ProductInputSchema = z.object({
  id: text(255).pipe(z.string().min(1)),
  name: text(500).pipe(z.string().min(1)),
  price,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD')
    .optional(),
  imageUrl: url.nullish(),
  url: url.nullish(),
  stock: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(),
  category: text(255).nullish(),
});
export type ProductInput = z.infer<typeof ProductInputSchema>;

const ProductBatchSchema = z.object({
  products: z.array(ProductInputSchema).min(1).max(MAX_PRODUCTS_PER_REQUEST),
});

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || 'body';
}

/** The first zod issue as `{ field, message }`, the shape every /v1 error has. */
export function firstIssue(error: z.ZodError): FieldError {
  const issue = error.issues[0];
  return { field: issue ? fieldPath(issue.path) : 'body', message: issue?.message ?? 'is invalid' };
}

export function parseProductBatch(body: unknown): ParseResult<ProductInput[]> {
  const parsed = ProductBatchSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const seen = new Set<string>();
  for (const [i, product] of parsed.data.products.entries()) {
    if (seen.has(product.id))
      return { ok: false, error: { field: `products[${i}].id`, message: `repeats product ${product.id}` } };
    seen.add(product.id);
  }
  return { ok: true, value: parsed.data.products };
}
