'use client';

import {
  Alert,
  Anchor,
  Button,
  Code,
  Divider,
  List,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { builtInChannelDescriptor } from '@nudgeflow/channels/descriptors';
import { useMutation } from '@tanstack/react-query';
import { CircleAlert, Eye, Send } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../trpc/react';
import { isTemplateChannel, type TemplateChannel } from './channel-meta';
import { channelUi } from './channels';
import { CustomerPicker } from './customer-picker';
import { CODE_STYLES, describeError, FieldErrors, type TemplateFieldError } from './form-fields';

interface PreviewPanelProps {
  workspaceId: string;
  templateId: string;
  channel: TemplateChannel;
  /** The editor has changes that are not saved yet: preview and test send use the saved version. */
  dirty: boolean;
  /** Bumped after every save, so an open preview re-renders with what was saved. */
  savedAt: number;
}

/**
 * Preview against a real customer (strict Liquid: an unknown variable is an error with its line) and a
 * test send to oneself, both of the saved template through packages/channels' authoring functions.
 */
export function PreviewPanel(props: PreviewPanelProps) {
  const trpc = useTRPC();
  const ui = channelUi(props.channel);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [selfCustomerId, setSelfCustomerId] = useState<string | null>(null);
  const [contextText, setContextText] = useState('');
  const [phone, setPhone] = useState('');
  const preview = useMutation(trpc.templates.preview.mutationOptions());
  const send = useMutation(trpc.templates.testSend.mutationOptions());

  const parsedContext = parseContext(contextText);
  const base =
    customerId && parsedContext.ok
      ? {
          workspaceId: props.workspaceId,
          templateId: props.templateId,
          customerId,
          ...(parsedContext.context ? { context: parsedContext.context } : {}),
        }
      : null;
  const previewErrors: TemplateFieldError[] = preview.data && !preview.data.ok ? preview.data.errors : [];
  const sendErrors: TemplateFieldError[] = send.data && !send.data.ok ? send.data.errors : [];
  const testRecipient = builtInChannelDescriptor(ui.id)?.testRecipient ?? 'own-profile';
  const needsSelf = testRecipient === 'own-profile';
  const rendered = preview.data?.ok ? preview.data : null;
  const Rendered =
    rendered && isTemplateChannel(rendered.channel) ? channelUi(rendered.channel).Rendered : null;

  // After a save, an open preview renders again, so what it shows is what was just saved.
  const lastPreview = useRef<typeof base>(null);
  const { mutate: renderPreview } = preview;
  useEffect(() => {
    if (lastPreview.current) renderPreview(lastPreview.current);
  }, [props.savedAt, renderPreview]);
  const runPreview = () => {
    if (!base) return;
    lastPreview.current = base;
    renderPreview(base);
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Preview and test send">
      <Stack>
        <Title order={2} size="h4">
          Preview
        </Title>
        {props.dirty ? (
          <Alert color="yellow" variant="light">
            Unsaved changes: the preview shows the saved version. Save to preview your edits.
          </Alert>
        ) : null}
        <CustomerPicker
          workspaceId={props.workspaceId}
          name="preview-customer"
          label="Render for customer"
          value={customerId}
          onChange={setCustomerId}
        />
        <Textarea
          label="Sample context (JSON; empty = the customer's latest event)"
          name="preview-context"
          autosize
          minRows={3}
          styles={CODE_STYLES}
          placeholder='{ "promo_code": "SAVE10" }'
          value={contextText}
          onChange={(event) => setContextText(event.currentTarget.value)}
          error={parsedContext.ok ? undefined : parsedContext.message}
        />
        <Button
          leftSection={<Eye size={16} aria-hidden />}
          disabled={!base}
          loading={preview.isPending}
          onClick={runPreview}
          w="fit-content"
        >
          Preview
        </Button>
        {preview.error ? <Alert color="red">{preview.error.message}</Alert> : null}
        {previewErrors.length > 0 ? (
          <Alert
            color="red"
            icon={<CircleAlert size={18} />}
            title="The template does not render for this customer"
            data-testid="preview-errors"
          >
            <List size="sm">
              {previewErrors.map((error, index) => (
                <List.Item key={index}>
                  <Code>{error.field}</Code> {describeError(error)}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {rendered && Rendered ? (
          <Rendered message={(rendered.message ?? {}) as Record<string, unknown>} />
        ) : null}
        {rendered && !Rendered ? (
          <Code block tabIndex={0}>
            {JSON.stringify(rendered.message, null, 2)}
          </Code>
        ) : null}

        <Divider my="sm" />
        <Title order={2} size="h4">
          Test send
        </Title>
        <Text size="sm" c="dimmed">
          {ui.testSend.explanation}
        </Text>
        {testRecipient === 'phone' ? (
          <TextInput
            label="Your phone number"
            name="test-phone"
            placeholder="+4915112345678"
            value={phone}
            onChange={(event) => setPhone(event.currentTarget.value)}
          />
        ) : null}
        {needsSelf ? (
          <CustomerPicker
            workspaceId={props.workspaceId}
            name="self-customer"
            autoSelect={false}
            label="You, as a customer of the shop"
            value={selfCustomerId}
            onChange={setSelfCustomerId}
          />
        ) : null}
        <Button
          variant="light"
          leftSection={<Send size={16} aria-hidden />}
          disabled={!base || (needsSelf && !selfCustomerId)}
          loading={send.isPending}
          w="fit-content"
          onClick={() =>
            base &&
            send.mutate({
              ...base,
              ...(phone ? { phone } : {}),
              ...(needsSelf && selfCustomerId ? { selfCustomerId } : {}),
            })
          }
        >
          Send test
        </Button>
        {send.error ? <Alert color="red">{inputErrorMessage(send.error)}</Alert> : null}
        <FieldErrors errors={sendErrors} />
        {send.data?.ok ? (
          <Alert color="green" role="status" data-testid="test-sent">
            Sent to {send.data.to}.{' '}
            {send.data.caught ? (
              <>
                No SMTP server is configured, so it was caught:{' '}
                <Anchor component={Link} href={`/w/${props.workspaceId}/mailbox`}>
                  open the Mailbox
                </Anchor>
                .
              </>
            ) : null}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

function parseContext(
  text: string,
): { ok: true; context: Record<string, unknown> | null } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, context: null };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, message: 'the sample context must be a JSON object' };
    return { ok: true, context: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
}

/** tRPC's BAD_REQUEST carries zod's per-field messages (see the errorFormatter in trpc.ts). */
function inputErrorMessage(error: {
  message: string;
  data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}): string {
  const fields = error.data?.zodError?.fieldErrors;
  const first = fields
    ? Object.entries(fields).find(([, messages]) => messages && messages.length > 0)
    : undefined;
  return first ? `${first[0]}: ${first[1]![0]}` : error.message;
}
