import { randomUUID } from 'node:crypto';
import { saveTemplateWithCompile } from '../src/templates/authoring';
import type { BuiltInChannelId } from '../src/descriptors';
import type { Db } from '@nudgeflow/db';
import type { LocalPushService } from './push-service';

/** Customers and templates for channel integration tests, each in the caller's own workspace. */
export async function createCustomer(
  db: Db,
  workspaceId: string,
  fields: {
    email?: string;
    emailOptIn?: boolean;
    phone?: string;
    smsOptIn?: boolean;
    traits?: Record<string, unknown>;
    locale?: string;
    timezone?: string;
    unsubscribedAll?: boolean;
  } = {},
) {
  return db.customer.create({
    data: {
      workspaceId,
      userId: `user-${randomUUID()}`,
      email: fields.email ?? null,
      emailOptIn: fields.emailOptIn ?? Boolean(fields.email),
      phone: fields.phone ?? null,
      smsOptIn: fields.smsOptIn ?? Boolean(fields.phone),
      traits: (fields.traits ?? {}) as object,
      locale: fields.locale ?? null,
      timezone: fields.timezone ?? null,
      unsubscribedAll: fields.unsubscribedAll ?? false,
    },
  });
}

export async function subscribeToPush(
  db: Db,
  service: LocalPushService,
  workspaceId: string,
  customerId: string,
) {
  const subscription = service.subscribe();
  const row = await db.pushSubscription.create({
    data: {
      workspaceId,
      customerId,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
    },
  });
  return { ...subscription, rowId: row.id };
}

export async function createTemplate(
  db: Db,
  workspaceId: string,
  channel: BuiltInChannelId,
  content: unknown,
  topicKey = 'marketing',
) {
  const saved = await saveTemplateWithCompile(db, {
    workspaceId,
    name: `${channel} ${randomUUID()}`,
    channel,
    content,
    topicKey,
  });
  if (!saved.ok) throw new Error(`template invalid: ${JSON.stringify(saved.errors)}`);
  return saved.template;
}

export const pushTemplateContent = {
  variants: {
    en: {
      title: 'Still thinking about {{ product.name }}?',
      body: 'Hi {{ customer.first_name }}, it is {{ product.price | money }} today.',
      icon: 'https://shop.test/icon.png',
      image: '{{ product.image_url }}',
      url: '{{ product.url | utm: "cart" }}',
      actions: [{ action: 'open-cart', title: 'Open cart', url: 'https://shop.test/cart' }],
      data: { promo_code: '{{ promo_code }}' },
    },
    fr: {
      title: 'Vous pensez encore à {{ product.name }} ?',
      body: 'Bonjour {{ customer.first_name }}',
      data: { promo_code: '{{ promo_code }}' },
    },
  },
  ttlSeconds: 3600,
  urgency: 'high',
};

export const emailTemplateContent = {
  variants: {
    en: {
      subject: '{{ customer.first_name }}, your cart is waiting',
      mjml: `<mjml><mj-body><mj-section><mj-column>
<mj-text font-size="18px">Hello {{ customer.first_name }}</mj-text>
<mj-text>{{ product.name }} costs {{ product.price | money }}.</mj-text>
<mj-button href="{{ product.url }}">Back to your cart</mj-button>
<mj-text><a href="{{ preferences_url }}">Email preferences</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`,
    },
  },
  fromAddress: 'shop@shop.test',
  fromName: 'The Shop',
};
