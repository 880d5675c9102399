'use client';

import { Button, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Archive } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTRPC } from '../../trpc/react';

/** Archived templates leave the list, and the message sender skips them: journeys using one fall through to their next channel. */
export function ArchiveTemplateButton(props: { workspaceId: string; templateId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const archive = useMutation(
    trpc.templates.archive.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
        router.push(`/w/${props.workspaceId}/templates`);
      },
    }),
  );
  return (
    <>
      <Button
        variant="subtle"
        color="red"
        ml="auto"
        leftSection={<Archive size={16} aria-hidden />}
        loading={archive.isPending}
        onClick={() =>
          modals.openConfirmModal({
            title: 'Archive this template?',
            children: <Text size="sm">Journeys that use it will skip it and try their next channel.</Text>,
            labels: { confirm: 'Archive', cancel: 'Keep it' },
            confirmProps: { color: 'red' },
            onConfirm: () => archive.mutate({ workspaceId: props.workspaceId, templateId: props.templateId }),
          })
        }
      >
        Archive
      </Button>
      {archive.error ? (
        <Text size="sm" c="red">
          {archive.error.message}
        </Text>
      ) : null}
    </>
  );
}
