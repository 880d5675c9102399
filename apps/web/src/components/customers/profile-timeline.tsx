'use client';

import { Alert, Badge, Button, Code, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import { formatTime, ProfileSection } from './profile-section';

function propertiesSummary(properties: unknown): string {
  if (!properties || typeof properties !== 'object') return '';
  const entries = Object.entries(properties as Record<string, unknown>);
  const text = entries
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** The customer's events, newest first, 25 at a time, optionally one event name only. */
export function ProfileTimeline(props: { workspaceId: string; customerId: string }) {
  const trpc = useTRPC();
  const [name, setName] = useState<string | null>(null);
  const timeline = useInfiniteQuery(
    trpc.customers.timeline.infiniteQueryOptions(
      { workspaceId: props.workspaceId, customerId: props.customerId, limit: 25, ...(name ? { name } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const events = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const names = timeline.data?.pages[0]?.names ?? [];

  return (
    <ProfileSection
      id="timeline"
      title="Timeline"
      aside={
        <Select
          label="Event name"
          name="timeline-event"
          placeholder="All events"
          data={name && !names.includes(name) ? [name, ...names] : names}
          value={name}
          onChange={setName}
          clearable
          searchable
          size="xs"
          w={220}
        />
      }
    >
      {timeline.error ? <Alert color="red">{timeline.error.message}</Alert> : null}
      {timeline.isLoading ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading events">
          <Skeleton height={18} />
          <Skeleton height={18} />
          <Skeleton height={18} />
        </Stack>
      ) : events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {name ? `No "${name}" events.` : 'No events yet.'}
        </Text>
      ) : (
        <Stack
          gap={6}
          component="ol"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label="Events"
        >
          {events.map((event) => (
            <li key={event.id} data-event={event.name ?? event.type}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <Text size="xs" c="dimmed" w={170} style={{ flexShrink: 0 }}>
                  {formatTime(event.timestamp)}
                </Text>
                <Badge
                  size="xs"
                  variant="light"
                  color={event.type === 'INTERNAL' ? 'grape' : 'blue'}
                  style={{ flexShrink: 0 }}
                >
                  {event.type.toLowerCase()}
                </Badge>
                <Text size="sm" fw={500}>
                  {event.name ?? '—'}
                </Text>
                <Code style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {propertiesSummary(event.properties)}
                </Code>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {timeline.hasNextPage ? (
        <Button
          variant="default"
          size="xs"
          mt="sm"
          loading={timeline.isFetchingNextPage}
          onClick={() => void timeline.fetchNextPage()}
        >
          Older events
        </Button>
      ) : null}
    </ProfileSection>
  );
}
