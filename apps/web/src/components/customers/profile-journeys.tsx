'use client';

import { Anchor, Badge, Code, Table, Text } from '@mantine/core';
import Link from 'next/link';
import { formatTime, ProfileSection, type CustomerProfileData } from './profile-section';

const RUN_COLOR: Record<string, string> = {
  RUNNING: 'blue',
  COMPLETED: 'teal',
  EXITED: 'gray',
  FAILED: 'red',
  CANCELLED: 'gray',
};

/** The journey runs the customer is or was in, with where each one stands. */
export function ProfileJourneys(props: { workspaceId: string; runs: CustomerProfileData['runs'] }) {
  return (
    <ProfileSection id="journeys" title="Journeys">
      {props.runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not in any journey yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={6} aria-label="Journey runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Journey</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>At node</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>Ended</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.runs.map((run) => (
                <Table.Tr key={run.id} data-run={run.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`/w/${props.workspaceId}/journeys/${run.journeyId}`}>
                      {run.journeyName}
                    </Anchor>
                    <Text span size="xs" c="dimmed">
                      {' '}
                      v{run.version}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={RUN_COLOR[run.status] ?? 'gray'}>
                      {run.status.toLowerCase()}
                    </Badge>
                    {run.exitReason ? (
                      <Text size="xs" c="dimmed">
                        {run.exitReason}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{run.currentNodeId ? <Code>{run.currentNodeId}</Code> : '—'}</Table.Td>
                  <Table.Td>{formatTime(run.startedAt)}</Table.Td>
                  <Table.Td>{formatTime(run.endedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </ProfileSection>
  );
}

/** Segments the customer is in now, and those they left, with when they entered. */
export function ProfileSegments({ segments }: { segments: CustomerProfileData['segments'] }) {
  return (
    <ProfileSection id="segments" title="Segments">
      {segments.length === 0 ? (
        <Text size="sm" c="dimmed">
          In no segment.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Segment memberships">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Segment</Table.Th>
              <Table.Th>Entered</Table.Th>
              <Table.Th>Now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {segments.map((membership) => (
              <Table.Tr key={membership.segmentId} data-segment={membership.segment.name}>
                <Table.Td>
                  {membership.segment.name}
                  {membership.segment.archivedAt ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (archived)
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{formatTime(membership.enteredAt)}</Table.Td>
                <Table.Td>
                  {membership.inSegment ? 'member' : `left ${formatTime(membership.exitedAt)}`}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ProfileSection>
  );
}
