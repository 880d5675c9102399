import { z } from 'zod';

/**
 * The internal events a membership change appends (packages/db writes them with the change; segment
 * triggers in packages/journey enter runs on them). Named once here, where both can read them.
 */
export const SEGMENT_ENTERED = 'Segment Entered';
export const SEGMENT_EXITED = 'Segment Exited';

/** Currently a member of another segment of the same workspace (no cycles: see `findSegmentCycle`). */
export const InSegmentCondition = z.object({
  kind: z.literal('in_segment'),
  segmentId: z.uuid(),
});
export type InSegmentCondition = z.infer<typeof InSegmentCondition>;

/**
 * The customer's bucket — a stable hash of `salt` and customer id into [0, 100) — lies in [from, to).
 * The same salt gives the same buckets everywhere, so `0–50` and `50–100` split one audience in two;
 * a different salt gives an independent split.
 */
export const RandomBucketCondition = z
  .object({
    kind: z.literal('random_bucket'),
    from: z.number().int().min(0).max(100),
    to: z.number().int().min(0).max(100),
    salt: z.string().max(100).default(''),
  })
  .refine((bucket) => bucket.from < bucket.to, { path: ['to'], message: '"to" must be greater than "from"' });
export type RandomBucketCondition = z.infer<typeof RandomBucketCondition>;
