import { z } from 'zod';
import { PropertyFilterOperator } from '../property-filter';
import { SegmentPropertyFilter } from './path';
import { TimeReference } from './time';

/**
 * Customer columns a trait condition may address, with how SQL reads them. Anything else lives in the
 * `traits` JSON and is addressed as `traits.<path>`.
 */
export const CUSTOMER_TRAIT_COLUMNS = [
  'userId',
  'email',
  'emailOptIn',
  'phone',
  'smsOptIn',
  'unsubscribedAll',
  'timezone',
  'locale',
  'country',
  'region',
  'deviceType',
  'platform',
  'source',
  'lifecycleStage',
  'tags',
  'orderCount',
] as const;
export type CustomerTraitColumn = (typeof CUSTOMER_TRAIT_COLUMNS)[number];

const TRAIT_ROOTS = new Set<string>([...CUSTOMER_TRAIT_COLUMNS, 'traits']);

/** `country eq "DE"`, `tags contains "vip"`, `traits.plan in ["pro", "team"]`, `orderCount gte 3`. */
export const TraitCondition = z
  .object({
    kind: z.literal('trait'),
    path: z.string().min(1).max(200),
    op: PropertyFilterOperator,
    value: SegmentPropertyFilter.shape.value,
  })
  .superRefine((condition, ctx) => {
    const root = condition.path.split('.')[0] ?? '';
    if (!TRAIT_ROOTS.has(root)) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: `Unknown trait "${root}": use one of ${[...TRAIT_ROOTS].join(', ')} (custom traits as traits.<name>)`,
      });
    }
    const filter = SegmentPropertyFilter.safeParse({
      path: condition.path,
      op: condition.op,
      value: condition.value,
    });
    if (!filter.success) {
      for (const issue of filter.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });
export type TraitCondition = z.infer<typeof TraitCondition>;

export const PROFILE_TIME_FIELDS = ['firstSeenAt', 'lastSeenAt', 'createdAt'] as const;

/** `lastSeenAt before 6 weeks ago` (lapsed), `firstSeenAt after 7 days ago` (new). */
export const ProfileTimeCondition = z.object({
  kind: z.literal('profile_time'),
  field: z.enum(PROFILE_TIME_FIELDS),
  op: z.enum(['before', 'after']),
  at: TimeReference,
});
export type ProfileTimeCondition = z.infer<typeof ProfileTimeCondition>;
