/**
 * Incoming JSON is stored in Postgres jsonb and text columns, which reject things JSON allows: NUL
 * characters and lone UTF-16 surrogates. Keys like `__proto__` are kept out so that no later merge of
 * traits can ever touch an object prototype. Deep nesting is refused before it can hurt a recursive reader.
 */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class JsonShapeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function sanitiseString(value: string): string {
  const withoutNul = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return withoutNul.replace(LONE_SURROGATE, '\uFFFD');
}

/** A copy of `value` that Postgres jsonb accepts, with plain prototype-free-safe objects. */
export function sanitiseJson(value: unknown, field: string, depth = 0): unknown {
  if (depth > MAX_JSON_DEPTH) throw new JsonShapeError(field, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (typeof value === 'string') return sanitiseString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, i) => sanitiseJson(item, `${field}[${i}]`, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [rawKey, item] of Object.entries(value)) {
      const key = sanitiseString(rawKey);
      if (FORBIDDEN_KEYS.has(key)) continue;
      out[key] = sanitiseJson(item, `${field}.${key}`, depth + 1);
    }
    return out;
  }
  return null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
