'use client';

import { Code, Table, Text } from '@mantine/core';
import { formatTime, ProfileSection } from './profile-section';

/** An identify or event refused because the claimed user id could not be verified. */
export interface IdentityVerificationRefusal {
  at: Date | string;
  reason: string;
  claimedUserId: string;
  /** Where the refused call came from ("browser SDK", "/v1/identify" …). */
  source: string;
}

/**
 * Identity verification refusals of one customer (recorded by ingest and the SDK routes,
 * `customers.identityRefusals`); the profile shows the section to the roles that may read them.
 */
export function IdentityVerificationRefusals({
  refusals,
}: {
  refusals: readonly IdentityVerificationRefusal[];
}) {
  return (
    <ProfileSection id="identity-refusals" title="Identity verification refusals">
      {refusals.length === 0 ? (
        <Text size="sm" c="dimmed">
          No calls refused for this customer.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Identity verification refusals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Claimed user id</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {refusals.map((refusal, index) => (
              <Table.Tr key={index}>
                <Table.Td>{formatTime(refusal.at)}</Table.Td>
                <Table.Td>
                  <Code>{refusal.claimedUserId}</Code>
                </Table.Td>
                <Table.Td>{refusal.reason}</Table.Td>
                <Table.Td>{refusal.source}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </ProfileSection>
  );
}
