'use client';

import { Paper, Stack, Text } from '@mantine/core';
import { MessageSquareText } from 'lucide-react';
import { str, type ChannelUi, type ChannelVariantProps } from './channel-ui';
import { VariantText } from './variant-text';

function SmsVariant(props: ChannelVariantProps) {
  return (
    <VariantText
      {...props}
      name="body"
      label="Message"
      multiline={4}
      hint="Keep it under 160 characters for one segment; include how to opt out."
    />
  );
}

function RenderedSms({ message }: { message: Record<string, unknown> }) {
  const body = str(message.body);
  return (
    <Stack data-channel="sms" gap="xs">
      <Paper radius="lg" p="sm" bg="var(--mantine-color-default-hover)" maw={360}>
        <Text size="sm" data-testid="preview-subject" style={{ whiteSpace: 'pre-wrap' }}>
          {body}
        </Text>
      </Paper>
      <Text size="sm" c="dimmed">
        {body.length} characters
      </Text>
    </Stack>
  );
}

export const smsUi: ChannelUi = {
  id: 'sms',
  label: 'SMS',
  icon: MessageSquareText,
  starterContent: () => ({
    variants: {
      en: {
        body: 'Hi{% if customer.first_name %} {{ customer.first_name }}{% endif %}, your cart is waiting. Reply STOP to opt out.',
      },
    },
  }),
  settingsFields: [],
  Settings: null,
  Variant: SmsVariant,
  Rendered: RenderedSms,
  testSend: { explanation: 'Sends the rendered text to the phone number you enter.' },
};
