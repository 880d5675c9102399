import type { Db } from '@nudgeflow/db';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ChannelDefinitionError,
  DESCRIPTOR_PARTS,
  missingDescriptorParts,
  secretFieldsOf,
  type ChannelDescriptor,
} from './descriptor';
import { emailDescriptor } from './email/descriptor';
import { smsDescriptor } from './sms/descriptor';
import { BUILT_IN_CHANNEL_DESCRIPTORS } from './descriptors';
import { defineChannel, instantiateChannel, missingImplementationParts } from './define-channel';
import { BUILT_IN_CHANNELS, channelDefinitions, createBuiltInChannels } from './registry';
import { renderLiquid } from './templates/liquid';
import { SMS_STARTER } from './templates/starters';

// Building a channel opens nothing until it sends (nodemailer pools lazily, the push agent on first use).
const services = {
  db: {} as Db,
  email: { transport: 'smtp://127.0.0.1:1' },
  onClose: () => {},
};

describe('the channel registry', () => {
  it.each(BUILT_IN_CHANNELS.map((definition) => [definition.id, definition] as const))(
    '%s declares every part of a channel',
    (_id, definition) => {
      expect(missingDescriptorParts(definition as unknown as Record<string, unknown>)).toEqual([]);
      const channel = instantiateChannel(definition, services);
      expect(channel).not.toBeNull();
      expect(missingImplementationParts(channel!)).toEqual([]);
      for (const part of DESCRIPTOR_PARTS) expect(channel![part], part).toBe(definition[part]);
    },
  );

  it('the browser list names the same channels, in the same order, as the server registry', () => {
    expect(BUILT_IN_CHANNEL_DESCRIPTORS.map((descriptor) => descriptor.id)).toEqual(
      BUILT_IN_CHANNELS.map((definition) => definition.id),
    );
    for (const descriptor of BUILT_IN_CHANNEL_DESCRIPTORS) {
      const definition = BUILT_IN_CHANNELS.find((candidate) => candidate.id === descriptor.id)!;
      expect(definition.content).toBe(descriptor.content);
    }
  });

  it('names each missing part of a descriptor', () => {
    const { consent: _consent, content: _content, ...partial } = BUILT_IN_CHANNEL_DESCRIPTORS[0];
    expect(missingDescriptorParts(partial)).toEqual(['consent', 'content']);
    expect(missingDescriptorParts({ ...partial, engagement: { opens: true } })).toContain('engagement');
  });

  it('refuses a channel declared without a part, and one whose create leaves out send', () => {
    const descriptor = {
      id: 'acme.fax',
      label: 'Fax',
      consent: 'none' as const,
      countsTowardCaps: true,
      engagement: { opens: false, clicks: false, how: 'none' },
      interruptive: false,
      onInterrupted: 'give-up' as const,
      receipts: [],
      content: z.object({ body: z.string() }),
    };
    const { countsTowardCaps: _caps, ...lacking } = descriptor;
    expect(() => defineChannel(lacking as typeof descriptor, () => null)).toThrow(
      /acme\.fax.*countsTowardCaps/,
    );
    const noSend = defineChannel(
      descriptor,
      () =>
        ({
          reachability: () => ({ reachable: true }),
          render: async () => ({}),
        }) as never,
    );
    expect(() => instantiateChannel(noSend, services)).toThrow(ChannelDefinitionError);
    expect(() => instantiateChannel(noSend, services)).toThrow(/send/);
  });

  it('refuses a plugin channel that reuses a built-in id, and builds a plugin channel after the built-ins', () => {
    const clash = defineChannel({ ...BUILT_IN_CHANNEL_DESCRIPTORS[3] }, () => null);
    expect(() => channelDefinitions([clash])).toThrow(/already has this id/);

    const fax = defineChannel(
      {
        id: 'acme.fax',
        label: 'Fax',
        consent: 'none',
        countsTowardCaps: false,
        engagement: { opens: false, clicks: false, how: 'none' },
        interruptive: false,
        onInterrupted: 'give-up',
        receipts: [],
        content: z.object({ body: z.string() }),
      },
      () => ({
        reachability: () => ({ reachable: true }),
        render: async () => ({ body: 'hi' }),
        send: async () => ({ ok: true, providerId: 'fax-1' }),
      }),
    );
    const built = createBuiltInChannels({ db: {} as Db }, [fax]);
    // Email is built without a server SMTP too (a workspace may bring its own); the plugin comes last.
    expect(built.channels.map((channel) => channel.id)).toEqual([
      'push',
      'email',
      'in_app',
      'sms',
      'webhook',
      'acme.fax',
    ]);
    expect(built.channels.at(-1)?.countsTowardCaps).toBe(false);
    built.close();
  });
});

describe('channel settings and test sends', () => {
  it('declares a test on exactly the channels whose implementation can send one', () => {
    const built = createBuiltInChannels({ db: {} as Db });
    for (const channel of built.channels) {
      expect(typeof channel.sendTest === 'function', channel.id).toBe(channel.test !== undefined);
    }
    expect(built.channels.filter((channel) => channel.test).map((channel) => channel.id)).toEqual([
      'email',
      'sms',
      'webhook',
    ]);
    built.close();
  });

  it('lists every field of a settings schema in its form, secrets marked write-only', () => {
    for (const descriptor of BUILT_IN_CHANNEL_DESCRIPTORS) {
      const settings = (descriptor as ChannelDescriptor).settings;
      if (!settings) continue;
      const shape = (settings.schema as unknown as { shape: Record<string, unknown> }).shape;
      const formFields = settings.fields.map((field) => field.name);
      // statusCallbackUrl is an API-only SMS setting: every other schema key has an input.
      expect(
        Object.keys(shape).filter((key) => !formFields.includes(key) && key !== 'statusCallbackUrl'),
      ).toEqual([]);
      expect(formFields.every((name) => name in shape)).toBe(true);
    }
    expect(secretFieldsOf(emailDescriptor.settings!)).toEqual(['password']);
    expect(secretFieldsOf(smsDescriptor.settings!)).toEqual(['authToken']);
  });
});

describe('starter templates', () => {
  const liquidStrings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value.flatMap(liquidStrings)
        : value && typeof value === 'object'
          ? Object.values(value).flatMap(liquidStrings)
          : [];
  const links = { unsubscribe_url: 'https://a.test/u', preferences_url: 'https://a.test/p' };
  const nobody = { customer: { id: 'c1', email: null, first_name: null }, ...links };

  it.each(BUILT_IN_CHANNEL_DESCRIPTORS.map((descriptor) => [descriptor.id, descriptor] as const))(
    '%s starter is valid content and previews strictly for a customer and event without data',
    async (_id, descriptor) => {
      expect(descriptor.content.safeParse(descriptor.starter).success).toBe(true);
      const variants = (descriptor.starter as { variants: Record<string, unknown> }).variants;
      for (const source of liquidStrings(variants)) {
        const out = await renderLiquid('starter', source, nobody, 'preview');
        // Absent optional parts leave no hole behind.
        expect(out).not.toMatch(/ \.|: \.|for \./);
      }
    },
  );

  it('the SMS starter names the price when there is one, in the customer currency', async () => {
    const body = (SMS_STARTER.variants.en as { body: string }).body;
    const out = await renderLiquid(
      'body',
      body,
      { customer: { first_name: 'Ann', locale: 'en' }, product: { price: 55, currency: 'EUR' } },
      'preview',
    );
    expect(out).toBe('Hi Ann, your cart is waiting: €55.00. Reply STOP to opt out.');
  });
});
