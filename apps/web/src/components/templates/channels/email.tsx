'use client';

import { Box, Checkbox, Code, SimpleGrid, Spoiler, Stack, Text } from '@mantine/core';
import { Mail } from 'lucide-react';
import { errorsFor, TextField } from '../form-fields';
import {
  LIQUID_HINT,
  str,
  type ChannelSettingsProps,
  type ChannelUi,
  type ChannelVariantProps,
} from './channel-ui';
import { VariantText } from './variant-text';

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

function EmailSettings(props: ChannelSettingsProps) {
  const text = (name: string, label: string, placeholder?: string) => (
    <TextField
      name={name}
      label={label}
      value={props.content[name]}
      {...(placeholder ? { placeholder } : {})}
      onChange={(value) => props.onChange({ ...props.content, [name]: value })}
      errors={errorsFor(props.errors, name)}
    />
  );
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {text('fromName', 'From name', 'The Shop')}
        {text('fromAddress', 'From address', 'shop@example.com')}
        {text('replyTo', 'Reply-to')}
      </SimpleGrid>
      <Checkbox
        label="Track opens and clicks"
        checked={props.content.tracking !== false}
        onChange={(event) => props.onChange({ ...props.content, tracking: event.currentTarget.checked })}
      />
    </Stack>
  );
}

function EmailVariant(props: ChannelVariantProps) {
  return (
    <Stack>
      <VariantText {...props} name="subject" label="Subject" hint={LIQUID_HINT} />
      <VariantText {...props} name="preheader" label="Preheader (inbox preview text)" />
      <VariantText
        {...props}
        name="mjml"
        label="MJML"
        multiline={16}
        code
        hint="Compiled to HTML when you save; Liquid works in text and attributes."
      />
      <VariantText
        {...props}
        name="text"
        label="Plain-text part (derived from the HTML when empty)"
        multiline={5}
      />
    </Stack>
  );
}

function RenderedEmail({ message }: { message: Record<string, unknown> }) {
  const meta: [string, string, string?][] = [
    ['Subject', str(message.subject), 'preview-subject'],
    ['From', str(message.from)],
    ['Language', str(message.locale)],
  ];
  return (
    <Stack data-channel="email">
      <Stack gap={2}>
        {meta.map(([label, value, testId]) => (
          <Text key={label} size="sm">
            <Text span c="dimmed" size="sm">
              {label}:{' '}
            </Text>
            <span data-testid={testId}>{value}</span>
          </Text>
        ))}
      </Stack>
      <Box
        component="iframe"
        title="Email preview"
        sandbox=""
        srcDoc={str(message.html)}
        w="100%"
        h={480}
        bg="white"
        bd="1px solid var(--mantine-color-default-border)"
        style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      />
      <Spoiler maxHeight={0} showLabel="Show the plain-text part" hideLabel="Hide the plain-text part">
        <Code block tabIndex={0} style={{ whiteSpace: 'pre-wrap' }}>
          {str(message.text)}
        </Code>
      </Spoiler>
    </Stack>
  );
}

export const emailUi: ChannelUi = {
  id: 'email',
  label: 'Email',
  icon: Mail,
  starterContent: () => ({
    variants: { en: { subject: 'Your cart is waiting', preheader: '', mjml: STARTER_MJML, text: '' } },
    tracking: true,
  }),
  settingsFields: ['fromName', 'fromAddress', 'replyTo', 'tracking'],
  Settings: EmailSettings,
  Variant: EmailVariant,
  Rendered: RenderedEmail,
  testSend: {
    explanation:
      'Sends the rendered email to your own sign-in address. No send record is kept and no customer is messaged.',
  },
};
