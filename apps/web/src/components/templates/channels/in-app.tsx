'use client';

import { Box, SimpleGrid, Stack, Text } from '@mantine/core';
import { AppWindow } from 'lucide-react';
import { errorsFor, NumberField, SelectField } from '../form-fields';
import { ActionList, actionsOf } from './action-list';
import { str, type ChannelSettingsProps, type ChannelUi, type ChannelVariantProps } from './channel-ui';
import { VariantText } from './variant-text';

type Layout = 'banner' | 'modal' | 'inbox';

function InAppSettings(props: ChannelSettingsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <SelectField<Layout>
        name="layout"
        label="Layout"
        value={(props.content.layout as Layout | undefined) ?? 'banner'}
        options={['banner', 'modal', 'inbox']}
        onChange={(layout) => props.onChange({ ...props.content, layout })}
        errors={errorsFor(props.errors, 'layout')}
      />
      <NumberField
        name="expiresInHours"
        label="Expires after (hours)"
        value={props.content.expiresInHours}
        onChange={(expiresInHours) => props.onChange({ ...props.content, expiresInHours })}
        errors={errorsFor(props.errors, 'expiresInHours')}
      />
    </SimpleGrid>
  );
}

function InAppVariant(props: ChannelVariantProps) {
  return (
    <Stack>
      <VariantText {...props} name="title" label="Title" />
      <VariantText
        {...props}
        name="html"
        label="HTML body (sanitised: no scripts, no iframes)"
        multiline={6}
        code
      />
      <VariantText {...props} name="imageUrl" label="Image URL" />
      <ActionList
        label="Buttons (at most two)"
        actions={actionsOf(props.variant.actions)}
        onChange={(actions) => props.onChange({ ...props.variant, actions })}
        errors={errorsFor(props.errors, `variants.${props.locale}.actions`)}
      />
    </Stack>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function RenderedInApp({ message }: { message: Record<string, unknown> }) {
  const content = (message.content ?? {}) as Record<string, unknown>;
  const actions = actionsOf(content.actions);
  const html = `${str(content.title) ? `<h3>${escapeHtml(str(content.title))}</h3>` : ''}${str(content.html)}`;
  return (
    <Stack data-channel="in_app">
      <Text size="sm" c="dimmed">
        Layout: {str(message.layout)}
      </Text>
      <Box
        component="iframe"
        title="In-app preview"
        sandbox=""
        srcDoc={html}
        w="100%"
        h={220}
        bg="white"
        bd="1px solid var(--mantine-color-default-border)"
        style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      />
      {actions.length > 0 ? (
        <Text size="sm">
          Buttons:{' '}
          {actions.map((action) => `${action.title}${action.url ? ` → ${action.url}` : ''}`).join(' · ')}
        </Text>
      ) : null}
    </Stack>
  );
}

export const inAppUi: ChannelUi = {
  id: 'in_app',
  label: 'In-app',
  icon: AppWindow,
  starterContent: () => ({
    variants: {
      en: { title: 'Welcome back', html: '<p>Your cart is waiting.</p>', imageUrl: '', actions: [] },
    },
    layout: 'banner',
  }),
  settingsFields: ['layout', 'expiresInHours'],
  Settings: InAppSettings,
  Variant: InAppVariant,
  Rendered: RenderedInApp,
  testSend: {
    explanation:
      'Shows the message to the customer profile you pick as yourself, next time they open the shop.',
  },
};
