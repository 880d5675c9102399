import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { MessageLinks } from './channel';

/**
 * Signed links inside messages: unsubscribe/preferences (`/u/<token>`, one-click `POST
 * /api/unsubscribe/<token>`), the open pixel (`/t/o/<token>`) and click redirects (`/t/c/<token>?u=…`).
 *
 * A token is `base64url(JSON payload).base64url(HMAC-SHA256(workspace signing secret, payload part))`.
 * The payload names its workspace so a route can find the secret before verifying. Tokens do not expire:
 * unsubscribe links must keep working for as long as the mail sits in an inbox. The click token carries
 * a hash of its destination, so the redirect cannot be pointed anywhere else (no open redirect).
 */
export type LinkPayload =
  | { k: 'u'; w: string; c: string; s: string | null; t: string }
  | { k: 'o'; w: string; s: string }
  | { k: 'c'; w: string; s: string; h: string };

export function signLinkToken(payload: LinkPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** Reads a token without trusting it: use `verifyLinkToken` with the workspace's secret before acting. */
export function readLinkToken(token: string): LinkPayload | null {
  const [body] = token.split('.');
  if (!body || token.length > 2000) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkPayload;
    if (typeof payload !== 'object' || payload === null || typeof payload.w !== 'string') return null;
    if (!['u', 'o', 'c'].includes(payload.k)) return null;
    return payload;
  } catch {
    return null;
  }
}

export function verifyLinkToken(token: string, secret: string): LinkPayload | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return readLinkToken(token);
}

/** Whether `url` is the destination a click token was signed for. */
export function clickTargetMatches(payload: LinkPayload, url: string): boolean {
  return payload.k === 'c' && payload.h === urlHash(url) && /^https?:\/\//i.test(url);
}

export function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('base64url').slice(0, 22);
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** The links for one send, as templates and channels use them. */
export function messageLinks(input: {
  publicUrl: string;
  workspaceId: string;
  customerId: string;
  sendId: string;
  topicKey: string;
  secret: string;
}): MessageLinks {
  const base = input.publicUrl.replace(/\/$/, '');
  const unsubscribe = signLinkToken(
    { k: 'u', w: input.workspaceId, c: input.customerId, s: input.sendId, t: input.topicKey },
    input.secret,
  );
  const open = signLinkToken({ k: 'o', w: input.workspaceId, s: input.sendId }, input.secret);
  return {
    unsubscribeUrl: `${base}/api/unsubscribe/${unsubscribe}`,
    preferencesUrl: `${base}/u/${unsubscribe}`,
    openPixelUrl: `${base}/t/o/${open}`,
    trackClick(url: string) {
      const token = signLinkToken(
        { k: 'c', w: input.workspaceId, s: input.sendId, h: urlHash(url) },
        input.secret,
      );
      return `${base}/t/c/${token}?u=${encodeURIComponent(url)}`;
    },
  };
}
