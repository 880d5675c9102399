'use client';

import { Badge, Code, Group, Image, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { BellRing } from 'lucide-react';
import { errorsFor, NumberField, SelectField } from '../form-fields';
import { KeyValueEntries } from '../key-value-entries';
import { ActionList, actionsOf } from './action-list';
import {
  LIQUID_HINT,
  str,
  type ChannelSettingsProps,
  type ChannelUi,
  type ChannelVariantProps,
} from './channel-ui';
import { VariantText } from './variant-text';

type Urgency = 'very-low' | 'low' | 'normal' | 'high';

function PushSettings(props: ChannelSettingsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <NumberField
        name="ttlSeconds"
        label="Time to live (seconds)"
        hint="How long the push service keeps an undelivered message."
        value={props.content.ttlSeconds}
        onChange={(ttlSeconds) => props.onChange({ ...props.content, ttlSeconds })}
        errors={errorsFor(props.errors, 'ttlSeconds')}
      />
      <SelectField<Urgency>
        name="urgency"
        label="Urgency"
        value={(props.content.urgency as Urgency | undefined) ?? 'normal'}
        options={['very-low', 'low', 'normal', 'high']}
        onChange={(urgency) => props.onChange({ ...props.content, urgency })}
        errors={errorsFor(props.errors, 'urgency')}
      />
    </SimpleGrid>
  );
}

function recordOf(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

function PushVariant(props: ChannelVariantProps) {
  const path = (name: string) => `variants.${props.locale}.${name}`;
  return (
    <Stack>
      <VariantText {...props} name="title" label="Title" hint={LIQUID_HINT} />
      <VariantText {...props} name="body" label="Body" multiline={3} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <VariantText {...props} name="icon" label="Icon URL" placeholder="https://shop.example/icon.png" />
        <VariantText {...props} name="image" label="Image URL" placeholder="https://shop.example/hero.jpg" />
      </SimpleGrid>
      <VariantText
        {...props}
        name="url"
        label="Deep link (opened on click)"
        placeholder="{{ product.url }}"
      />
      <ActionList
        label="Action buttons (at most two)"
        withId
        actions={actionsOf(props.variant.actions)}
        onChange={(actions) => props.onChange({ ...props.variant, actions })}
        errors={errorsFor(props.errors, path('actions'))}
      />
      {/* Custom push data (promo code, cart id …); values are Liquid. */}
      <KeyValueEntries
        legend="Data for the service worker (e.g. promo_code)"
        entries={recordOf(props.variant.data)}
        onChange={(data) => props.onChange({ ...props.variant, data })}
        errors={errorsFor(props.errors, path('data'))}
        keyLabel={(row) => `Data key ${row}`}
        valueLabel={(row) => `Data value ${row}`}
        keyPlaceholder="promo_code"
        valuePlaceholder="{{ promo_code }}"
        newKeyPrefix="key_"
        addLabel="Add data"
      />
    </Stack>
  );
}

function RenderedPush({ message }: { message: Record<string, unknown> }) {
  const payload = (message.payload ?? {}) as Record<string, unknown>;
  const actions = actionsOf(payload.actions);
  return (
    <Stack data-channel="push">
      <Paper withBorder shadow="xs" radius="md" p="sm" maw={420}>
        <Group align="flex-start" wrap="nowrap">
          {str(payload.icon) ? <Image src={str(payload.icon)} alt="" w={40} h={40} radius="sm" /> : null}
          <Stack gap={4}>
            <Text fw={600} data-testid="preview-subject">
              {str(payload.title)}
            </Text>
            <Text size="sm">{str(payload.body)}</Text>
            {str(payload.image) ? <Image src={str(payload.image)} alt="" radius="sm" /> : null}
            {actions.length > 0 ? (
              <Group gap="xs">
                {actions.map((action) => (
                  <Badge key={action.title} variant="outline">
                    {action.title}
                  </Badge>
                ))}
              </Group>
            ) : null}
          </Stack>
        </Group>
      </Paper>
      <Code block tabIndex={0}>
        {JSON.stringify(
          { url: payload.url, data: payload.data, ttlSeconds: message.ttlSeconds, urgency: message.urgency },
          null,
          2,
        )}
      </Code>
    </Stack>
  );
}

export const pushUi: ChannelUi = {
  id: 'push',
  label: 'Web push',
  icon: BellRing,
  starterContent: () => ({
    variants: {
      en: {
        title: 'Still thinking it over?',
        body: 'Your cart is waiting.',
        url: '',
        icon: '',
        image: '',
        actions: [],
        data: {},
      },
    },
    ttlSeconds: 86_400,
    urgency: 'normal',
  }),
  settingsFields: ['ttlSeconds', 'urgency'],
  Settings: PushSettings,
  Variant: PushVariant,
  Rendered: RenderedPush,
  testSend: {
    explanation: 'Sends the push to the browsers subscribed for the customer profile you pick as yourself.',
  },
};
