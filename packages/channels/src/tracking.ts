import {
  customerPreferences,
  recordReceipt,
  resubscribeCustomer,
  setTopicSubscription,
  unsubscribeCustomer,
  workspaceSigningSecret,
  type Db,
} from '@nudgeflow/db';
import { clickTargetMatches, readLinkToken, verifyLinkToken, type LinkPayload } from './links';

/**
 * What the web app's link routes do (apps/web/src/app/{t,u,api/unsubscribe}): verify the signed token
 * with its workspace's secret, then record the receipt or consent change. Kept here, beside the code that
 * signs the links, so the routes stay thin and the behaviour is tested without a Next.js server.
 */
export async function verifyMessageLink(db: Db, token: string): Promise<LinkPayload | null> {
  const unverified = readLinkToken(token);
  if (!unverified || !/^[0-9a-f-]{36}$/i.test(unverified.w)) return null;
  const secret = await workspaceSigningSecret(db, unverified.w);
  if (!secret) return null;
  return verifyLinkToken(token, secret);
}

/** A 1×1 transparent GIF: what the open pixel answers, whatever the token. */
export const TRACKING_PIXEL = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);

export async function recordOpen(
  db: Db,
  token: string,
  detail: { userAgent?: string } = {},
): Promise<boolean> {
  const payload = await verifyMessageLink(db, token);
  if (payload?.k !== 'o') return false;
  return recordReceipt(db, { sendId: payload.s, type: 'opened', detail: { ...detail } });
}

/**
 * Returns the URL to redirect to, or null when the token is not valid for this URL (the route answers
 * 400 instead of redirecting, so the tracker is never an open redirect).
 */
export async function recordClick(
  db: Db,
  token: string,
  url: string,
  detail: { userAgent?: string } = {},
): Promise<string | null> {
  const payload = await verifyMessageLink(db, token);
  if (!payload || !clickTargetMatches(payload, url) || payload.k !== 'c') return null;
  await recordReceipt(db, { sendId: payload.s, type: 'clicked', detail: { url, ...detail } });
  return url;
}

/** RFC 8058 one-click (POST) or the preferences page's "unsubscribe from this topic". */
export async function unsubscribeByToken(
  db: Db,
  token: string,
  scope: 'topic' | 'all',
  source: 'one-click' | 'preferences-page',
): Promise<boolean> {
  const payload = await verifyMessageLink(db, token);
  if (payload?.k !== 'u') return false;
  await unsubscribeCustomer(db, {
    workspaceId: payload.w,
    customerId: payload.c,
    topicKey: scope === 'all' ? 'all' : payload.t,
    source,
  });
  if (payload.s)
    await recordReceipt(db, {
      sendId: payload.s,
      type: 'unsubscribed',
      detail: { topic: scope === 'all' ? 'all' : payload.t, source },
    });
  return true;
}

export async function preferencesByToken(db: Db, token: string) {
  const payload = await verifyMessageLink(db, token);
  if (payload?.k !== 'u') return null;
  const preferences = await customerPreferences(db, { workspaceId: payload.w, customerId: payload.c });
  return preferences ? { ...preferences, topicKey: payload.t } : null;
}

/**
 * Saves the preferences form: the topics ticked stay subscribed, the others are left; "all" off
 * unsubscribes from everything, on resubscribes. Only topics that changed write a ConsentChange.
 */
export async function savePreferencesByToken(
  db: Db,
  token: string,
  form: { subscribedTopics: string[]; unsubscribeAll: boolean },
): Promise<boolean> {
  const payload = await verifyMessageLink(db, token);
  if (payload?.k !== 'u') return false;
  const current = await customerPreferences(db, { workspaceId: payload.w, customerId: payload.c });
  if (!current) return false;
  const base = { workspaceId: payload.w, customerId: payload.c };
  if (form.unsubscribeAll && !current.unsubscribedAll) {
    await unsubscribeCustomer(db, { ...base, topicKey: 'all', source: 'preferences-page' });
  } else if (!form.unsubscribeAll && current.unsubscribedAll) {
    await resubscribeCustomer(db, { ...base, source: 'preferences-page' });
  }
  const wanted = new Set(form.subscribedTopics);
  for (const topic of current.topics) {
    const subscribed = wanted.has(topic.key);
    if (subscribed !== topic.subscribed) {
      await setTopicSubscription(db, {
        ...base,
        topicKey: topic.key,
        subscribed,
        source: 'preferences-page',
      });
    }
  }
  return true;
}
