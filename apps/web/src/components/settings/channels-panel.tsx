'use client';

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Divider,
  Group,
  NumberInput,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { BUILT_IN_CHANNEL_DESCRIPTORS, type ChannelDescriptor } from '@nudgeflow/channels/descriptors';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Copy, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { roleMay } from '../../server/api/permissions';
import { useTRPC } from '../../trpc/react';
import { ChannelSettingsForm } from './channel-settings-form';
import { ChannelTestSend } from './channel-test-send';

function Copyable({ value, label }: { value: string; label: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code style={{ wordBreak: 'break-all' }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`}>
            <ActionIcon variant="light" onClick={copy} aria-label={`Copy ${label}`}>
              {copied ? <Check size={16} /> : <Copy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `channels-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function WriteKeySection({
  workspaceId,
  writeKey,
  previous,
  canEdit,
}: {
  workspaceId: string;
  writeKey: string;
  previous: { writeKey: string; expiresAt: Date } | null;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<number | string>(24);
  const rotate = useMutation(
    trpc.settings.rotateWriteKey.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.channels.queryKey() }),
    }),
  );
  const overlapHours = typeof hours === 'number' ? hours : Number(hours);

  function confirmRotate() {
    modals.openConfirmModal({
      title: 'Rotate the write key?',
      children: (
        <Text size="sm">
          A new write key is created. The current one keeps working for {overlapHours} hours, time to deploy
          the new key to the shop; after that, events sent with it are refused.
        </Text>
      ),
      labels: { confirm: 'Rotate write key', cancel: 'Cancel' },
      onConfirm: () =>
        rotate.mutate({
          workspaceId,
          previousValidUntil: new Date(Date.now() + overlapHours * 60 * 60 * 1000),
        }),
    });
  }

  return (
    <Section title="Write key">
      <Text size="sm">
        Public key of the browser SDK and the /v1 event API. It is in the shop&apos;s pages, so it is not a
        secret, but rotate it when events arrive from where they should not.
      </Text>
      <Copyable value={writeKey} label="write key" />
      {previous ? (
        <Alert color="yellow" title="Previous write key still accepted" data-testid="previous-write-key">
          <Group gap="xs">
            <Code>{previous.writeKey}</Code>
            <Text size="sm">until {new Date(previous.expiresAt).toLocaleString()}</Text>
          </Group>
        </Alert>
      ) : null}
      {canEdit ? (
        <Group align="flex-end">
          <NumberInput
            label="Keep the old key working for (hours)"
            id="write-key-overlap-hours"
            min={0}
            max={720}
            allowDecimal={false}
            value={hours}
            onChange={setHours}
            error={rotate.error?.data?.fieldErrors?.[0]?.message}
            w={280}
          />
          <Button
            leftSection={<RefreshCw size={16} />}
            variant="light"
            onClick={confirmRotate}
            loading={rotate.isPending}
            disabled={!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 720}
          >
            Rotate write key
          </Button>
        </Group>
      ) : null}
    </Section>
  );
}

function SigningSecretSection({
  workspaceId,
  isSet,
  canEdit,
  webhook,
}: {
  workspaceId: string;
  isSet: boolean;
  canEdit: boolean;
  webhook: ChannelDescriptor | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const regenerate = useMutation(
    trpc.settings.regenerateSigningSecret.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.settings.channels.queryKey() }),
    }),
  );
  function confirmRegenerate() {
    modals.openConfirmModal({
      title: 'Regenerate the signing secret?',
      children: (
        <Text size="sm">
          Webhook receivers must use the new secret to check signatures, and unsubscribe and tracking links in
          messages already sent stop working.
        </Text>
      ),
      labels: { confirm: 'Regenerate secret', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => regenerate.mutate({ workspaceId }),
    });
  }
  return (
    <Section title="Webhook signing secret">
      <Text size="sm">
        Signs every webhook (<Code>Nudgeflow-Signature</Code> header) and the links in messages. It is kept
        encrypted on the server and never shown.
      </Text>
      <Group>
        {isSet ? <Badge color="teal.9">set</Badge> : <Badge color="gray.7">not set</Badge>}
        {regenerate.isSuccess ? (
          <Text size="sm" c="teal.9" role="status">
            A new secret is in use.
          </Text>
        ) : null}
        {canEdit ? (
          <Button variant="subtle" color="red" onClick={confirmRegenerate} loading={regenerate.isPending}>
            Regenerate secret
          </Button>
        ) : null}
      </Group>
      {canEdit && webhook?.test ? <ChannelTestSend workspaceId={workspaceId} descriptor={webhook} /> : null}
    </Section>
  );
}

/**
 * Settings → Channels: the workspace's public keys, its own SMTP server and SMS provider (forms drawn from
 * the channel descriptors), the webhook signing secret and test sends. Secrets are write-only here.
 */
export function ChannelsPanel({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.settings.channels.queryOptions({ workspaceId }));
  const current = useQuery(trpc.workspace.current.queryOptions({ workspaceId }));
  const canEdit = current.data ? roleMay(current.data.role, 'channels.write') : false;
  const data = channels.data;
  const configurable = BUILT_IN_CHANNEL_DESCRIPTORS.filter(
    (descriptor): descriptor is (typeof BUILT_IN_CHANNEL_DESCRIPTORS)[number] =>
      (descriptor as ChannelDescriptor).settings !== undefined,
  ) as readonly ChannelDescriptor[];
  const webhook = BUILT_IN_CHANNEL_DESCRIPTORS.find(
    (descriptor) => (descriptor as ChannelDescriptor).test?.recipient === 'url',
  ) as ChannelDescriptor | undefined;

  if (channels.error) return <Alert color="red">{channels.error.message}</Alert>;
  if (!data) return <Text size="sm">Loading…</Text>;
  return (
    <Stack gap="md">
      <WriteKeySection
        workspaceId={workspaceId}
        writeKey={data.writeKey}
        previous={data.previousWriteKey}
        canEdit={canEdit}
      />
      <Section title="Web push">
        <Text size="sm">
          The VAPID public key browsers subscribe with (the SDK fetches it itself; copy it for a service
          worker of your own). The private key stays encrypted on the server.
        </Text>
        <Copyable value={data.vapidPublicKey} label="VAPID public key" />
      </Section>
      {configurable.map((descriptor) => (
        <Paper withBorder p="md" key={descriptor.id}>
          <Stack gap="md">
            <ChannelSettingsForm
              workspaceId={workspaceId}
              descriptor={descriptor}
              stored={data.channels[descriptor.id]}
              canEdit={canEdit}
            />
            {canEdit && descriptor.test ? (
              <>
                <Divider />
                <ChannelTestSend workspaceId={workspaceId} descriptor={descriptor} />
              </>
            ) : null}
          </Stack>
        </Paper>
      ))}
      <SigningSecretSection
        workspaceId={workspaceId}
        isSet={data.signingSecret.isSet}
        canEdit={canEdit}
        webhook={webhook}
      />
    </Stack>
  );
}
