import { asComparable, NUMERIC_STRING, type PropertyFilter } from '../property-filter';
import type { SqlParams } from './params';

/**
 * Compiles a PropertyFilter over a jsonb expression with exactly the semantics of `matchesPropertyFilter`:
 * a missing path is SQL NULL (JavaScript's undefined), JSON null is `'null'::jsonb`; numbers and numeric
 * strings compare as numbers, other strings as strings (byte order, as JavaScript compares ASCII); every
 * generated predicate is TRUE or FALSE, never NULL, so `NOT` and `OR` behave as in memory.
 */

const NUMERIC_PATTERN = `'${NUMERIC_STRING.source}'`;

/** The value as a number when it is a JSON number or a numeric string, else NULL. */
function numberOf(v: string): string {
  return (
    `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric ` +
    `WHEN jsonb_typeof(${v}) = 'string' AND (${v} #>> '{}') ~ ${NUMERIC_PATTERN} THEN (${v} #>> '{}')::numeric END)`
  );
}

/** The value as text when it is a non-numeric JSON string, else NULL. */
function textOf(v: string): string {
  return `(CASE WHEN jsonb_typeof(${v}) = 'string' AND NOT ((${v} #>> '{}') ~ ${NUMERIC_PATTERN}) THEN ${v} #>> '{}' END)`;
}

/**
 * Constant false that still mentions `v`: its path segments were already added as parameters, and Postgres
 * refuses a statement with a parameter it never sees.
 */
function never(v: string): string {
  return `(false AND ${v} IS NULL)`;
}

function definitely(predicate: string): string {
  return `COALESCE(${predicate}, false)`;
}

type Expected = PropertyFilter['value'];

/** `looselyEqual(actual, expected)`. */
function equals(v: string, expected: Expected, params: SqlParams): string {
  if (expected === undefined) return `(${v} IS NULL)`;
  if (expected === null) return definitely(`jsonb_typeof(${v}) = 'null'`);
  if (typeof expected === 'boolean') return definitely(`${v} = '${expected}'::jsonb`);
  if (Array.isArray(expected)) return never(v);
  const comparable = asComparable(expected);
  if (typeof comparable === 'number')
    return definitely(`${numberOf(v)} = ${params.add(String(comparable), 'numeric')}`);
  return definitely(`${v} = to_jsonb(${params.add(String(expected), 'text')})`);
}

function oneOf(v: string, expected: Expected, params: SqlParams): string {
  const items = Array.isArray(expected) ? expected : [expected];
  const numbers: string[] = [];
  const texts: string[] = [];
  const others: string[] = [];
  for (const item of items) {
    const comparable = asComparable(item);
    if (typeof comparable === 'number') numbers.push(String(comparable));
    else if (typeof comparable === 'string') texts.push(comparable);
    else others.push(equals(v, item, params));
  }
  const parts = [...new Set(others)];
  if (numbers.length > 0) {
    const list = params.add(JSON.stringify(numbers), 'jsonb');
    parts.push(
      definitely(`${numberOf(v)} = ANY (ARRAY(SELECT jsonb_array_elements_text(${list})::numeric))`),
    );
  }
  if (texts.length > 0) {
    const list = params.add(JSON.stringify(texts), 'jsonb');
    parts.push(definitely(`${textOf(v)} = ANY (ARRAY(SELECT jsonb_array_elements_text(${list})))`));
  }
  return parts.length === 0 ? never(v) : `(${parts.join(' OR ')})`;
}

const ORDER_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

export function compilePropertyFilter(v: string, filter: PropertyFilter, params: SqlParams): string {
  const expected = filter.value;
  switch (filter.op) {
    case 'exists':
      return definitely(`jsonb_typeof(${v}) <> 'null'`);
    case 'not_exists':
      return `(NOT ${definitely(`jsonb_typeof(${v}) <> 'null'`)})`;
    case 'eq':
      return equals(v, expected, params);
    case 'neq':
      return `(NOT ${equals(v, expected, params)})`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const comparable = asComparable(expected);
      const operator = ORDER_SQL[filter.op];
      if (typeof comparable === 'number') {
        return definitely(`${numberOf(v)} ${operator} ${params.add(String(comparable), 'numeric')}`);
      }
      if (typeof comparable === 'string') {
        return definitely(
          `${textOf(v)} COLLATE "C" ${operator} (${params.add(comparable, 'text')} COLLATE "C")`,
        );
      }
      return never(v);
    }
    case 'contains':
    case 'not_contains': {
      const element = 'nf_el.value';
      const inArray = `EXISTS (SELECT 1 FROM jsonb_array_elements(${v}) AS nf_el(value) WHERE ${equals(element, expected, params)})`;
      const inString =
        typeof expected === 'string' ? `strpos(${v} #>> '{}', ${params.add(expected, 'text')}) > 0` : 'false';
      const contains = `(CASE jsonb_typeof(${v}) WHEN 'array' THEN ${inArray} WHEN 'string' THEN ${inString} ELSE false END)`;
      return filter.op === 'contains' ? contains : `(NOT ${contains})`;
    }
    case 'in':
      return oneOf(v, expected, params);
    case 'not_in':
      return `(NOT ${oneOf(v, expected, params)})`;
  }
}

/** `base #> path` written so that each segment is a parameter (keys may hold any character). */
export function jsonPath(base: string, segments: readonly string[], params: SqlParams): string {
  if (segments.length === 0) return base;
  return `(${base} #> ARRAY[${segments.map((segment) => params.add(segment, 'text')).join(', ')}])`;
}
