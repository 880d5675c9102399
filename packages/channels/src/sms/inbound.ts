import { recordSmsDeliveryStatus, setSmsConsentByPhone, type Db } from '@nudgeflow/db';
import { smsKeyword } from './sms-channel';

/** TwiML that sends nothing back. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** TwiML replying with one text message. */
export function twimlReply(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escaped}</Message></Response>`;
}

const REPLIES = {
  stop: 'You are unsubscribed and will receive no further messages. Reply START to resubscribe.',
  start: 'You are subscribed again. Reply STOP to unsubscribe.',
  help: 'Reply STOP to unsubscribe, START to subscribe again.',
} as const;

/**
 * Handles an inbound SMS webhook (Twilio's `From`/`Body` form fields, after the route has verified the
 * signature with `verifyTwilioSignature`). STOP and its synonyms turn SMS consent off for every customer
 * with that number and record a ConsentChange (source "sms-stop"); START turns it back on; HELP only
 * answers. Returns the reply to send back (TwiML), or null when the text is not a keyword.
 */
export async function handleInboundSms(
  db: Db,
  input: { workspaceId: string; from: string; body: string },
): Promise<{ keyword: 'stop' | 'start' | 'help'; customersChanged: number; twiml: string } | null> {
  const keyword = smsKeyword(input.body);
  if (!keyword) return null;
  const customersChanged =
    keyword === 'help'
      ? 0
      : await setSmsConsentByPhone(db, {
          workspaceId: input.workspaceId,
          phone: input.from,
          granted: keyword === 'start',
          source: keyword === 'stop' ? 'sms-stop' : 'sms-start',
        });
  return { keyword, customersChanged, twiml: twimlReply(REPLIES[keyword]) };
}

/** Twilio's MessageStatus values; only the final ones produce receipts. */
const FINAL_STATUSES = new Set(['delivered', 'undelivered', 'failed']);
const KNOWN_STATUSES = new Set([
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'receiving',
  'received',
  'read',
  'canceled',
  ...FINAL_STATUSES,
]);

export type SmsStatusOutcome =
  | { kind: 'recorded'; status: 'delivered' | 'undelivered' | 'failed' }
  | { kind: 'ignored'; status: string }
  | { kind: 'unknown-message' }
  | { kind: 'invalid'; field: string; message: string };

/**
 * A delivery status callback (`MessageSid`, `MessageStatus`, `ErrorCode` form fields, signature already
 * verified): `delivered` → `delivered` receipt; `undelivered`/`failed` → `bounced` receipt with the
 * error code and the send FAILED. Intermediate states (queued, sent …) are acknowledged and ignored.
 */
export async function handleSmsStatusCallback(
  db: Db,
  input: { workspaceId: string; params: Record<string, string> },
): Promise<SmsStatusOutcome> {
  const sid = input.params.MessageSid ?? input.params.SmsSid ?? '';
  const status = (input.params.MessageStatus ?? input.params.SmsStatus ?? '').toLowerCase();
  if (!/^[A-Za-z]{2}[0-9a-fA-F]{32}$/.test(sid))
    return {
      kind: 'invalid',
      field: 'MessageSid',
      message: 'must be a message SID (two letters, 32 hex digits)',
    };
  if (!KNOWN_STATUSES.has(status))
    return { kind: 'invalid', field: 'MessageStatus', message: 'is not a known message status' };
  if (!FINAL_STATUSES.has(status)) return { kind: 'ignored', status };
  const errorCode = input.params.ErrorCode?.trim() || null;
  const found = await recordSmsDeliveryStatus(db, {
    workspaceId: input.workspaceId,
    providerMessageId: sid,
    status: status as 'delivered' | 'undelivered' | 'failed',
    errorCode: errorCode && /^\d{1,10}$/.test(errorCode) ? errorCode : null,
  });
  return found
    ? { kind: 'recorded', status: status as 'delivered' | 'undelivered' | 'failed' }
    : { kind: 'unknown-message' };
}
