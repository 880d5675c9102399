import { defineChannelDescriptor } from '../descriptor';
import { EMAIL_STARTER } from '../templates/starters';
import { EmailContent } from '../templates/content';
import { smtpSettingsDescriptor } from './settings';

export const emailDescriptor = defineChannelDescriptor({
  id: 'email',
  label: 'Email',
  consent: 'email',
  countsTowardCaps: true,
  engagement: { opens: true, clicks: true, how: 'open pixel and tracked links' },
  // Mail waits in the inbox until it is read: it does not wake anyone at night.
  interruptive: false,
  // A second SMTP submission would put a second copy in the inbox.
  onInterrupted: 'give-up',
  receipts: ['opened', 'clicked', 'bounced', 'unsubscribed'],
  starter: EMAIL_STARTER,
  testRecipient: 'account-email',
  content: EmailContent,
  settings: smtpSettingsDescriptor,
  test: { recipient: 'email', label: 'Send a test email to' },
});
