'use client';

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Copy, KeyRound } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/react';

function when(date: Date | null): string {
  return date ? date.toLocaleString() : 'never';
}

/** Create (the key is shown once, with a copy button), list with last use, and revoke API keys. */
export function ApiKeysPanel({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.settings.apiKeys.queryOptions({ workspaceId }));
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; plainKey: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.apiKeys.queryKey() });
  const create = useMutation(
    trpc.settings.createApiKey.mutationOptions({
      onSuccess: async (result) => {
        setCreated({ name: result.apiKey.name, plainKey: result.plainKey });
        setName('');
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.settings.revokeApiKey.mutationOptions({ onSuccess: refresh }));
  const nameError = (
    create.error?.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined
  )?.name?.[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ workspaceId, name });
  }

  function confirmRevoke(key: { id: string; name: string }) {
    modals.openConfirmModal({
      title: `Revoke "${key.name}"?`,
      children: (
        <Text size="sm">Anything using this key (the CLI, a catalog feed) is refused from now on.</Text>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate({ workspaceId, apiKeyId: key.id }),
    });
  }

  return (
    <Stack gap="md">
      <Text size="sm">
        Secret keys for the journeys API, the <Code>nudgeflow</Code> CLI and catalog feeds. Keep them on
        servers, never in a web page.
      </Text>
      <form onSubmit={submit} aria-label="Create an API key">
        <Group align="flex-end">
          <TextInput
            label="Key name"
            name="api-key-name"
            placeholder="CI deploys"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={nameError ?? (create.error && !nameError ? create.error.message : undefined)}
            w={320}
          />
          <Button type="submit" leftSection={<KeyRound size={16} />} loading={create.isPending}>
            Create API key
          </Button>
        </Group>
      </form>

      {created ? (
        <Alert
          color="green"
          title={`Key "${created.name}" created: copy it now, it is not shown again`}
          withCloseButton
          closeButtonLabel="Hide the new key"
          onClose={() => setCreated(null)}
        >
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="new-api-key" style={{ wordBreak: 'break-all' }}>
              {created.plainKey}
            </Code>
            <CopyButton value={created.plainKey}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy key'}>
                  <ActionIcon variant="light" onClick={copy} aria-label="Copy the new API key">
                    {copied ? <Check size={16} /> : <Copy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Alert>
      ) : null}

      {keys.error ? <Alert color="red">{keys.error.message}</Alert> : null}
      <Table striped aria-label="API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.data ?? []).map((key) => (
            <Table.Tr key={key.id} data-api-key={key.name}>
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td>{when(key.createdAt)}</Table.Td>
              <Table.Td data-testid="last-used">{when(key.lastUsedAt)}</Table.Td>
              <Table.Td>
                {key.revokedAt ? <Badge color="gray.7">revoked</Badge> : <Badge color="teal.9">active</Badge>}
              </Table.Td>
              <Table.Td>
                {key.revokedAt ? null : (
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    onClick={() => confirmRevoke(key)}
                    aria-label={`Revoke ${key.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {keys.data && keys.data.length === 0 ? <Text size="sm">No API keys yet.</Text> : null}
    </Stack>
  );
}
