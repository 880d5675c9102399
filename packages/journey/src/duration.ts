import { z } from 'zod';

/** A span of time as a marketer writes it ("2 hours"). Workflows turn it into a timer with durationToMs. */
export const DurationUnit = z.enum(['seconds', 'minutes', 'hours', 'days']);
export type DurationUnit = z.infer<typeof DurationUnit>;

const MAX_DURATION_MS = 366 * 24 * 60 * 60 * 1000;

const UNIT_MS: Record<DurationUnit, number> = {
  seconds: 1000,
  minutes: 60 * 1000,
  hours: 60 * 60 * 1000,
  days: 24 * 60 * 60 * 1000,
};

export const Duration = z
  .object({
    amount: z.number().positive(),
    unit: DurationUnit,
  })
  .refine((duration) => duration.amount * UNIT_MS[duration.unit] <= MAX_DURATION_MS, {
    message: 'A duration can be at most 366 days',
    path: ['amount'],
  })
  .refine((duration) => duration.amount * UNIT_MS[duration.unit] >= 1000, {
    message: 'A duration must be at least 1 second',
    path: ['amount'],
  });
export type Duration = z.infer<typeof Duration>;

export function durationToMs(duration: Duration): number {
  return Math.round(duration.amount * UNIT_MS[duration.unit]);
}

export function formatDuration(duration: Duration): string {
  const unit = duration.amount === 1 ? duration.unit.slice(0, -1) : duration.unit;
  return `${duration.amount} ${unit}`;
}
