'use client';

import { Alert, Loader, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';

export function CustomerList({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const customers = useQuery(
    trpc.customers.list.queryOptions({ workspaceId, ...(debounced ? { search: debounced } : {}), limit: 50 }),
  );

  return (
    <section>
      <TextInput
        label="Search by email or user id"
        placeholder="ann@example.com"
        leftSection={<Search size={16} aria-hidden />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={360}
        mb="md"
      />
      {customers.error ? <Alert color="red">{customers.error.message}</Alert> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User id</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Platform</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Last seen</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(customers.data?.items ?? []).map((customer) => (
              <Table.Tr key={customer.id}>
                <Table.Td>
                  {customer.userId ?? (
                    <Text span c="dimmed" size="sm">
                      anonymous
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {customer.email ?? '—'}
                  {customer.email && !customer.emailOptIn ? (
                    <Text span c="dimmed" size="sm">
                      {' '}
                      (no opt-in)
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{customer.lifecycleStage.toLowerCase()}</Table.Td>
                <Table.Td>{customer.platform ?? '—'}</Table.Td>
                <Table.Td>{customer.source ?? '—'}</Table.Td>
                <Table.Td>{customer.country ?? '—'}</Table.Td>
                <Table.Td>{customer.lastSeenAt.toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {customers.isLoading ? <Loader size="sm" mt="md" aria-label="Loading customers" /> : null}
      {customers.data && customers.data.items.length === 0 ? (
        <Text c="dimmed" mt="md">
          No customers yet. Send events to /v1 with this workspace&apos;s write key.
        </Text>
      ) : null}
    </section>
  );
}
