'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';

export function CustomerList({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const customers = useQuery(
    trpc.customers.list.queryOptions({ workspaceId, ...(search ? { search } : {}), limit: 50 }),
  );

  return (
    <section>
      <label className="field" style={{ maxWidth: 360 }}>
        Search by email or user id
        <input
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="ann@example.com"
        />
      </label>
      {customers.error ? <p className="error">{customers.error.message}</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th>User id</th>
            <th>Email</th>
            <th>Stage</th>
            <th>Platform</th>
            <th>Source</th>
            <th>Country</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {(customers.data?.items ?? []).map((customer) => (
            <tr key={customer.id}>
              <td>{customer.userId ?? <span className="muted">anonymous</span>}</td>
              <td>
                {customer.email ?? '—'}
                {customer.email && !customer.emailOptIn ? <span className="muted"> (no opt-in)</span> : null}
              </td>
              <td>{customer.lifecycleStage.toLowerCase()}</td>
              <td>{customer.platform ?? '—'}</td>
              <td>{customer.source ?? '—'}</td>
              <td>{customer.country ?? '—'}</td>
              <td>{customer.lastSeenAt.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {customers.isLoading ? <p className="muted">Loading…</p> : null}
      {customers.data && customers.data.items.length === 0 ? (
        <p className="muted">No customers yet. Send events to /v1 with this workspace&apos;s write key.</p>
      ) : null}
    </section>
  );
}
