'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';

type Part = 'html' | 'text' | 'headers';

/**
 * One caught mail. The HTML part is shown in an iframe with an empty `sandbox` (no scripts, no forms, no
 * same-origin access): it is mail, from templates and customer data, and must not run inside the app.
 */
export function CaughtMailView({ workspaceId, mailId }: { workspaceId: string; mailId: string }) {
  const trpc = useTRPC();
  const mail = useQuery(trpc.mailbox.get.queryOptions({ workspaceId, mailId }));
  const [part, setPart] = useState<Part>('html');

  if (mail.error) return <p className="error">{mail.error.message}</p>;
  if (!mail.data) return <p className="muted">Loading…</p>;
  const shown: Part = part === 'html' && mail.data.html === null ? 'text' : part;

  return (
    <article className="mailbox-mail">
      <h2>{mail.data.subject || '(no subject)'}</h2>
      <dl className="mailbox-meta">
        <dt>From</dt>
        <dd>{mail.data.from}</dd>
        <dt>To</dt>
        <dd>{mail.data.to.join(', ')}</dd>
        <dt>Received</dt>
        <dd>{mail.data.receivedAt.toLocaleString()}</dd>
        <dt>Size</dt>
        <dd>{(mail.data.sizeBytes / 1024).toFixed(1)} KB</dd>
      </dl>
      <div role="tablist" aria-label="Parts" className="mailbox-tabs">
        {(['html', 'text', 'headers'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={shown === id}
            disabled={id === 'html' && mail.data.html === null}
            onClick={() => setPart(id)}
          >
            {id === 'html' ? 'HTML' : id === 'text' ? 'Text' : 'Headers'}
          </button>
        ))}
      </div>
      {shown === 'html' ? (
        <iframe title="Mail HTML" className="mailbox-frame" sandbox="" srcDoc={mail.data.html ?? ''} />
      ) : null}
      {shown === 'text' ? (
        <pre className="mailbox-pre" data-testid="mail-text">
          {mail.data.text ?? '(no text part)'}
        </pre>
      ) : null}
      {shown === 'headers' ? (
        <table className="table mailbox-headers">
          <tbody>
            {mail.data.headers.map((header, index) => (
              <tr key={`${header.name}-${index}`}>
                <th scope="row">{header.name}</th>
                <td>{header.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </article>
  );
}
