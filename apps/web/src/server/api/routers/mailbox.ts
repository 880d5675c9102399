import { findCaughtEmail, listWorkspaceCaughtEmails } from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createTRPCRouter, permittedProcedure } from '../trpc';
import { mailIsCaught } from '../../mailbox/mailbox-catcher';
import { readableHeaders } from '../../mailbox/mailbox-headers';

const readProcedure = permittedProcedure('mailbox.read');

/** Mail the SMTP catcher kept for this workspace (sent by its journeys and test sends), newest first. */
export const mailboxRouter = createTRPCRouter({
  status: readProcedure.query(() => ({ catching: mailIsCaught() })),

  list: readProcedure
    .input(z.object({ cursor: z.uuid().optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) =>
      listWorkspaceCaughtEmails(ctx.db, {
        workspaceId: ctx.workspaceId,
        ...(input.cursor ? { cursor: input.cursor } : {}),
        ...(input.limit ? { limit: input.limit } : {}),
      }),
    ),

  get: readProcedure.input(z.object({ mailId: z.uuid() })).query(async ({ ctx, input }) => {
    const mail = await findCaughtEmail(ctx.db, { workspaceId: ctx.workspaceId, id: input.mailId });
    if (!mail) throw new TRPCError({ code: 'NOT_FOUND', message: 'mail not found' });
    return {
      id: mail.id,
      messageId: mail.messageId,
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: readableHeaders(mail.headers),
      sizeBytes: mail.sizeBytes,
      receivedAt: mail.receivedAt,
    };
  }),
});
