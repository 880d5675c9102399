import { z } from 'zod';

/**
 * A condition on one property of an event or profile, addressed by a dotted path
 * (`category`, `products.0.price`, `traits.plan`). Shared by journey triggers, waits and segments so a
 * marketer's "category is shoes" means the same thing everywhere.
 */
export const PropertyFilterOperator = z.enum([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'not_contains',
  'in',
  'not_in',
  'exists',
  'not_exists',
]);
export type PropertyFilterOperator = z.infer<typeof PropertyFilterOperator>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const PropertyFilter = z.object({
  path: z.string().min(1).max(200),
  op: PropertyFilterOperator,
  value: z.union([Scalar, z.array(Scalar).max(1000)]).optional(),
});
export type PropertyFilter = z.infer<typeof PropertyFilter>;

export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function asComparable(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  return undefined;
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ca = asComparable(a);
  const cb = asComparable(b);
  return ca !== undefined && cb !== undefined && typeof ca === typeof cb && ca === cb;
}

export function matchesPropertyFilter(source: unknown, filter: PropertyFilter): boolean {
  const actual = readPath(source, filter.path);
  const expected = filter.value;
  switch (filter.op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not_exists':
      return actual === undefined || actual === null;
    case 'eq':
      return looselyEqual(actual, expected);
    case 'neq':
      return !looselyEqual(actual, expected);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = asComparable(actual);
      const b = asComparable(expected);
      if (a === undefined || b === undefined || typeof a !== typeof b) return false;
      if (filter.op === 'gt') return a > b;
      if (filter.op === 'gte') return a >= b;
      if (filter.op === 'lt') return a < b;
      return a <= b;
    }
    case 'contains':
    case 'not_contains': {
      const has = Array.isArray(actual)
        ? actual.some((item) => looselyEqual(item, expected))
        : typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
      return filter.op === 'contains' ? has : !has;
    }
    case 'in':
    case 'not_in': {
      const list = Array.isArray(expected) ? expected : [expected];
      const has = list.some((item) => looselyEqual(actual, item));
      return filter.op === 'in' ? has : !has;
    }
  }
}

export function matchesPropertyFilters(source: unknown, filters: readonly PropertyFilter[]): boolean {
  return filters.every((filter) => matchesPropertyFilter(source, filter));
}
