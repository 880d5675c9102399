'use client';

import { Button, Drawer, Group, Stack, Text } from '@mantine/core';
import type { JourneyDocument } from '@nudgeflow/journey';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { useEditorStore } from './editor-store';

/** Version history: open any published version read-only, or restore one as the draft (an undoable change). */
export function VersionsDrawer(props: {
  workspaceId: string;
  journeyId: string;
  opened: boolean;
  onClose(): void;
  onView(version: number, document: JourneyDocument): void;
  onRestored(): void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ref = { workspaceId: props.workspaceId, journeyId: props.journeyId };
  const versions = useQuery({
    ...trpc.journeyEditor.versions.queryOptions(ref),
    enabled: props.opened,
    staleTime: 0,
  });
  const restore = useMutation(trpc.journeyEditor.restoreVersion.mutationOptions());
  return (
    <Drawer opened={props.opened} onClose={props.onClose} title="Version history" position="right">
      <Stack gap="sm">
        {versions.data?.length === 0 ? <Text size="sm">Nothing published yet.</Text> : null}
        {versions.data?.map((version) => (
          <Stack
            key={version.version}
            gap={4}
            p="xs"
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}
          >
            <Text fw={600}>Version {version.version}</Text>
            <Text size="xs" c="gray.7">
              {new Date(version.publishedAt).toLocaleString()} · {version.publishedBy ?? 'unknown'}
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                onClick={async () => {
                  await useEditorStore.getState().flush();
                  const data = await queryClient.fetchQuery(
                    trpc.journeyEditor.version.queryOptions({ ...ref, version: version.version }),
                  );
                  props.onView(version.version, data.document as JourneyDocument);
                }}
              >
                Open read-only
              </Button>
              <Button
                size="xs"
                variant="light"
                loading={restore.isPending}
                onClick={async () => {
                  await useEditorStore.getState().flush();
                  const result = await restore.mutateAsync({
                    ...ref,
                    version: version.version,
                    baseRevision: useEditorStore.getState().revision,
                  });
                  if (result.ok) props.onRestored();
                }}
              >
                Restore as draft
              </Button>
            </Group>
          </Stack>
        ))}
        {restore.data && !restore.data.ok ? (
          <Text size="sm" c="red.9">
            {restore.data.reason === 'stale'
              ? 'The draft changed meanwhile: reload and try again.'
              : 'message' in restore.data
                ? restore.data.message
                : ''}
          </Text>
        ) : null}
      </Stack>
    </Drawer>
  );
}
