'use client';

import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';

/** Names a new, empty journey; the canvas takes it from there. */
export function BlankJourneyModal(props: { workspaceId: string; opened: boolean; onClose(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.journeys.createBlank.mutationOptions({
      onSuccess: async (journey) => {
        notifications.show({ color: 'green', message: `“${journey.name}” created as a draft` });
        await queryClient.invalidateQueries({ queryKey: trpc.journeys.list.queryKey() });
        setName('');
        props.onClose();
      },
    }),
  );
  const fieldErrors = (create.error?.data?.zodError?.fieldErrors ?? {}) as Record<
    string,
    string[] | undefined
  >;
  const fieldError = fieldErrors.name?.[0] ?? create.error?.message;
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="New blank journey"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ workspaceId: props.workspaceId, name });
        }}
      >
        <Stack>
          <TextInput
            label="Journey name"
            placeholder="Spring sale reminder"
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldError}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create journey
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
