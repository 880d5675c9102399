'use client';

import { Modal, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { useLiveCounts } from './live-counts';

/** "Waiting now" on a node, clicked: who waits there, longest first. */
export function WaitingList(props: { workspaceId: string; journeyId: string }) {
  const trpc = useTRPC();
  const nodeId = useLiveCounts((state) => state.waitingNodeId);
  const showWaiting = useLiveCounts((state) => state.showWaiting);
  const waiting = useQuery({
    ...trpc.journeyEditor.waitingAt.queryOptions({
      workspaceId: props.workspaceId,
      journeyId: props.journeyId,
      nodeId: nodeId ?? '',
    }),
    enabled: nodeId !== null,
    refetchInterval: 5000,
  });
  return (
    <Modal
      opened={nodeId !== null}
      onClose={() => showWaiting(null)}
      title={`Customers waiting at ${nodeId ?? ''}`}
      size="lg"
    >
      {waiting.data?.length === 0 ? <Text size="sm">Nobody waits here now.</Text> : null}
      {waiting.data && waiting.data.length > 0 ? (
        <Table data-testid="waiting-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>In the journey since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {waiting.data.map((run) => (
              <Table.Tr key={run.runId}>
                <Table.Td>{run.email ?? run.userId ?? run.customerId}</Table.Td>
                <Table.Td>{new Date(run.since).toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Modal>
  );
}
