'use client';

import { Alert, Anchor, Button, Group, Select, Skeleton, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Search, Users } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import { EmptyState } from '../empty-state/empty-state';

const REACHABLE_OPTIONS = [
  { value: 'any', label: 'Any channel' },
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'push', label: 'Web push' },
];

type Stage = 'NEW' | 'ACTIVE' | 'REPEAT' | 'LAPSED';
type Reachable = 'email' | 'sms' | 'push' | 'any';

export function CustomerList({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [country, setCountry] = useState<string | null>(null);
  const [reachableOn, setReachableOn] = useState<Reachable | null>(null);

  const segments = useQuery(trpc.segments.list.queryOptions({ workspaceId }));
  const options = useQuery(trpc.customers.filterOptions.queryOptions({ workspaceId }));
  const filters = {
    workspaceId,
    limit: 25,
    ...(debounced ? { search: debounced } : {}),
    ...(segmentId ? { segmentId } : {}),
    ...(stage ? { lifecycleStage: stage } : {}),
    ...(country ? { country } : {}),
    ...(reachableOn ? { reachableOn } : {}),
  };
  const filtered = Boolean(debounced || segmentId || stage || country || reachableOn);
  const customers = useInfiniteQuery(
    trpc.customers.list.infiniteQueryOptions(filters, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const items = customers.data?.pages.flatMap((page) => page.items) ?? [];

  function clearFilters() {
    setSearch('');
    setSegmentId(null);
    setStage(null);
    setCountry(null);
    setReachableOn(null);
  }

  return (
    <section aria-label="Customers">
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <TextInput
          label="Search by email or user id"
          name="customer-search"
          placeholder="ann@example.com"
          leftSection={<Search size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={260}
        />
        <Select
          label="Segment"
          name="segment"
          placeholder="All customers"
          data={(segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name }))}
          value={segmentId}
          onChange={setSegmentId}
          clearable
          searchable
          w={200}
        />
        <Select
          label="Lifecycle stage"
          name="lifecycle-stage"
          placeholder="Any stage"
          data={(options.data?.lifecycleStages ?? []).map((value) => ({
            value,
            label: value.toLowerCase(),
          }))}
          value={stage}
          onChange={(value) => setStage(value as Stage | null)}
          clearable
          w={160}
        />
        <Select
          label="Country"
          name="country"
          placeholder="Any country"
          data={options.data?.countries ?? []}
          value={country}
          onChange={setCountry}
          clearable
          searchable
          w={150}
        />
        <Select
          label="Reachable on"
          name="reachable-on"
          placeholder="Anyone"
          data={REACHABLE_OPTIONS}
          value={reachableOn}
          onChange={(value) => setReachableOn(value as Reachable | null)}
          clearable
          w={160}
        />
        {filtered ? (
          <Button variant="subtle" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </Group>
      {customers.error ? (
        <Alert color="red" title="Could not load customers">
          {customers.error.message}
        </Alert>
      ) : null}
      {customers.data && items.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={Search}
            title="No customer matches these filters"
            action={
              <Button variant="default" onClick={clearFilters}>
                Clear filters
              </Button>
            }
          >
            Loosen a filter, or search for part of an email address or user id.
          </EmptyState>
        ) : (
          <EmptyState icon={Users} title="No customers yet">
            Customers appear here with their first event. Install the SDK snippet from the workspace home, or
            send events to /v1 with this workspace&apos;s write key.
          </EmptyState>
        )
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-busy={customers.isLoading}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Country</Table.Th>
                <Table.Th>Orders</Table.Th>
                <Table.Th>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {customers.isLoading
                ? Array.from({ length: 5 }, (_, row) => (
                    <Table.Tr key={row}>
                      {Array.from({ length: 6 }, (_, cell) => (
                        <Table.Td key={cell}>
                          <Skeleton height={14} />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))
                : items.map((customer) => (
                    <Table.Tr key={customer.id} data-customer={customer.userId ?? customer.id}>
                      <Table.Td>
                        <Anchor component={Link} href={`/w/${workspaceId}/customers/${customer.id}`}>
                          {customer.userId ?? `anonymous ${customer.id.slice(0, 8)}`}
                        </Anchor>
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
                      <Table.Td>{customer.country ?? '—'}</Table.Td>
                      <Table.Td>{customer.orderCount}</Table.Td>
                      <Table.Td>{customer.lastSeenAt.toLocaleString()}</Table.Td>
                    </Table.Tr>
                  ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {customers.hasNextPage ? (
        <Button
          variant="default"
          mt="md"
          loading={customers.isFetchingNextPage}
          onClick={() => void customers.fetchNextPage()}
        >
          Load more customers
        </Button>
      ) : null}
    </section>
  );
}
