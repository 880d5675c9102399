/**
 * What a new template starts with, per built-in channel (each descriptor's `starter`). They show the
 * house style for data a customer or event may lack: optional parts inside `{% if %}` and left out whole
 * when absent (no stray "for ." or base-URL image), prices through `money`, and nothing required, so they
 * preview for any customer.
 */
const price = (before: string, after = '') =>
  `{% if product.price %}${before}{{ product.price | money: product.currency }}${after}{% endif %}`;
const hello = 'Hi{% if customer.first_name %} {{ customer.first_name }}{% endif %}';

export const PUSH_STARTER = {
  ttlSeconds: 86_400,
  urgency: 'normal',
  variants: {
    en: {
      title:
        '{% if product.name %}{{ product.name }} is still in your cart{% else %}Still thinking it over?{% endif %}',
      body: `Your cart is waiting${price(': ')}.`,
      image: '{% if product.image_url %}{{ product.image_url }}{% endif %}',
      url: '',
      actions: [],
      data: {},
    },
  },
};

export const EMAIL_STARTER = {
  tracking: true,
  variants: {
    en: {
      subject:
        '{% if product.name %}Still thinking about {{ product.name }}?{% else %}Your cart is waiting{% endif %}',
      mjml: `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text font-size="20px">${hello},</mj-text>
        <mj-text>{% if product.image_url %}<img src="{{ product.image_url }}" alt="{{ product.name }}" width="240" />{% endif %}</mj-text>
        <mj-text>{% if product.name %}{{ product.name }}${price(': ')} is still in your cart.{% else %}Your cart is waiting for you.{% endif %}</mj-text>
        <mj-button href="{% if product.url %}{{ product.url }}{% else %}https://example.com/cart{% endif %}">Back to your cart</mj-button>
        <mj-text font-size="12px"><a href="{{ preferences_url }}">Email preferences</a> · <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
    },
  },
};

export const IN_APP_STARTER = {
  layout: 'banner',
  variants: {
    en: {
      title: 'Welcome back',
      html: `<p>Your cart is waiting${price(' for <strong>', '</strong>')}.</p>`,
      imageUrl: '{% if product.image_url %}{{ product.image_url }}{% endif %}',
      actions: [],
    },
  },
};

export const SMS_STARTER = {
  variants: { en: { body: `${hello}, your cart is waiting${price(': ')}. Reply STOP to opt out.` } },
};

export const WEBHOOK_STARTER = {
  url: 'https://example.com/hooks/nudgeflow',
  headers: {},
  timeoutMs: 10_000,
  maxAttempts: 4,
  variants: {
    en: { body: '{ "customer": {{ customer.id | json }}, "email": {{ customer.email | json }} }' },
  },
};
