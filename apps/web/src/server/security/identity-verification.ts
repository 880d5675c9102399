import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Identity verification: proof, made by the shop's own server with the workspace's identity verification
 * secret, that a browser really is the user it claims to be. The write key is public, so without this proof a
 * browser's `userId` is only a claim. Two forms are accepted:
 * - a user hash: HMAC-SHA256 of the userId (UTF-8) keyed with the secret, hex (Intercom's `user_hash`);
 * - an identity token: a JWT signed HS256 with the secret, `sub` = userId and `exp` required.
 * Comparisons are timing-safe; a token names its algorithm but only HS256 is ever accepted (never `none`).
 */

export type IdentityRefusalReason =
  | 'missing-proof'
  | 'malformed-proof'
  | 'wrong-signature'
  | 'wrong-subject'
  | 'expired-token'
  | 'token-without-exp'
  | 'unsupported-algorithm';

export type ProofCheck = { ok: true } | { ok: false; reason: IdentityRefusalReason };

const HEX_HASH = /^[0-9a-fA-F]{64}$/;
const MAX_PROOF_LENGTH = 4096;

/** The user hash the shop's server sends for `userId` (what docs/sdk.md's snippets compute). */
export function userHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** An HS256 identity token for `userId`, valid for `ttlSeconds` (the demo shop and tests make them). */
export function identityToken(secret: string, userId: string, ttlSeconds: number, now = new Date()): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(now.getTime() / 1000);
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: userId, iat, exp: iat + ttlSeconds })}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodeJson(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function checkToken(secret: string, userId: string, token: string, now: Date): ProofCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed-proof' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) return { ok: false, reason: 'malformed-proof' };
  // The header is the attacker's to write: only the one algorithm we sign with is accepted, whatever it says.
  if (header.alg !== 'HS256') return { ok: false, reason: 'unsupported-algorithm' };
  if (!/^[A-Za-z0-9_-]*$/.test(signaturePart)) return { ok: false, reason: 'malformed-proof' };
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  if (!sameBytes(Buffer.from(signaturePart, 'base64url'), expected))
    return { ok: false, reason: 'wrong-signature' };
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp))
    return { ok: false, reason: 'token-without-exp' };
  if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired-token' };
  if (typeof payload.nbf === 'number' && payload.nbf * 1000 > now.getTime())
    return { ok: false, reason: 'expired-token' };
  if (payload.sub !== userId) return { ok: false, reason: 'wrong-subject' };
  return { ok: true };
}

/** Whether `proof` (a user hash or an identity token) proves `userId` for the workspace whose secret this is. */
export function checkIdentityProof(
  secret: string,
  userId: string,
  proof: string | null | undefined,
  now = new Date(),
): ProofCheck {
  if (!secret) throw new Error('identity verification needs the workspace secret');
  if (proof === null || proof === undefined || proof === '') return { ok: false, reason: 'missing-proof' };
  if (proof.length > MAX_PROOF_LENGTH) return { ok: false, reason: 'malformed-proof' };
  if (HEX_HASH.test(proof)) {
    const expected = createHmac('sha256', secret).update(userId, 'utf8').digest();
    return sameBytes(Buffer.from(proof, 'hex'), expected)
      ? { ok: true }
      : { ok: false, reason: 'wrong-signature' };
  }
  return checkToken(secret, userId, proof, now);
}
