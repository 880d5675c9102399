import { defineChannelDescriptor } from '../descriptor';
import { WEBHOOK_STARTER } from '../templates/starters';
import { WebhookContent } from '../templates/content';

export const webhookDescriptor = defineChannelDescriptor({
  id: 'webhook',
  label: 'Webhook',
  // A call to the shop's own systems, not a message to a person: no opt-in, no caps.
  consent: 'none',
  countsTowardCaps: false,
  engagement: { opens: false, clicks: false, how: 'no engagement' },
  interruptive: false,
  // Receivers get an Idempotency-Key header and are expected to deduplicate by it.
  onInterrupted: 'resend',
  receipts: [],
  starter: WEBHOOK_STARTER,
  creditsConversions: false,
  testRecipient: 'template-endpoint',
  content: WebhookContent,
  test: { recipient: 'url', label: 'Send a signed test webhook to' },
});
