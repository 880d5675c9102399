'use client';

import {
  ActionIcon,
  Alert,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { GovernanceSettings } from '@nudgeflow/channels';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Save, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../trpc/react';

const QUIET_CHANNELS = ['push', 'sms', 'email'];

/** Frequency caps and quiet hours, as every send checks them under the customer's lock. */
export function GovernancePanel({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stored = useQuery(trpc.settings.governance.queryOptions({ workspaceId }));
  const [draft, setDraft] = useState<GovernanceSettings | null>(null);
  useEffect(() => {
    if (stored.data && !draft) setDraft(stored.data);
  }, [stored.data, draft]);
  const save = useMutation(
    trpc.settings.saveGovernance.mutationOptions({
      onSuccess: async () => {
        notifications.show({
          color: 'green',
          message: 'Governance saved',
          closeButtonProps: { 'aria-label': 'Hide notification' },
        });
        await queryClient.invalidateQueries({ queryKey: trpc.settings.governance.queryKey() });
      },
    }),
  );
  if (!draft) return stored.error ? <Alert color="red">{stored.error.message}</Alert> : null;
  const fieldErrors = (save.error?.data as { fieldErrors?: { field: string; message: string }[] } | undefined)
    ?.fieldErrors;
  const problems = (fieldErrors ?? []).map(
    (error) => `${error.field.replace(/^governance\./, '')}: ${error.message}`,
  );
  const caps = draft.frequencyCaps;
  const setCaps = (frequencyCaps: GovernanceSettings['frequencyCaps']) =>
    setDraft({ ...draft, frequencyCaps });

  return (
    <Stack gap="md" maw={760}>
      <Title order={2} size="h4">
        Frequency caps
      </Title>
      <Text size="sm">
        At most this many marketing messages per customer in a rolling window. Channel “all” counts every
        channel.
      </Text>
      {caps.map((cap, index) => (
        <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={`Cap ${index + 1}: channel`}
            value={cap.channel}
            disabled={!canEdit}
            w={160}
            onChange={(event) =>
              setCaps(caps.map((c, at) => (at === index ? { ...c, channel: event.currentTarget.value } : c)))
            }
          />
          <NumberInput
            label={`Cap ${index + 1}: messages`}
            min={0}
            value={cap.max}
            disabled={!canEdit}
            w={150}
            onChange={(max) =>
              setCaps(caps.map((c, at) => (at === index ? { ...c, max: Number(max) || 0 } : c)))
            }
          />
          <NumberInput
            label={`Cap ${index + 1}: window (hours)`}
            min={1}
            value={cap.windowHours}
            disabled={!canEdit}
            w={180}
            onChange={(hours) =>
              setCaps(caps.map((c, at) => (at === index ? { ...c, windowHours: Number(hours) || 1 } : c)))
            }
          />
          {canEdit ? (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={`Remove cap ${index + 1}`}
              onClick={() => setCaps(caps.filter((_, at) => at !== index))}
            >
              <X size={16} />
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      {canEdit ? (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<Plus size={14} />}
            onClick={() => setCaps([...caps, { channel: 'email', max: 3, windowHours: 168 }])}
          >
            Add cap
          </Button>
        </Group>
      ) : null}

      <Title order={2} size="h4">
        Quiet hours
      </Title>
      <Switch
        label="Hold messages during quiet hours (customer's time zone)"
        checked={draft.quietHours !== null}
        disabled={!canEdit}
        onChange={(event) =>
          setDraft({
            ...draft,
            quietHours: event.currentTarget.checked
              ? { start: '21:00', end: '08:00', channels: ['push', 'sms'] }
              : null,
          })
        }
      />
      {draft.quietHours ? (
        <Group gap="xs" align="flex-end">
          <TextInput
            label="Quiet from (HH:MM)"
            w={150}
            value={draft.quietHours.start}
            disabled={!canEdit}
            onChange={(event) =>
              setDraft({ ...draft, quietHours: { ...draft.quietHours!, start: event.currentTarget.value } })
            }
          />
          <TextInput
            label="Until (HH:MM)"
            w={150}
            value={draft.quietHours.end}
            disabled={!canEdit}
            onChange={(event) =>
              setDraft({ ...draft, quietHours: { ...draft.quietHours!, end: event.currentTarget.value } })
            }
          />
          <MultiSelect
            label="Channels held"
            data={QUIET_CHANNELS}
            value={draft.quietHours.channels}
            disabled={!canEdit}
            w={260}
            onChange={(channels) => setDraft({ ...draft, quietHours: { ...draft.quietHours!, channels } })}
          />
        </Group>
      ) : null}
      {problems.length > 0 ? (
        <Alert color="red" title="Not saved">
          {problems.map((problem) => (
            <Text size="sm" key={problem}>
              {problem}
            </Text>
          ))}
        </Alert>
      ) : save.error ? (
        <Alert color="red">{save.error.message}</Alert>
      ) : null}
      {canEdit ? (
        <Group>
          <Button
            leftSection={<Save size={16} />}
            loading={save.isPending}
            onClick={() => save.mutate({ workspaceId, governance: draft })}
          >
            Save governance
          </Button>
        </Group>
      ) : (
        <Text size="sm">Only owners and admins change governance.</Text>
      )}
    </Stack>
  );
}
