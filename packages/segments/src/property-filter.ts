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

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/**
 * Reads a dotted path the way Postgres' `#>` reads a jsonb path, so a filter means the same in memory and
 * in SQL: only own keys of objects (never `constructor` or `__proto__` from the prototype), and only
 * canonical indices of arrays (never `length`).
 */
export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(key)) return undefined;
      current = current[Number(key)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * A string counts as a number only when it is written as a plain decimal ("42", "-1.5", "2e3"): JavaScript's
 * `Number()` also accepts " 42 ", "0x2a" and "Infinity", which no marketer means and SQL cannot mirror.
 */
export const NUMERIC_STRING = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,2})?$/;

/** The value as a number (numbers and numeric strings) or a string, or undefined when it is neither. */
export function asComparable(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (!NUMERIC_STRING.test(value)) return value;
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
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
