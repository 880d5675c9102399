import type { Prisma } from './generated/prisma/client';

/** A value as Prisma's JSON columns take it: plain JSON (dates as ISO strings, undefined dropped). */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}
