'use client';

import { Alert, Button, Grid, Loader, NavLink, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Mail } from 'lucide-react';
import Link from 'next/link';
import { useTRPC } from '../../trpc/react';
import { EmptyState } from '../empty-state/empty-state';
import { CaughtMailView } from './caught-mail-view';

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
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder radius="md" p="xs" component="section" aria-label="Caught mail">
          {status.data && !status.data.catching ? (
            <Text size="sm" c="dimmed" p="xs">
              SMTP_URL is set: new mail is delivered, not caught. Older caught mail is still listed.
            </Text>
          ) : null}
          {mails.error ? <Alert color="red">{mails.error.message}</Alert> : null}
          <ScrollArea.Autosize mah="calc(100vh - 200px)">
            <nav aria-label="Caught mail list">
              {items.map((mail) => (
                <NavLink
                  key={mail.id}
                  component={Link}
                  href={`${base}/${mail.id}`}
                  aria-current={mail.id === mailId ? 'true' : undefined}
                  // The open mail is marked by a bar, not NavLink's tinted background: its dimmed lines on the
                  // tint fell below AA contrast.
                  style={{
                    borderLeft: `3px solid ${mail.id === mailId ? 'var(--mantine-primary-color-filled)' : 'transparent'}`,
                  }}
                  fw={mail.id === mailId ? 700 : undefined}
                  data-testid="mailbox-item"
                  label={mail.subject || '(no subject)'}
                  description={
                    <>
                      to {mail.to.join(', ')}
                      <br />
                      <time dateTime={mail.receivedAt.toISOString()}>{mail.receivedAt.toLocaleString()}</time>
                    </>
                  }
                />
              ))}
            </nav>
          </ScrollArea.Autosize>
          {mails.isLoading ? <Loader size="sm" m="sm" aria-label="Loading mail" /> : null}
          {mails.data && items.length === 0 ? (
            <Text size="sm" c="dimmed" p="xs">
              No mail caught yet. Emails this workspace&apos;s journeys send, and test sends from the template
              editor, land here.
            </Text>
          ) : null}
          {mails.hasNextPage ? (
            <Button
              variant="subtle"
              fullWidth
              loading={mails.isFetchingNextPage}
              onClick={() => void mails.fetchNextPage()}
            >
              Older mail
            </Button>
          ) : null}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack component="section" aria-label="Mail">
          {mailId ? (
            <CaughtMailView workspaceId={workspaceId} mailId={mailId} />
          ) : (
            <EmptyState icon={Mail} title="Pick a mail to read it">
              Its HTML, text part and headers show here.
            </EmptyState>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
