'use client';

import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';
import { useEditorStore } from './editor-store';

const CHANGE_COLOUR = { added: 'teal.9', changed: 'blue.9', removed: 'red.9' } as const;

/**
 * Publish: the server compiles the saved draft again (one compiler, two call sites), shows what changes
 * against the live version node by node with the customers waiting at each, then freezes it as a version
 * and offers to move the waiting customers onto it.
 */
export function PublishDialog(props: {
  workspaceId: string;
  journeyId: string;
  opened: boolean;
  onClose(): void;
  onPublished(): void;
}) {
  const trpc = useTRPC();
  const ref = { workspaceId: props.workspaceId, journeyId: props.journeyId };
  const [flushed, setFlushed] = useState(false);
  const preview = useQuery({
    ...trpc.journeyEditor.publishPreview.queryOptions(ref),
    enabled: props.opened && flushed,
    staleTime: 0,
    gcTime: 0,
  });
  const publish = useMutation(trpc.journeyEditor.publish.mutationOptions());
  const migrate = useMutation(trpc.journeyEditor.migrate.mutationOptions());
  const [published, setPublished] = useState<{ version: number; fromVersion: number | null } | null>(null);

  // The server publishes what it has: send the last edits first.
  if (props.opened && !flushed)
    void useEditorStore
      .getState()
      .flush()
      .then(() => setFlushed(true));
  const close = () => {
    setFlushed(false);
    setPublished(null);
    publish.reset();
    migrate.reset();
    props.onClose();
  };

  const data = preview.data;
  return (
    <Modal opened={props.opened} onClose={close} title="Publish the journey" size="lg">
      {!data ? (
        <Loader aria-label="Comparing with the live version" />
      ) : !data.ok ? (
        <Alert variant="default" color="red" title="The draft does not compile">
          {data.errors.map((error, index) => (
            <Text key={index} size="sm">
              {error.nodeId ? `${error.nodeId}: ` : ''}
              {error.message}
            </Text>
          ))}
        </Alert>
      ) : (
        <Stack gap="sm" data-testid="publish-diff">
          <Text size="sm">
            {data.liveVersion === null
              ? 'First version: every node is new. Customers enter as soon as it is live.'
              : `Changes against the live version ${data.liveVersion}. Customers already inside keep running version ${data.liveVersion} unless you move them.`}
          </Text>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Node</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Change</Table.Th>
                <Table.Th>Waiting there now</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.nodes.map((node) => (
                <Table.Tr key={node.nodeId} data-testid={`diff-${node.nodeId}`}>
                  <Table.Td>{node.nodeId}</Table.Td>
                  <Table.Td>{node.kind}</Table.Td>
                  <Table.Td>
                    <Badge color={CHANGE_COLOUR[node.change]} variant="filled">
                      {node.change}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{node.waiting}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {data.nodes.length === 0 ? <Text size="sm">No node changed.</Text> : null}
          {data.settingsChanged ? <Text size="sm">The journey settings changed.</Text> : null}
          {data.migration ? (
            <Alert variant="default" color={data.migration.possible ? 'blue' : 'orange'}>
              {data.migration.waitingTotal} customer{data.migration.waitingTotal === 1 ? '' : 's'} wait in
              version {data.liveVersion}.{' '}
              {data.migration.possible
                ? 'After publishing you can move them onto the new version.'
                : `They cannot all move: nodes ${data.migration.blockedNodes.join(', ')} are removed. They finish on version ${data.liveVersion}.`}
            </Alert>
          ) : null}
          {publish.data && !publish.data.ok ? (
            <Alert variant="default" color="red">
              {publish.data.errors.map((error) => error.message).join('; ')}
            </Alert>
          ) : null}
          {published ? (
            <Alert
              variant="default"
              color="green"
              title={`Version ${published.version} is live`}
              data-testid="published"
            >
              {published.fromVersion !== null && data.migration?.possible ? (
                <Button
                  size="xs"
                  mt="xs"
                  loading={migrate.isPending}
                  onClick={() =>
                    migrate.mutate(
                      { ...ref, fromVersion: published.fromVersion! },
                      {
                        onSuccess: (result) =>
                          notifications.show({
                            message: result.ok
                              ? `Moved ${result.moved} customers to version ${result.toVersion}`
                              : result.errors.map((e) => e.message).join('; '),
                          }),
                      },
                    )
                  }
                >
                  Move the {data.migration.waitingTotal} waiting customers to version {published.version}
                </Button>
              ) : null}
            </Alert>
          ) : (
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                data-testid="confirm-publish"
                loading={publish.isPending}
                onClick={() =>
                  publish.mutate(ref, {
                    onSuccess: (result) => {
                      if (!result.ok) return;
                      setPublished({ version: result.version, fromVersion: data.liveVersion });
                      props.onPublished();
                    },
                  })
                }
              >
                Publish version {(data.liveVersion ?? 0) + 1}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}
