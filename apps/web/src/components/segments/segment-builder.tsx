'use client';

import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  NavLink,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import type { SegmentCondition } from '@nudgeflow/segments';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Archive, Plus, Save } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';
import { ConditionGroup } from './condition-group';
import { asRootGroup, emptyRoot } from './condition-tree';
import { SegmentPreview } from './segment-preview';

interface Draft {
  id: string | null;
  name: string;
  description: string;
  condition: SegmentCondition;
}

const NEW_DRAFT: Draft = { id: null, name: '', description: '', condition: emptyRoot() };

type FieldErrorList = readonly { field: string; message: string }[];

/** Segments list and editor: the draft is counted live (debounced) as it changes, saved on demand. */
export function SegmentBuilder({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const segments = useQuery(trpc.segments.list.queryOptions({ workspaceId }));
  const [draft, setDraft] = useState<Draft>(NEW_DRAFT);
  const [debouncedCondition] = useDebouncedValue(draft.condition, 400);
  const definition = { version: 1, condition: debouncedCondition };
  const preview = useQuery({
    ...trpc.segments.preview.queryOptions({
      workspaceId,
      definition,
      ...(draft.id ? { segmentId: draft.id } : {}),
    }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.segments.pathKey() });
  const onSaved = async (segment: { id: string; name: string }) => {
    setDraft((current) => ({ ...current, id: segment.id }));
    notifications.show({
      color: 'green',
      message: `Saved "${segment.name}"`,
      closeButtonProps: { 'aria-label': 'Hide notification' },
    });
    await refresh();
  };
  const create = useMutation(trpc.segments.create.mutationOptions({ onSuccess: onSaved }));
  const update = useMutation(trpc.segments.update.mutationOptions({ onSuccess: onSaved }));
  const archive = useMutation(
    trpc.segments.archive.mutationOptions({
      onSuccess: async () => {
        setDraft(NEW_DRAFT);
        await refresh();
      },
    }),
  );
  const saveError = draft.id ? update.error : create.error;
  const fieldErrors: FieldErrorList =
    (saveError?.data as { fieldErrors?: FieldErrorList } | undefined)?.fieldErrors ?? [];
  const previewErrors: FieldErrorList =
    (preview.error?.data as { fieldErrors?: FieldErrorList } | undefined)?.fieldErrors ?? [];
  const nameError =
    fieldErrors.find((error) => error.field === 'name')?.message ??
    (saveError?.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined)?.name?.[0];

  function save() {
    const fields = {
      workspaceId,
      name: draft.name,
      description: draft.description || null,
      definition: { version: 1, condition: draft.condition },
    };
    if (draft.id) update.mutate({ ...fields, segmentId: draft.id });
    else create.mutate(fields);
  }

  function confirmArchive() {
    if (!draft.id) return;
    const segmentId = draft.id;
    modals.openConfirmModal({
      title: `Archive "${draft.name}"?`,
      children: <Text size="sm">It stops being evaluated; journeys it starts get no new entries.</Text>,
      labels: { confirm: 'Archive', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => archive.mutate({ workspaceId, segmentId }),
    });
  }

  const others = (segments.data ?? []).filter((segment) => segment.id !== draft.id);

  return (
    <Group align="flex-start" wrap="nowrap" gap="lg">
      <Stack w={240} gap="xs" component="nav" aria-label="Segments">
        <Button leftSection={<Plus size={16} />} variant="light" onClick={() => setDraft(NEW_DRAFT)}>
          New segment
        </Button>
        {(segments.data ?? []).map((segment) => (
          <NavLink
            key={segment.id}
            label={segment.name}
            active={segment.id === draft.id}
            onClick={() =>
              setDraft({
                id: segment.id,
                name: segment.name,
                description: segment.description ?? '',
                condition: asRootGroup(segment.definition.condition),
              })
            }
          />
        ))}
        {segments.data?.length === 0 ? <Text size="sm">No segments yet.</Text> : null}
      </Stack>

      <Stack style={{ flex: 1, minWidth: 0 }} gap="md">
        <Group justify="space-between">
          <Title order={2}>{draft.id ? 'Edit segment' : 'New segment'}</Title>
          <Group gap="xs">
            {draft.id ? (
              <Button
                variant="subtle"
                color="red"
                leftSection={<Archive size={16} />}
                onClick={confirmArchive}
              >
                Archive
              </Button>
            ) : null}
            <Button
              leftSection={<Save size={16} />}
              onClick={save}
              loading={create.isPending || update.isPending}
            >
              Save segment
            </Button>
          </Group>
        </Group>
        <Group align="flex-start" grow>
          <TextInput
            label="Segment name"
            required
            value={draft.name}
            error={nameError}
            onChange={(event) => {
              const name = event.currentTarget.value;
              setDraft((current) => ({ ...current, name }));
            }}
          />
          <Textarea
            label="Description"
            autosize
            minRows={1}
            value={draft.description}
            onChange={(event) => {
              const description = event.currentTarget.value;
              setDraft((current) => ({ ...current, description }));
            }}
          />
        </Group>
        {saveError && !nameError ? (
          <Alert color="red" title="Not saved">
            {(fieldErrors.length > 0 ? fieldErrors : [{ field: '', message: saveError.message }]).map(
              (error) => (
                <Text size="sm" key={`${error.field}:${error.message}`}>
                  {error.field ? `${error.field}: ` : ''}
                  {error.message}
                </Text>
              ),
            )}
          </Alert>
        ) : null}
        <Group align="flex-start" wrap="nowrap" gap="md">
          <div style={{ flex: 1, minWidth: 0 }}>
            <ConditionGroup
              condition={draft.condition}
              onChange={(condition) => setDraft((current) => ({ ...current, condition }))}
              segments={others}
              name="Group 1"
              depth={0}
            />
          </div>
          <Card withBorder w={340} padding="md" aria-live="polite">
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600}>Members now</Text>
                {preview.isFetching ? <Loader size="xs" aria-label="Counting" /> : null}
              </Group>
              {preview.data && previewErrors.length === 0 && !preview.error ? (
                <Text size="xl" fw={700} data-testid="live-count">
                  {preview.data.count.toLocaleString('en-US')}
                </Text>
              ) : null}
              {preview.error ? (
                <Alert color="orange" title="Cannot count yet">
                  {(previewErrors.length > 0
                    ? previewErrors
                    : [{ field: '', message: preview.error.message }]
                  )
                    .slice(0, 4)
                    .map((error) => (
                      <Text size="xs" key={`${error.field}:${error.message}`}>
                        {error.field ? `${error.field.replace(/^definition\.condition\.?/, '')}: ` : ''}
                        {error.message}
                      </Text>
                    ))}
                </Alert>
              ) : null}
              {draft.id ? <Badge variant="light">saved</Badge> : null}
              <SegmentPreview
                workspaceId={workspaceId}
                segmentId={draft.id}
                sample={preview.error ? [] : (preview.data?.sample ?? [])}
              />
            </Stack>
          </Card>
        </Group>
      </Stack>
    </Group>
  );
}
