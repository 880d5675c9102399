import { z } from 'zod';
import type { ChannelSettingsDescriptor } from '../descriptor';

/**
 * A workspace's own SMTP server. Browser-safe (zod only): the descriptor carries it to the settings form.
 * Without one, the server's SMTP_URL (or the development mail catcher) sends the workspace's email.
 */
export const SmtpSettings = z.object({
  host: z
    .string()
    .trim()
    .min(1, 'Enter the SMTP server')
    .regex(/^[a-z0-9.-]+$/i, 'A host name such as smtp.example.com'),
  port: z.coerce.number().int().min(1, 'A port from 1 to 65535').max(65535, 'A port from 1 to 65535'),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().trim().max(320).optional(),
  password: z.string().max(1000).optional(),
  fromAddress: z.email('An email address such as shop@example.com'),
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

export const smtpSettingsDescriptor: ChannelSettingsDescriptor = {
  title: 'SMTP server',
  schema: SmtpSettings as z.ZodType<Record<string, unknown>>,
  fallback: "Without a server of its own, the workspace's email goes through the server's SMTP_URL.",
  fields: [
    { name: 'host', label: 'SMTP server', kind: 'text', placeholder: 'smtp.example.com', required: true },
    { name: 'port', label: 'Port', kind: 'number', placeholder: '587', required: true },
    {
      name: 'secure',
      label: 'TLS from the start (port 465)',
      kind: 'switch',
      description: 'Off: STARTTLS when the server offers it (ports 587 and 25)',
    },
    { name: 'user', label: 'User name', kind: 'text' },
    { name: 'password', label: 'Password', kind: 'secret' },
    { name: 'fromAddress', label: 'Default From address', kind: 'email', required: true },
  ],
};
