import {
  findIdentityVerification,
  getDb,
  recordIdentityRefusals,
  type IdentityRefusalInput,
  type IdentityVerification,
} from '@nudgeflow/db';
import { asAnonymousActivity, type IngestMessage } from '@nudgeflow/ingest';
import { HttpError } from '../http/responses';
import { checkIdentityProof } from './identity-verification';

/**
 * Where identity verification is enforced for the public write key (docs/security.md). A call that claims a
 * userId without valid proof is kept as the browser's anonymous activity only, and the refusal is recorded;
 * calls made with a secret API key never come here (the shop's own server is trusted).
 */

/** The header the browser SDK (or a shop's own fetch) may carry the proof in, for every message of a call. */
export const USER_HASH_HEADER = 'x-nudgeflow-user-hash';

export interface GatedMessages {
  messages: IngestMessage[];
  /** Messages whose userId claim was refused (kept as anonymous activity, or dropped without an anonymousId). */
  refused: number;
}

/** Applies identity verification to the messages of one write-key request. */
export async function gateIngestedClaims(
  workspaceId: string,
  messages: IngestMessage[],
  options: { headerProof: string | null; source: string; now?: Date },
): Promise<GatedMessages> {
  const policy = await findIdentityVerification(getDb(), workspaceId);
  if (!policy.required) return { messages, refused: 0 };
  const now = options.now ?? new Date();
  const kept: IngestMessage[] = [];
  const refusals: IdentityRefusalInput[] = [];
  for (const message of messages) {
    if (message.userId === null) {
      kept.push({ ...message, unverified: true });
      continue;
    }
    const check = checkIdentityProof(
      policy.secret,
      message.userId,
      message.userProof ?? options.headerProof,
      now,
    );
    if (check.ok) {
      kept.push(message);
      continue;
    }
    refusals.push({
      workspaceId,
      claimedUserId: message.userId,
      anonymousId: message.anonymousId,
      reason: check.reason,
      source: `${options.source}:${message.type}`,
      at: now,
    });
    const anonymous = asAnonymousActivity(message);
    if (anonymous) kept.push(anonymous);
  }
  if (refusals.length > 0) await recordIdentityRefusals(getDb(), refusals);
  return { messages: kept, refused: refusals.length };
}

export interface VisitorClaim {
  anonymousId: string;
  userId?: string | undefined;
  userHash?: string | undefined;
}

/**
 * Whether a browser proved the userId it claims for an SDK route (in-app feed, stream, push). Returns the
 * proven userId, null when it claims none, and throws 403 (after recording the refusal) for a claim
 * without valid proof. With verification off, every claim is taken as it is, as before.
 */
export async function provenUserId(
  workspaceId: string,
  claim: VisitorClaim,
  source: string,
  policy?: IdentityVerification,
): Promise<string | null> {
  if (!claim.userId) return null;
  const verification = policy ?? (await findIdentityVerification(getDb(), workspaceId));
  if (!verification.required) return claim.userId;
  const check = checkIdentityProof(verification.secret, claim.userId, claim.userHash);
  if (check.ok) return claim.userId;
  await recordIdentityRefusals(getDb(), [
    {
      workspaceId,
      claimedUserId: claim.userId,
      anonymousId: claim.anonymousId,
      reason: check.reason,
      source,
    },
  ]);
  throw new HttpError(403, { field: 'userHash', message: `does not prove userId (${check.reason})` });
}

/**
 * The refusal for a browser that presents only the anonymous id of a customer who is identified: that
 * customer's messages need the proof of their userId.
 */
export async function refuseUnprovenVisitor(
  workspaceId: string,
  claim: { anonymousId: string; identifiedAs: string },
  source: string,
): Promise<never> {
  await recordIdentityRefusals(getDb(), [
    {
      workspaceId,
      claimedUserId: claim.identifiedAs,
      anonymousId: claim.anonymousId,
      reason: 'missing-proof',
      source,
    },
  ]);
  throw new HttpError(403, {
    field: 'userHash',
    message: 'is required: this visitor is an identified customer; send userId and userHash',
  });
}
