import { GovernanceSettings, governanceSettings } from '@nudgeflow/channels';
import {
  createApiKey,
  generateIdentitySecret,
  identityVerificationSummary,
  rotateIdentitySecret,
  setIdentityVerificationRequired,
  listApiKeys,
  readWorkspaceSettings,
  revokeApiKey,
  workspaceChannelSummary,
  writeWorkspaceSetting,
} from '@nudgeflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  clearWorkspaceChannelSettings,
  regenerateWorkspaceSigningSecret,
  rotateWorkspaceWriteKey,
  saveWorkspaceChannelSettings,
  sendChannelTest,
  type Outcome,
} from '../../channels/channel-settings';
import { createTRPCRouter, FieldErrors, permittedProcedure } from '../trpc';

/** The outcome's value, or the tRPC error its status means (field errors ride along for the form). */
function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new TRPCError({
    code: outcome.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST',
    message: outcome.errors[0]?.message ?? 'invalid input',
    cause: new FieldErrors(outcome.errors),
  });
}

const ChannelId = z.string().min(1).max(100);

/**
 * Settings: API keys, channels and governance. Only an API key's sha256 is stored, so the plain key is in exactly one response: the
 * one that creates it. Listings carry the display prefix, never the key or its hash.
 */
export const settingsRouter = createTRPCRouter({
  /** Public channel values and whether each secret is set; the secrets themselves never leave the server. */
  channels: permittedProcedure('channels.read').query(({ ctx }) =>
    workspaceChannelSummary(ctx.db, ctx.workspaceId),
  ),
  /** A channel's own settings (SMTP server, SMS provider); secret fields are write-only. */
  saveChannelSettings: permittedProcedure('channels.write')
    .input(
      z.object({
        channel: ChannelId,
        values: z.record(z.string(), z.unknown()),
        clearSecrets: z.array(z.string()).max(20).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      unwrap(await saveWorkspaceChannelSettings(ctx.db, { ...input, workspaceId: ctx.workspaceId })),
    ),
  /** Back to the server's defaults for this channel. */
  clearChannelSettings: permittedProcedure('channels.write')
    .input(z.object({ channel: ChannelId }))
    .mutation(async ({ ctx, input }) =>
      unwrap(await clearWorkspaceChannelSettings(ctx.db, ctx.workspaceId, input.channel)),
    ),
  /** Sends the channel's test message; a failed send is an answer (`ok: false` and why), not an error. */
  sendChannelTest: permittedProcedure('channels.write')
    .input(z.object({ channel: ChannelId, to: z.string().max(2000) }))
    .mutation(async ({ ctx, input }) =>
      unwrap(await sendChannelTest(ctx.db, { ...input, workspaceId: ctx.workspaceId })),
    ),
  regenerateSigningSecret: permittedProcedure('channels.write').mutation(({ ctx }) =>
    regenerateWorkspaceSigningSecret(ctx.db, ctx.workspaceId),
  ),
  /** A new write key; the old one keeps working until `previousValidUntil` (default: 24 hours from now). */
  rotateWriteKey: permittedProcedure('channels.write')
    .input(z.object({ previousValidUntil: z.coerce.date().optional() }))
    .mutation(async ({ ctx, input }) =>
      unwrap(
        await rotateWorkspaceWriteKey(ctx.db, {
          workspaceId: ctx.workspaceId,
          previousValidUntil: input.previousValidUntil ?? new Date(Date.now() + 24 * 60 * 60 * 1000),
        }),
      ),
    ),
  /** Frequency caps, quiet hours and rate limits as the sender reads them (defaults when none are set). */
  governance: permittedProcedure('governance.read').query(async ({ ctx }) =>
    governanceSettings(await readWorkspaceSettings(ctx.db, ctx.workspaceId)),
  ),
  /** Replaces the governance block; other keys of Workspace.settings are kept. */
  saveGovernance: permittedProcedure('governance.write')
    .input(z.object({ governance: GovernanceSettings }))
    .mutation(async ({ ctx, input }) => {
      await writeWorkspaceSetting(ctx.db, ctx.workspaceId, 'governance', input.governance);
      return input.governance;
    }),
  /** Whether write-key calls must prove their userId (docs/security.md); never the secret itself. */
  identityVerification: permittedProcedure('identityVerification.read').query(({ ctx }) =>
    identityVerificationSummary(ctx.db, ctx.workspaceId),
  ),
  setIdentityVerification: permittedProcedure('identityVerification.write')
    .input(z.object({ required: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await setIdentityVerificationRequired(ctx.db, ctx.workspaceId, input.required);
      return { required: input.required };
    }),
  /** A new identity secret, in this one response only (for the shop's server); the old one stops working. */
  rotateIdentitySecret: permittedProcedure('identityVerification.write').mutation(async ({ ctx }) => ({
    secret: await rotateIdentitySecret(ctx.db, ctx.workspaceId, generateIdentitySecret()),
  })),
  apiKeys: permittedProcedure('apiKeys.read').query(({ ctx }) => listApiKeys(ctx.db, ctx.workspaceId)),
  createApiKey: permittedProcedure('apiKeys.write')
    .input(z.object({ name: z.string().trim().min(1, 'Name the key').max(100, 'At most 100 characters') }))
    .mutation(async ({ ctx, input }) => {
      const { apiKey, plainKey } = await createApiKey(ctx.db, {
        workspaceId: ctx.workspaceId,
        name: input.name,
      });
      return { apiKey, plainKey };
    }),
  revokeApiKey: permittedProcedure('apiKeys.write')
    .input(z.object({ apiKeyId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const revoked = await revokeApiKey(ctx.db, ctx.workspaceId, input.apiKeyId);
      if (!revoked) throw new TRPCError({ code: 'NOT_FOUND', message: 'no live API key with this id' });
      return { revoked: true };
    }),
});
