'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '~/trpc/react';
import { CaughtMailView } from './caught-mail-view';
import './mailbox.css';

/**
 * Mail the SMTP catcher kept for this workspace: a list (newest first) and the open mail beside it. Lets a
 * developer check what journeys and test sends really sent, headers included, without a mail server.
 */
export function Mailbox({ workspaceId, mailId }: { workspaceId: string; mailId: string | null }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.mailbox.status.queryOptions({ workspaceId }));
  const mails = useInfiniteQuery(
    trpc.mailbox.list.infiniteQueryOptions(
      { workspaceId, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5000, staleTime: 0 },
    ),
  );
  const items = mails.data?.pages.flatMap((page) => page.items) ?? [];
  const base = `/w/${workspaceId}/mailbox`;

  return (
    <div className="mailbox">
      <section className="mailbox-list" aria-label="Caught mail">
        {status.data && !status.data.catching ? (
          <p className="muted mailbox-note">
            SMTP_URL is set: new mail is delivered, not caught. Older caught mail is still listed.
          </p>
        ) : null}
        {mails.error ? <p className="error">{mails.error.message}</p> : null}
        <ul>
          {items.map((mail) => (
            <li key={mail.id}>
              <Link
                href={`${base}/${mail.id}`}
                aria-current={mail.id === mailId ? 'true' : undefined}
                className="mailbox-item"
              >
                <span className="mailbox-subject">{mail.subject || '(no subject)'}</span>
                <span className="mailbox-to">to {mail.to.join(', ')}</span>
                <time dateTime={mail.receivedAt.toISOString()} className="muted">
                  {mail.receivedAt.toLocaleString()}
                </time>
              </Link>
            </li>
          ))}
        </ul>
        {mails.isLoading ? <p className="muted mailbox-note">Loading…</p> : null}
        {mails.data && items.length === 0 ? (
          <p className="muted mailbox-note">
            No mail caught yet. Emails this workspace&apos;s journeys send, and test sends from the template
            editor, land here.
          </p>
        ) : null}
        {mails.hasNextPage ? (
          <button
            type="button"
            className="button-quiet mailbox-more"
            disabled={mails.isFetchingNextPage}
            onClick={() => void mails.fetchNextPage()}
          >
            {mails.isFetchingNextPage ? 'Loading…' : 'Older mail'}
          </button>
        ) : null}
      </section>
      <section className="mailbox-view" aria-label="Mail">
        {mailId ? (
          <CaughtMailView workspaceId={workspaceId} mailId={mailId} />
        ) : (
          <p className="muted">Pick a mail to read it.</p>
        )}
      </section>
    </div>
  );
}
