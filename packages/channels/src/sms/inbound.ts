import { setSmsConsentByPhone, type Db } from '@nudgeflow/db';
import { smsKeyword } from './sms-channel';

/**
 * Handles an inbound SMS webhook (Twilio's `From`/`Body` form fields, after the route has verified the
 * signature with `verifyTwilioSignature`). STOP and its synonyms turn SMS consent off for every customer
 * with that number and record a ConsentChange (source "sms-stop"); START turns it back on. Returns the
 * reply to send back (TwiML), or null when the text is not a keyword.
 */
export async function handleInboundSms(
  db: Db,
  input: { workspaceId: string; from: string; body: string },
): Promise<{ keyword: 'stop' | 'start'; customersChanged: number; twiml: string } | null> {
  const keyword = smsKeyword(input.body);
  if (!keyword) return null;
  const customersChanged = await setSmsConsentByPhone(db, {
    workspaceId: input.workspaceId,
    phone: input.from,
    granted: keyword === 'start',
    source: keyword === 'stop' ? 'sms-stop' : 'sms-start',
  });
  const reply =
    keyword === 'stop'
      ? 'You are unsubscribed and will receive no further messages. Reply START to resubscribe.'
      : 'You are subscribed again. Reply STOP to unsubscribe.';
  return {
    keyword,
    customersChanged,
    twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${reply}</Message></Response>`,
  };
}
