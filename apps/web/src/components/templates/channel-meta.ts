/**
 * What the editor knows about each built-in channel: its label and the content a new template starts
 * with. The content schemas themselves live in packages/channels (templates/content.ts), which validates
 * every save; this file only seeds the form, so the browser bundle never pulls in the server channels.
 */
export const TEMPLATE_CHANNELS = ['push', 'email', 'in_app', 'sms', 'webhook'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export const CHANNEL_LABELS: Record<TemplateChannel, string> = {
  push: 'Web push',
  email: 'Email',
  in_app: 'In-app',
  sms: 'SMS',
  webhook: 'Webhook',
};

export function isTemplateChannel(value: unknown): value is TemplateChannel {
  return typeof value === 'string' && (TEMPLATE_CHANNELS as readonly string[]).includes(value);
}

export type Variant = Record<string, unknown>;
export interface TemplateContent {
  defaultLocale?: string;
  variants: Record<string, Variant>;
  [setting: string]: unknown;
}

// Starters render for any customer under the strict preview: optional data is read inside `{% if %}`
// (lenient there), never through `| default`, which a strict engine never reaches for a missing variable.
const STARTER_MJML = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text font-size="20px">Hello{% if customer.first_name %} {{ customer.first_name }}{% endif %},</mj-text>
        <mj-text>{% if product %}{{ product.name }} is still in your cart.{% else %}Your cart is waiting for you.{% endif %}</mj-text>
        <mj-button href="{% if product %}{{ product.url }}{% else %}https://example.com/cart{% endif %}">Back to your cart</mj-button>
        <mj-text font-size="12px"><a href="{{ preferences_url }}">Email preferences</a> · <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

export function starterVariant(channel: TemplateChannel): Variant {
  switch (channel) {
    case 'push':
      return {
        title: 'Still thinking it over?',
        body: 'Your cart is waiting.',
        url: '',
        icon: '',
        image: '',
        actions: [],
        data: {},
      };
    case 'email':
      return { subject: 'Your cart is waiting', preheader: '', mjml: STARTER_MJML, text: '' };
    case 'in_app':
      return { title: 'Welcome back', html: '<p>Your cart is waiting.</p>', imageUrl: '', actions: [] };
    case 'sms':
      return {
        body: 'Hi{% if customer.first_name %} {{ customer.first_name }}{% endif %}, your cart is waiting. Reply STOP to opt out.',
      };
    case 'webhook':
      return { body: '{ "customer": "{{ customer.id }}", "email": "{{ customer.email }}" }' };
  }
}

export function starterContent(channel: TemplateChannel): TemplateContent {
  const variants = { en: starterVariant(channel) };
  switch (channel) {
    case 'push':
      return { variants, ttlSeconds: 86_400, urgency: 'normal' };
    case 'email':
      return { variants, tracking: true };
    case 'in_app':
      return { variants, layout: 'banner' };
    case 'sms':
      return { variants };
    case 'webhook':
      return {
        variants,
        url: 'https://example.com/hooks/nudgeflow',
        headers: {},
        timeoutMs: 10_000,
        maxAttempts: 4,
      };
  }
}

/**
 * Empty optional strings are dropped before saving: the schemas treat an absent icon as "none" but an
 * empty string as a value to render, and a URL field must not be an empty string.
 */
export function withoutEmptyStrings(content: TemplateContent): TemplateContent {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, item]) => item !== '' && item !== undefined)
          .map(([key, item]) => [key, clean(item)]),
      );
    }
    return value;
  };
  return clean(content) as TemplateContent;
}
