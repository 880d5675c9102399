import {
  findCustomerById,
  isCustomerCursor,
  isTimelineCursor,
  LIFECYCLE_STAGES,
  listCustomerCountries,
  listCustomerEventNames,
  listCustomers,
  listCustomerTimeline,
  listIdentityRefusals,
  type LifecycleStageName,
} from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { erasePhraseOf } from '../../customers/erasure';
import { loadCustomerProfile } from '../../customers/profile';
import { eraseCustomer, exportCustomer, exportFileName } from '../../privacy/handle-privacy';
import { createTRPCRouter, FieldErrors, permittedProcedure } from '../trpc';

const readProcedure = permittedProcedure('customers.read');

const CustomerId = z.object({ customerId: z.uuid() });

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'customer not found' });

export const customersRouter = createTRPCRouter({
  /** Most recently seen first, filtered; `cursor` is the previous page's `nextCursor`. */
  list: readProcedure
    .input(
      z.object({
        search: z.string().max(200).optional(),
        segmentId: z.uuid().optional(),
        lifecycleStage: z.enum(LIFECYCLE_STAGES as [LifecycleStageName, ...LifecycleStageName[]]).optional(),
        country: z.string().trim().min(1).max(100).optional(),
        reachableOn: z.enum(['email', 'sms', 'push', 'any']).optional(),
        cursor: z.string().refine(isCustomerCursor, 'not a cursor of this list').optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.workspaceId, input)),
  /** Values the list's filters offer that come from the data (countries seen). */
  filterOptions: readProcedure.query(async ({ ctx }) => ({
    countries: await listCustomerCountries(ctx.db, ctx.workspaceId),
    lifecycleStages: LIFECYCLE_STAGES,
  })),
  profile: readProcedure.input(CustomerId).query(async ({ ctx, input }) => {
    const profile = await loadCustomerProfile(ctx.db, ctx.workspaceId, input.customerId);
    if (!profile) throw notFound();
    return { ...profile, erasePhrase: erasePhraseOf(profile.customer) };
  }),
  /** The event timeline, newest first, a page at a time, optionally one event name only. */
  timeline: readProcedure
    .input(
      CustomerId.extend({
        name: z.string().min(1).max(200).optional(),
        cursor: z.string().refine(isTimelineCursor, 'not a cursor of this timeline').optional(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const customer = await findCustomerById(ctx.db, ctx.workspaceId, input.customerId);
      if (!customer) throw notFound();
      const { customerId, workspaceId: _workspaceId, ...query } = input;
      const [page, names] = await Promise.all([
        listCustomerTimeline(ctx.db, ctx.workspaceId, customerId, query),
        listCustomerEventNames(ctx.db, ctx.workspaceId, customerId),
      ]);
      return { ...page, names };
    }),
  /** Everything stored about the customer, as the privacy API exports it, with the file name to save as. */
  export: permittedProcedure('privacy.export')
    .input(CustomerId)
    .mutation(async ({ ctx, input }) => {
      const customer = await findCustomerById(ctx.db, ctx.workspaceId, input.customerId);
      if (!customer) throw notFound();
      const data = await exportCustomer(customer.id);
      if (!data) throw notFound();
      return { fileName: exportFileName(customer.id), data };
    }),
  /**
   * Erases the customer as the privacy API does. `confirmation` must repeat the customer's erase phrase
   * (user id, else email, else customer id), which the page asks the person to type.
   */
  erase: permittedProcedure('privacy.erase')
    .input(CustomerId.extend({ confirmation: z.string().max(300) }))
    .mutation(async ({ ctx, input }) => {
      const customer = await findCustomerById(ctx.db, ctx.workspaceId, input.customerId);
      if (!customer) throw notFound();
      const phrase = erasePhraseOf(customer);
      if (input.confirmation.trim() !== phrase) {
        const message = `Type ${phrase} to confirm`;
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message,
          cause: new FieldErrors([{ field: 'confirmation', message }]),
        });
      }
      const erased = await eraseCustomer(customer.id);
      if (!erased) throw notFound();
      return erased;
    }),
  /** Write-key calls that claimed this customer's userId without valid proof, newest first (the profile's slot). */
  identityRefusals: permittedProcedure('customers.identityRefusals')
    .input(z.object({ customerId: z.uuid(), limit: z.number().int().min(1).max(500).optional() }))
    .query(async ({ ctx, input }) => {
      const customer = await findCustomerById(ctx.db, ctx.workspaceId, input.customerId);
      if (!customer) throw new TRPCError({ code: 'NOT_FOUND', message: 'customer not found' });
      const refusals = await listIdentityRefusals(ctx.db, ctx.workspaceId, customer.id, {
        limit: input.limit,
      });
      return refusals.map((refusal) => ({ ...refusal, id: refusal.id.toString() }));
    }),
});
