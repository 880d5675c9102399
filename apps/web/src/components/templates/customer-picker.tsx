'use client';

import { useQuery } from '@tanstack/react-query';
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
  const customers = useQuery(
    trpc.customers.list.queryOptions({
      workspaceId: props.workspaceId,
      ...(search ? { search } : {}),
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

  return (
    <div className="tpl-picker">
      <label className="field tpl-field">
        <span>{props.label}</span>
        <input
          name={`${props.name}-search`}
          placeholder="Search by email or user id"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </label>
      <select
        name={props.name}
        aria-label={props.label}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
      >
        {items.length === 0 ? (
          <option value="">{customers.isLoading ? 'Loading…' : 'No customer matches'}</option>
        ) : !autoSelect ? (
          <option value="">Pick a customer…</option>
        ) : null}
        {items.map((customer) => (
          <option key={customer.id} value={customer.id}>
            {customer.email ?? customer.userId ?? `anonymous ${customer.id.slice(0, 8)}`}
            {customer.email && customer.userId ? ` (${customer.userId})` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
