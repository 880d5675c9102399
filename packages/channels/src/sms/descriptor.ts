import { defineChannelDescriptor } from '../descriptor';
import { SMS_STARTER } from '../templates/starters';
import { SmsContent } from '../templates/content';
import { smsSettingsDescriptor } from './settings';

export const smsDescriptor = defineChannelDescriptor({
  id: 'sms',
  label: 'SMS',
  consent: 'sms',
  countsTowardCaps: true,
  engagement: { opens: false, clicks: false, how: 'delivery receipts only' },
  interruptive: true,
  // Providers have no idempotency key for messages; a second request is a second text.
  onInterrupted: 'give-up',
  receipts: ['delivered'],
  starter: SMS_STARTER,
  testRecipient: 'phone',
  content: SmsContent,
  settings: smsSettingsDescriptor,
  test: { recipient: 'phone', label: 'Send a test SMS to' },
});
