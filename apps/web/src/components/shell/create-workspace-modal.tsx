'use client';

import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';

/** "Create workspace": a second shop or a staging copy, with keys of its own and the creator as owner. */
export function CreateWorkspaceModal(props: { opened: boolean; onClose(): void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.workspace.create.mutationOptions({
      onSuccess: (workspace) => {
        setName('');
        props.onClose();
        router.push(`/w/${workspace.id}/journeys`);
        router.refresh();
      },
    }),
  );
  const fieldErrors = (create.error?.data?.zodError?.fieldErrors ?? {}) as Record<
    string,
    string[] | undefined
  >;
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Create workspace"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name });
        }}
      >
        <Stack>
          <Text size="sm">
            A workspace has its own customers, journeys, keys and team. You become its owner.
          </Text>
          <TextInput
            label="Workspace name"
            placeholder="Second shop"
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldErrors.name?.[0] ?? create.error?.message}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create workspace
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
