import { z } from 'zod';

const UNIT_MS = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
} as const;

/**
 * A point in time, either fixed (`2026-01-01T00:00:00Z`) or relative to evaluation time (`7 days ago`).
 * Relative references are what make a segment time-based: its members change as the clock moves, with no
 * event to announce it, so the scheduled sweep re-checks them.
 */
export const TimeReference = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ago'),
    amount: z.number().int().positive().max(100_000),
    unit: z.enum(['minutes', 'hours', 'days', 'weeks']),
  }),
  z.object({ kind: z.literal('date'), date: z.iso.datetime({ offset: true }) }),
]);
export type TimeReference = z.infer<typeof TimeReference>;

/** Resolves a reference against `now`; SQL and the evaluator both use the result, so they cannot drift. */
export function resolveTime(reference: TimeReference, now: Date): Date {
  if (reference.kind === 'date') return new Date(reference.date);
  return new Date(now.getTime() - reference.amount * UNIT_MS[reference.unit]);
}

export function isRelative(reference: TimeReference | undefined): boolean {
  return reference?.kind === 'ago';
}
