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
import { createTRPCRouter, permittedProcedure } from '../trpc';

/**
 * Settings: API keys, channels and governance. Only an API key's sha256 is stored, so the plain key is in exactly one response: the
 * one that creates it. Listings carry the display prefix, never the key or its hash.
 */
export const settingsRouter = createTRPCRouter({
  /** Public channel values and whether each secret is set; the secrets themselves never leave the server. */
  channels: permittedProcedure('channels.read').query(({ ctx }) =>
    workspaceChannelSummary(ctx.db, ctx.workspaceId),
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
