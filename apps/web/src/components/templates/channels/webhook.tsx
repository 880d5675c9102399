'use client';

import { Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { Webhook } from 'lucide-react';
import { errorsFor, NumberField, TextField } from '../form-fields';
import { KeyValueEntries } from '../key-value-entries';
import { str, type ChannelSettingsProps, type ChannelUi, type ChannelVariantProps } from './channel-ui';
import { VariantText } from './variant-text';

function WebhookSettings(props: ChannelSettingsProps) {
  const set = (name: string, value: unknown) => props.onChange({ ...props.content, [name]: value });
  return (
    <Stack>
      <TextField
        name="url"
        label="URL"
        placeholder="https://example.com/hooks/nudgeflow"
        value={props.content.url}
        onChange={(value) => set('url', value)}
        errors={errorsFor(props.errors, 'url')}
      />
      <KeyValueEntries
        legend="Extra headers"
        entries={(props.content.headers as Record<string, string> | undefined) ?? {}}
        onChange={(headers) => set('headers', headers)}
        errors={errorsFor(props.errors, 'headers')}
        keyLabel={(row) => `Header ${row} name`}
        valueLabel={(row) => `Header ${row} value`}
        newKeyPrefix="X-Header-"
        addLabel="Add header"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberField
          name="timeoutMs"
          label="Timeout (ms)"
          value={props.content.timeoutMs}
          onChange={(value) => set('timeoutMs', value)}
          errors={errorsFor(props.errors, 'timeoutMs')}
        />
        <NumberField
          name="maxAttempts"
          label="Attempts"
          value={props.content.maxAttempts}
          onChange={(value) => set('maxAttempts', value)}
          errors={errorsFor(props.errors, 'maxAttempts')}
        />
      </SimpleGrid>
    </Stack>
  );
}

function WebhookVariant(props: ChannelVariantProps) {
  return (
    <VariantText
      {...props}
      name="body"
      label="JSON body (Liquid that must render to JSON)"
      multiline={10}
      code
    />
  );
}

function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function RenderedWebhook({ message }: { message: Record<string, unknown> }) {
  return (
    <Stack data-channel="webhook">
      <Text size="sm">
        POST <Code>{str(message.url)}</Code>
      </Text>
      <Code block tabIndex={0}>
        {prettyJson(str(message.body))}
      </Code>
    </Stack>
  );
}

export const webhookUi: ChannelUi = {
  id: 'webhook',
  label: 'Webhook',
  icon: Webhook,
  starterContent: () => ({
    variants: { en: { body: '{ "customer": "{{ customer.id }}", "email": "{{ customer.email }}" }' } },
    url: 'https://example.com/hooks/nudgeflow',
    headers: {},
    timeoutMs: 10_000,
    maxAttempts: 4,
  }),
  settingsFields: ['url', 'headers', 'timeoutMs', 'maxAttempts'],
  Settings: WebhookSettings,
  Variant: WebhookVariant,
  Rendered: RenderedWebhook,
  testSend: { explanation: 'Posts the rendered body to the webhook URL.' },
};
