import { z } from 'zod';

/**
 * What a Template row's `content` holds, per channel: a map of locale → variant (the texts marketers
 * translate) plus channel-wide settings that do not vary by language (TTL, layout, webhook URL …).
 * Locale keys are BCP 47 tags ("en", "fr", "fr-CA"); `defaultLocale` is the template's own fallback
 * before the workspace default.
 */
const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en" or "fr-CA"');

/** A variable path as templates write it: `product.name`, `customer.first_name`, `cart.items.0.id`. */
const VariablePath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'a variable path such as "product.name"');

export function localised<V extends z.ZodType>(variant: V) {
  return {
    defaultLocale: Locale.optional(),
    /**
     * Variables the message cannot do without: when one is absent or empty at send time the message is
     * not sent on this channel, the reason is recorded and the next channel is tried (docs/channels.md).
     */
    requires: z.array(VariablePath).max(50).default([]),
    variants: z
      .record(Locale, variant)
      .refine((variants) => Object.keys(variants).length > 0, 'at least one language variant'),
  };
}

/** Liquid text: bounded so a template cannot be used to store megabytes per row. */
const liquidText = (max: number) => z.string().max(max);

export const PushAction = z.object({
  action: z.string().min(1).max(64),
  title: liquidText(120).min(1),
  url: liquidText(2000).optional(),
});

export const PushVariant = z.object({
  title: liquidText(500).min(1),
  body: liquidText(2000).default(''),
  icon: liquidText(2000).optional(),
  image: liquidText(2000).optional(),
  /** Deep link opened on click. */
  url: liquidText(2000).optional(),
  actions: z.array(PushAction).max(2, 'browsers show at most two action buttons').default([]),
  /** Custom data for the service worker and the page it opens (e.g. promo_code). Values are Liquid. */
  data: z.record(z.string().min(1).max(64), liquidText(2000)).default({}),
});
export type PushVariant = z.infer<typeof PushVariant>;

export const PushContent = z.object({
  ...localised(PushVariant),
  /** How long the push service keeps an undelivered message. */
  ttlSeconds: z
    .number()
    .int()
    .min(0)
    .max(28 * 24 * 3600)
    .default(24 * 3600),
  urgency: z.enum(['very-low', 'low', 'normal', 'high']).default('normal'),
});
export type PushContent = z.infer<typeof PushContent>;

export const EmailVariant = z.object({
  subject: liquidText(500).min(1),
  preheader: liquidText(500).optional(),
  /** MJML source with Liquid inside text and attributes; compiled to HTML once at save. */
  mjml: liquidText(500_000).min(1),
  /** Plain-text part; derived from the HTML when absent. */
  text: liquidText(100_000).optional(),
});
export type EmailVariant = z.infer<typeof EmailVariant>;

export const EmailContent = z.object({
  ...localised(EmailVariant),
  fromName: z.string().max(200).optional(),
  fromAddress: z.email().optional(),
  replyTo: z.email().optional(),
  /** Rewrite links through the click tracker and add the open pixel. */
  tracking: z.boolean().default(true),
});
export type EmailContent = z.infer<typeof EmailContent>;

export const InAppVariant = z.object({
  title: liquidText(500).optional(),
  /** HTML body; sanitised after rendering. */
  html: liquidText(100_000).min(1),
  imageUrl: liquidText(2000).optional(),
  actions: z
    .array(z.object({ title: liquidText(120).min(1), url: liquidText(2000).optional() }))
    .max(2)
    .default([]),
});
export type InAppVariant = z.infer<typeof InAppVariant>;

export const InAppContent = z.object({
  ...localised(InAppVariant),
  layout: z.enum(['banner', 'modal', 'inbox']).default('banner'),
  expiresInHours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
});
export type InAppContent = z.infer<typeof InAppContent>;

export const SmsVariant = z.object({ body: liquidText(1600).min(1) });
export type SmsVariant = z.infer<typeof SmsVariant>;

export const SmsContent = z.object({ ...localised(SmsVariant) });
export type SmsContent = z.infer<typeof SmsContent>;

export const WebhookVariant = z.object({
  /** Liquid that must render to JSON. */
  body: liquidText(100_000).min(1),
});
export type WebhookVariant = z.infer<typeof WebhookVariant>;

export const WebhookContent = z.object({
  ...localised(WebhookVariant),
  url: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(2000)).default({}),
  timeoutMs: z.number().int().min(100).max(30_000).default(10_000),
  maxAttempts: z.number().int().min(1).max(6).default(4),
});
export type WebhookContent = z.infer<typeof WebhookContent>;

/** Maps the Template.channel enum to channel ids. */
export const CHANNEL_ID_BY_KIND = {
  PUSH: 'push',
  EMAIL: 'email',
  IN_APP: 'in_app',
  SMS: 'sms',
  WEBHOOK: 'webhook',
} as const;

export interface FieldError {
  field: string;
  message: string;
}
