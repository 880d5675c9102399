import {
  findCustomerById,
  getReachability,
  listCustomerEvents,
  listCustomers,
  listIdentityRefusals,
} from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createTRPCRouter, permittedProcedure } from '../trpc';

const readProcedure = permittedProcedure('customers.read');

export const customersRouter = createTRPCRouter({
  list: readProcedure
    .input(
      z.object({
        search: z.string().max(200).optional(),
        cursor: z.uuid().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      }),
    )
    .query(({ ctx, input }) => listCustomers(ctx.db, ctx.workspaceId, input)),
  get: readProcedure.input(z.object({ customerId: z.uuid() })).query(async ({ ctx, input }) => {
    const customer = await findCustomerById(ctx.db, ctx.workspaceId, input.customerId);
    if (!customer) throw new TRPCError({ code: 'NOT_FOUND', message: 'customer not found' });
    const [events, reachability] = await Promise.all([
      listCustomerEvents(ctx.db, customer.id, 50),
      getReachability(ctx.db, customer.id),
    ]);
    return { customer, events: events.map((event) => ({ ...event, id: event.id.toString() })), reachability };
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
