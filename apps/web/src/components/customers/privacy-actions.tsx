'use client';

import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { Download, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';

/** Saves `data` as a JSON file through a temporary link (nothing is kept in the page). */
function downloadJson(fileName: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * Data-subject requests from the profile: export everything as JSON, and erase with a typed confirmation.
 * Both run the privacy API's own code on the server (server/privacy).
 */
export function PrivacyActions(props: {
  workspaceId: string;
  customerId: string;
  erasePhrase: string;
  canExport: boolean;
  canErase: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [opened, { open, close }] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const input = { workspaceId: props.workspaceId, customerId: props.customerId };
  const exporter = useMutation(
    trpc.customers.export.mutationOptions({
      onSuccess: (result) => downloadJson(result.fileName, result.data),
    }),
  );
  const eraser = useMutation(
    trpc.customers.erase.mutationOptions({
      onSuccess: () => {
        close();
        router.push(`/w/${props.workspaceId}/customers`);
      },
    }),
  );

  if (!props.canExport && !props.canErase) return null;
  return (
    <>
      {props.canExport ? (
        <Button
          variant="default"
          leftSection={<Download size={16} aria-hidden />}
          loading={exporter.isPending}
          onClick={() => exporter.mutate(input)}
        >
          Export data
        </Button>
      ) : null}
      {props.canErase ? (
        <Button color="red" variant="light" leftSection={<Trash2 size={16} aria-hidden />} onClick={open}>
          Erase customer
        </Button>
      ) : null}
      {exporter.error ? (
        <Alert color="red" role="alert">
          {exporter.error.message}
        </Alert>
      ) : null}
      <Modal opened={opened} onClose={close} title="Erase this customer?" centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            eraser.mutate({ ...input, confirmation: typed });
          }}
        >
          <Stack>
            <Text size="sm">
              Their profile, events, messages, consent history and journey runs are deleted for good, and
              their running journeys are stopped. This cannot be undone.
            </Text>
            <TextInput
              label={
                <>
                  Type <Code>{props.erasePhrase}</Code> to confirm
                </>
              }
              name="erase-confirmation"
              autoComplete="off"
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              error={eraser.error?.message}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="red"
                disabled={typed.trim() !== props.erasePhrase}
                loading={eraser.isPending}
              >
                Erase customer
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
