'use client';

import { Stack, Table, Text } from '@mantine/core';
import { LineChart } from '@mantine/charts';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';

interface SampleMember {
  id: string;
  userId: string | null;
  email: string | null;
  country: string | null;
}

/** A few matching customers, and for a saved segment its members day by day over the last 30 days. */
export function SegmentPreview(props: {
  workspaceId: string;
  segmentId: string | null;
  sample: SampleMember[];
}) {
  const trpc = useTRPC();
  const history = useQuery({
    ...trpc.segments.history.queryOptions({
      workspaceId: props.workspaceId,
      segmentId: props.segmentId ?? '',
    }),
    enabled: props.segmentId !== null,
  });
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Sample of members
      </Text>
      {props.sample.length === 0 ? (
        <Text size="sm">No one matches.</Text>
      ) : (
        <Table fz="xs" aria-label="Sample of members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Country</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.sample.map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  {member.email ?? member.userId ?? 'anonymous'}
                </Table.Td>
                <Table.Td>{member.country ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {props.segmentId && history.data ? (
        <>
          <Text size="sm" fw={600}>
            Members over the last 30 days
          </Text>
          {/* The chart is drawn for sighted users; its last value is stated for everyone. */}
          <div
            role="img"
            aria-label={`Members over the last 30 days; now ${history.data.at(-1)?.members ?? 0}`}
          >
            <LineChart
              h={160}
              data={history.data}
              dataKey="day"
              series={[{ name: 'members', label: 'Members', color: 'indigo.7' }]}
              curveType="stepAfter"
              withDots={false}
              tickLine="none"
              yAxisProps={{ allowDecimals: false }}
            />
          </div>
        </>
      ) : null}
    </Stack>
  );
}
