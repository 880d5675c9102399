import { defineChannelDescriptor } from '../descriptor';
import { PUSH_STARTER } from '../templates/starters';
import { PushContent } from '../templates/content';

export const pushDescriptor = defineChannelDescriptor({
  id: 'push',
  label: 'Web push',
  consent: 'push',
  countsTowardCaps: true,
  engagement: { opens: false, clicks: true, how: 'notification clicks only' },
  interruptive: true,
  // The Topic header makes the push service replace an undelivered copy, so a resend is harmless.
  onInterrupted: 'resend',
  receipts: ['delivered', 'clicked'],
  starter: PUSH_STARTER,
  content: PushContent,
});
