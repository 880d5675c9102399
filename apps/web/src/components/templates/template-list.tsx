'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import { CHANNEL_LABELS, isTemplateChannel, TEMPLATE_CHANNELS, type TemplateChannel } from './channel-meta';
import './templates.css';

/** The workspace's templates, filtered by channel, with a way to start a new one. */
export function TemplateList({
  workspaceId,
  channel,
}: {
  workspaceId: string;
  channel: TemplateChannel | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [newChannel, setNewChannel] = useState<TemplateChannel>(channel ?? 'email');
  const templates = useQuery(
    trpc.templates.list.queryOptions({ workspaceId, ...(channel ? { channel } : {}) }),
  );
  const base = `/w/${workspaceId}/templates`;

  return (
    <section>
      <div className="tpl-filters" role="navigation" aria-label="Channels">
        <Link className="tpl-tab" aria-selected={channel === null} href={base}>
          All
        </Link>
        {TEMPLATE_CHANNELS.map((id) => (
          <Link key={id} className="tpl-tab" aria-selected={channel === id} href={`${base}?channel=${id}`}>
            {CHANNEL_LABELS[id]}
          </Link>
        ))}
        <span className="spacer" />
        <select
          aria-label="New template channel"
          value={newChannel}
          onChange={(event) => setNewChannel(event.target.value as TemplateChannel)}
        >
          {TEMPLATE_CHANNELS.map((id) => (
            <option key={id} value={id}>
              {CHANNEL_LABELS[id]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={() => router.push(`${base}/new?channel=${newChannel}`)}
        >
          New template
        </button>
      </div>
      {templates.error ? <p className="error">{templates.error.message}</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Channel</th>
            <th>Languages</th>
            <th>Topic</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {(templates.data ?? []).map((template) => (
            <tr key={template.id}>
              <td>
                <Link href={`${base}/${template.id}`}>{template.name}</Link>
              </td>
              <td>
                {isTemplateChannel(template.channel) ? CHANNEL_LABELS[template.channel] : template.channel}
              </td>
              <td>{template.locales.join(', ')}</td>
              <td>{template.topicKey ?? <span className="muted">transactional</span>}</td>
              <td>{template.updatedAt.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {templates.isLoading ? <p className="muted">Loading…</p> : null}
      {templates.data && templates.data.length === 0 ? (
        <p className="muted">No {channel ? `${CHANNEL_LABELS[channel]} ` : ''}templates yet.</p>
      ) : null}
    </section>
  );
}
