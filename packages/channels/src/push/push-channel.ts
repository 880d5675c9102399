import { createHash } from 'node:crypto';
import { defineChannel } from '../define-channel';
import { pushDescriptor } from './descriptor';
import type { Channel, ChannelTemplate, RenderContext, SendResult, SendTarget } from '../channel';
import { PushContent } from '../templates/content';
import { renderLiquid } from '../templates/liquid';
import { pickVariant } from '../templates/locale';
import { deletePushSubscription } from '@nudgeflow/db';
import { PushTransport } from './push-transport';

/** What the service worker receives (packages/sdk-browser reads exactly this shape). */
export interface PushPayload {
  title: string;
  body: string;
  icon?: string;
  image?: string;
  /** Deep link opened on click. */
  url?: string;
  actions: { action: string; title: string; url?: string }[];
  /** Custom data such as a promo code. */
  data: Record<string, string>;
  /** Send record id, reported back with clicks. */
  sendId: string;
}

export interface PushMessage {
  payload: PushPayload;
  ttlSeconds: number;
  urgency: PushContent['urgency'];
  locale: string;
}

export interface PushChannelDeps {
  transport: PushTransport;
  /** The push service answered 404/410: the subscription is gone for good. */
  removeSubscription(subscriptionId: string): Promise<void>;
}

export function createPushChannel(deps: PushChannelDeps): Channel<PushMessage> {
  return {
    ...pushDescriptor,
    reachability(profile) {
      return profile.pushSubscriptions.length > 0
        ? { reachable: true }
        : { reachable: false, reason: 'no push subscription' };
    },
    async render(
      template: ChannelTemplate,
      context: RenderContext,
      locale: string | null,
    ): Promise<PushMessage> {
      const content = PushContent.parse(template.content);
      const { locale: chosen, variant } = pickVariant(content, locale, context.defaultLocale);
      const field = (name: string) => `variants.${chosen}.${name}`;
      const render = (name: string, source: string) =>
        renderLiquid(field(name), source, context.variables, context.mode);
      const optional = async (name: string, source: string | undefined) => {
        if (source === undefined) return undefined;
        const value = (await render(name, source)).trim();
        return value === '' ? undefined : value;
      };
      const payload: PushPayload = {
        title: (await render('title', variant.title)).trim(),
        body: (await render('body', variant.body)).trim(),
        actions: await Promise.all(
          variant.actions.map(async (action, index) => ({
            action: action.action,
            title: await render(`actions.${index}.title`, action.title),
            ...(action.url ? { url: await render(`actions.${index}.url`, action.url) } : {}),
          })),
        ),
        data: Object.fromEntries(
          await Promise.all(
            Object.entries(variant.data).map(
              async ([key, value]) => [key, await render(`data.${key}`, value)] as const,
            ),
          ),
        ),
        sendId: context.sendId,
      };
      const icon = await optional('icon', variant.icon);
      const image = await optional('image', variant.image);
      const url = await optional('url', variant.url);
      if (icon) payload.icon = icon;
      if (image) payload.image = image;
      if (url) payload.url = url;
      return { payload, ttlSeconds: content.ttlSeconds, urgency: content.urgency, locale: chosen };
    },
    async send(message: PushMessage, idempotencyKey: string, target: SendTarget): Promise<SendResult> {
      const subscriptions = target.profile.pushSubscriptions;
      if (subscriptions.length === 0)
        return { ok: false, failure: { kind: 'unreachable', message: 'no push subscription' } };
      const body = Buffer.from(JSON.stringify(message.payload));
      // RFC 8030 Topic: at most 32 base64url characters.
      const topic = createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 32);
      const vapid = {
        subject: target.workspace.vapidSubject,
        publicKey: target.workspace.vapidPublicKey,
        privateKey: target.workspace.vapidPrivateKey,
      };
      const results = await Promise.all(
        subscriptions.map(async (subscription) => {
          try {
            const response = await deps.transport.send({
              endpoint: subscription.endpoint,
              p256dh: subscription.p256dh,
              auth: subscription.auth,
              payload: body,
              vapid,
              ttlSeconds: message.ttlSeconds,
              urgency: message.urgency,
              topic,
            });
            if (response.status === 404 || response.status === 410) {
              await deps.removeSubscription(subscription.id);
              return { outcome: 'gone' as const, status: response.status };
            }
            if (response.status >= 200 && response.status < 300) {
              return { outcome: 'sent' as const, status: response.status, location: response.location };
            }
            const retryable = response.status === 429 || response.status >= 500;
            return {
              outcome: retryable ? ('retryable' as const) : ('failed' as const),
              status: response.status,
              error: response.body.slice(0, 200),
            };
          } catch (error) {
            return { outcome: 'retryable' as const, status: 0, error: (error as Error).message };
          }
        }),
      );
      const sent = results.filter((result) => result.outcome === 'sent');
      const detail = {
        subscriptions: subscriptions.length,
        delivered: sent.length,
        removed: results.filter((result) => result.outcome === 'gone').length,
        failed: results.filter((result) => result.outcome === 'failed' || result.outcome === 'retryable')
          .length,
      };
      if (sent.length > 0) {
        return { ok: true, providerId: sent[0]?.location ?? `push:${sent.length}`, detail };
      }
      if (results.some((result) => result.outcome === 'retryable')) {
        const first = results.find((result) => result.outcome === 'retryable');
        return {
          ok: false,
          failure: {
            kind: 'retryable',
            message: `push service: ${first?.status} ${first?.error ?? ''}`.trim(),
          },
        };
      }
      if (results.every((result) => result.outcome === 'gone')) {
        return {
          ok: false,
          failure: { kind: 'unreachable', message: 'every push subscription has expired' },
        };
      }
      const first = results.find((result) => result.outcome === 'failed');
      return {
        ok: false,
        failure: {
          kind: 'permanent',
          message: `push service refused: ${first?.status} ${first?.error ?? ''}`.trim(),
        },
      };
    },
  };
}

/** The push channel's definition (registry.ts lists it); its pooled transport closes with the process. */
export const pushChannel = defineChannel(pushDescriptor, (services) => {
  const transport = new PushTransport(services.push);
  services.onClose(() => transport.close());
  return createPushChannel({
    transport,
    removeSubscription: (id) => deletePushSubscription(services.db, id),
  });
});
