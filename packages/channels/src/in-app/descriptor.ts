import { defineChannelDescriptor } from '../descriptor';
import { IN_APP_STARTER } from '../templates/starters';
import { InAppContent } from '../templates/content';

export const inAppDescriptor = defineChannelDescriptor({
  id: 'in_app',
  label: 'In-app message',
  // Shown only inside the shop, to a visitor who is there: topic consent is enough.
  consent: 'none',
  countsTowardCaps: true,
  engagement: { opens: true, clicks: true, how: 'read and click reports from the SDK' },
  interruptive: false,
  // The row is keyed by sendId: storing again finds the first one.
  onInterrupted: 'resend',
  receipts: ['opened', 'clicked'],
  starter: IN_APP_STARTER,
  content: InAppContent,
});
