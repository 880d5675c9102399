import type { z } from 'zod';

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  catchall?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/**
 * Paths of keys in `value` that `schema` does not know. zod objects drop unknown keys silently, which is
 * right for the canvas but a trap for hand-written documents: a misspelled `exitCritera` would quietly mean
 * "no exit criteria". Walks objects, arrays and wrappers (optional, default, lazy …); inside unions it does
 * not guess which branch was meant.
 */
export function unknownKeys(schema: z.ZodType, value: unknown, path: string[] = []): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? unknownKeys(def.innerType, value, path) : [];
    case 'lazy':
      return def.getter ? unknownKeys(def.getter(), value, path) : [];
    case 'pipe':
      return def.in ? unknownKeys(def.in, value, path) : [];
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((item, index) => unknownKeys(def.element!, item, [...path, String(index)]))
        : [];
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || def.catchall) return [];
      const shape = def.shape ?? {};
      return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
        const field = shape[key];
        return field ? unknownKeys(field, child, [...path, key]) : [[...path, key].join('.')];
      });
    }
    default:
      return [];
  }
}
