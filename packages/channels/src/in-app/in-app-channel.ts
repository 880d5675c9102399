import { createInAppMessage } from '@nudgeflow/db';
import sanitizeHtml from 'sanitize-html';
import { defineChannel } from '../define-channel';
import { inAppDescriptor } from './descriptor';
import type { Channel, ChannelTemplate, RenderContext, SendResult, SendTarget } from '../channel';
import { InAppContent } from '../templates/content';
import { renderLiquid } from '../templates/liquid';
import { pickVariant } from '../templates/locale';

export interface InAppMessageContent {
  title: string | null;
  html: string;
  imageUrl: string | null;
  actions: { title: string; url: string | null }[];
}

export interface InAppMessageDraft {
  layout: 'banner' | 'modal' | 'inbox';
  content: InAppMessageContent;
  expiresAt: Date | null;
  locale: string;
}

export interface InAppChannelDeps {
  /** Stores the message for the SDK; idempotent by sendId. Returns the in-app message id. */
  store(input: {
    workspaceId: string;
    customerId: string;
    sendId: string;
    layout: InAppMessageDraft['layout'];
    content: InAppMessageContent;
    expiresAt: Date | null;
  }): Promise<string>;
}

/**
 * Marketer HTML runs inside the shop's own page, so it is sanitised after Liquid rendering: no scripts,
 * no event handlers, no iframes, only http(s)/mailto links and https images.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'small',
    'span',
    'div',
    'h1',
    'h2',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'blockquote',
    'hr',
    'code',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    '*': ['class', 'style'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http'] },
  allowedStyles: {
    '*': {
      color: [/^#[0-9a-f]{3,8}$/i, /^rgb\([\d\s,.%]+\)$/i, /^[a-z]+$/i],
      'background-color': [/^#[0-9a-f]{3,8}$/i, /^rgb\([\d\s,.%]+\)$/i, /^[a-z]+$/i],
      'text-align': [/^(left|right|center|justify)$/],
      'font-weight': [/^(normal|bold|\d{3})$/],
      'font-size': [/^\d+(\.\d+)?(px|em|rem|%)$/],
    },
  },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
};

export function sanitizeInAppHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  return /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
}

export function createInAppChannel(deps: InAppChannelDeps): Channel<InAppMessageDraft> {
  return {
    ...inAppDescriptor,
    reachability: () => ({ reachable: true }),
    async render(
      template: ChannelTemplate,
      context: RenderContext,
      locale: string | null,
    ): Promise<InAppMessageDraft> {
      const content = InAppContent.parse(template.content);
      const { locale: chosen, variant } = pickVariant(content, locale, context.defaultLocale);
      const field = (name: string) => `variants.${chosen}.${name}`;
      const plain = (name: string, source: string) =>
        renderLiquid(field(name), source, context.variables, context.mode);
      const html = await renderLiquid(field('html'), variant.html, context.variables, context.mode, 'html');
      return {
        layout: content.layout,
        content: {
          title: variant.title ? (await plain('title', variant.title)).trim() : null,
          html: sanitizeInAppHtml(html),
          imageUrl: safeUrl(variant.imageUrl ? await plain('imageUrl', variant.imageUrl) : undefined),
          actions: await Promise.all(
            variant.actions.map(async (action, index) => ({
              title: (await plain(`actions.${index}.title`, action.title)).trim(),
              url: safeUrl(action.url ? await plain(`actions.${index}.url`, action.url) : undefined),
            })),
          ),
        },
        expiresAt: content.expiresInHours ? new Date(Date.now() + content.expiresInHours * 3600_000) : null,
        locale: chosen,
      };
    },
    async send(message: InAppMessageDraft, _idempotencyKey: string, target: SendTarget): Promise<SendResult> {
      const id = await deps.store({
        workspaceId: target.workspace.id,
        customerId: target.profile.customerId,
        sendId: target.sendId,
        layout: message.layout,
        content: message.content,
        expiresAt: message.expiresAt,
      });
      return { ok: true, providerId: id };
    },
  };
}

/** The inApp channel's definition (registry.ts lists it). */
export const inAppChannel = defineChannel(inAppDescriptor, (services) =>
  createInAppChannel({ store: (input) => createInAppMessage(services.db, input) }),
);
