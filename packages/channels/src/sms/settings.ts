import { z } from 'zod';
import type { ChannelSettingsDescriptor } from '../descriptor';

/**
 * A workspace's SMS provider: any that speaks Twilio's Messages API (sms-channel.ts). Browser-safe.
 * The provider URL is called from the server, so it goes through the outbound guard at save and at send.
 */
export const SmsSettings = z.object({
  baseUrl: z.url('A URL such as https://api.twilio.com').default('https://api.twilio.com'),
  accountSid: z.string().trim().min(1, 'Enter the account id'),
  authToken: z.string().min(1, 'Enter the auth token'),
  /** Sender number (E.164) or alphanumeric sender id. */
  from: z.string().trim().min(1, 'Enter the sender number or id'),
  statusCallbackUrl: z.url().optional(),
});
export type SmsSettings = z.infer<typeof SmsSettings>;

export const smsSettingsDescriptor: ChannelSettingsDescriptor = {
  title: 'provider account',
  schema: SmsSettings as z.ZodType<Record<string, unknown>>,
  fallback: 'SMS needs a provider account: until one is set, SMS steps fall through to the next channel.',
  fields: [
    {
      name: 'baseUrl',
      label: 'Provider URL',
      kind: 'url',
      placeholder: 'https://api.twilio.com',
      description: "Any provider that speaks Twilio's Messages API",
    },
    { name: 'accountSid', label: 'Account id (SID)', kind: 'text', required: true },
    { name: 'authToken', label: 'Auth token', kind: 'secret', required: true },
    { name: 'from', label: 'Sender number or id', kind: 'text', placeholder: '+15005550006', required: true },
  ],
};
