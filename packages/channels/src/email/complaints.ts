import { simpleParser } from 'mailparser';
import { recordReceipt, unsubscribeCustomer, type Db } from '@nudgeflow/db';
import { verifyMessageLink } from '../tracking';
import { reportPart } from './report-parts';

export type ComplaintResult =
  | { status: 'complaint'; sendId: string | null; unsubscribedFrom: string; feedbackType: string }
  | { status: 'unknown-send'; reason: string };

/**
 * A spam complaint: an ARF feedback report (RFC 5965, `multipart/report; report-type=feedback-report`)
 * from a mailbox provider's feedback loop, quoting our message. The quoted `List-Unsubscribe` link is
 * signed for the customer, send and topic, so it identifies whom to unsubscribe without trusting the
 * report's sender: the customer leaves the message's topic (ConsentChange source "complaint") and the
 * send gets an `unsubscribed` receipt. Returns null when the message is not a feedback report.
 */
export async function processComplaint(db: Db, raw: Buffer | string): Promise<ComplaintResult | null> {
  let boundary = '';
  try {
    const top = await simpleParser(raw, { skipHtmlToText: true, skipTextLinks: true });
    const contentType = top.headers.get('content-type') as
      { value?: string; params?: Record<string, string> } | undefined;
    if (contentType?.value?.toLowerCase() !== 'multipart/report') return null;
    if ((contentType.params?.['report-type'] ?? '').toLowerCase() !== 'feedback-report') return null;
    boundary = contentType.params?.boundary ?? '';
  } catch {
    return null;
  }
  const feedback = await reportPart(raw, boundary, /^message\/feedback-report$/i);
  if (feedback === null) return null;
  const feedbackType = /^feedback-type:\s*([\w-]+)/im.exec(feedback)?.[1]?.toLowerCase() ?? 'abuse';
  const original =
    (await reportPart(raw, boundary, /^message\/rfc822$/i)) ??
    (await reportPart(raw, boundary, /^text\/rfc822-headers$/i));
  if (original === null) return { status: 'unknown-send', reason: 'the report quotes no message' };
  const quoted = await simpleParser(Buffer.from(original, 'latin1'), { skipHtmlToText: true });
  // The raw line: mailparser folds List-* headers into a structure of its own.
  const text = quoted.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
  const token = /https?:\/\/[^>\s"]*\/api\/unsubscribe\/([\w.-]+)/.exec(text)?.[1];
  const payload = token ? await verifyMessageLink(db, token) : null;
  if (payload?.k !== 'u') {
    return { status: 'unknown-send', reason: 'the quoted message has no valid unsubscribe link of ours' };
  }
  await unsubscribeCustomer(db, {
    workspaceId: payload.w,
    customerId: payload.c,
    topicKey: payload.t,
    source: 'complaint',
  });
  if (payload.s) {
    await recordReceipt(db, {
      sendId: payload.s,
      type: 'unsubscribed',
      detail: { topic: payload.t, source: 'complaint', feedbackType },
    });
  }
  return { status: 'complaint', sendId: payload.s ?? null, unsubscribedFrom: payload.t, feedbackType };
}
