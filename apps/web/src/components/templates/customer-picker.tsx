'use client';

import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTRPC } from '~/trpc/react';

/** Picks one of the workspace's customers by email or user id (the customers router's search). */
export function CustomerPicker(props: {
  workspaceId: string;
  label: string;
  value: string | null;
  onChange(customerId: string | null): void;
  name: string;
  /**
   * Whether the first match is picked by itself (fine for whose data a preview uses). Off where the pick
   * decides who receives something: a test push or in-app message must never go to a customer by default.
   */
  autoSelect?: boolean;
}) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const customers = useQuery(
    trpc.customers.list.queryOptions({
      workspaceId: props.workspaceId,
      ...(debounced ? { search: debounced } : {}),
      limit: 20,
    }),
  );
  const items = customers.data?.items ?? [];
  const { value, onChange } = props;
  const autoSelect = props.autoSelect ?? true;

  // Pick the first match so a search alone is enough to preview; keep a choice that is still listed.
  useEffect(() => {
    if (!customers.data) return;
    const listed = value !== null && items.some((customer) => customer.id === value);
    if (listed) return;
    // A choice no longer in the list is dropped rather than kept invisibly.
    if (autoSelect && items.length > 0) onChange(items[0]!.id);
    else if (value !== null) onChange(null);
  }, [autoSelect, customers.data, items, value, onChange]);

  const placeholder =
    items.length === 0
      ? [{ value: '', label: customers.isLoading ? 'Loading…' : 'No customer matches' }]
      : !autoSelect
        ? [{ value: '', label: 'Pick a customer…' }]
        : [];
  return (
    <Group grow align="flex-end" gap="xs">
      <TextInput
        label={`${props.label}: search`}
        name={`${props.name}-search`}
        placeholder="Email or user id"
        leftSection={<Search size={16} aria-hidden />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
      />
      <NativeSelect
        label={props.label}
        name={props.name}
        value={value ?? ''}
        onChange={(event) => onChange(event.currentTarget.value || null)}
        data={[
          ...placeholder,
          ...items.map((customer) => ({
            value: customer.id,
            label: `${customer.email ?? customer.userId ?? `anonymous ${customer.id.slice(0, 8)}`}${
              customer.email && customer.userId ? ` (${customer.userId})` : ''
            }`,
          })),
        ]}
      />
    </Group>
  );
}
