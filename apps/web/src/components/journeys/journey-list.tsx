'use client';

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { LayoutGrid, Plus, Route, Search } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';
import { EmptyState } from '../empty-state/empty-state';
import { PageHeader } from '../shell/page-header';
import { BlankJourneyModal } from './blank-journey-modal';
import { JourneyActions } from './journey-actions';
import { JourneyGallery } from './journey-gallery';
import { JOURNEY_STATUS } from './journey-status';

const count = new Intl.NumberFormat('en');
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

function ago(date: Date): string {
  const minutes = Math.round((date.getTime() - Date.now()) / 60_000);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

/** The workspace's journeys: what each is doing now, and the ways to start a new one. */
export function JourneyList({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [shown, setShown] = useState<'current' | 'archived'>('current');
  const [galleryOpened, gallery] = useDisclosure(false);
  const [blankOpened, blank] = useDisclosure(false);
  const journeys = useQuery(
    trpc.journeys.list.queryOptions(
      {
        workspaceId,
        ...(debounced ? { search: debounced } : {}),
        ...(shown === 'archived' ? { archived: true } : {}),
      },
      { refetchInterval: 10_000 },
    ),
  );
  const rows = journeys.data ?? [];
  const filtered = debounced !== '' || shown === 'archived';
  const base = `/w/${workspaceId}/journeys`;

  return (
    <>
      <PageHeader
        title="Journeys"
        description="Who is in each journey right now, and what changed last."
        actions={
          <>
            <Button variant="default" leftSection={<Plus size={16} aria-hidden />} onClick={blank.open}>
              Blank journey
            </Button>
            <Button leftSection={<LayoutGrid size={16} aria-hidden />} onClick={gallery.open}>
              From the gallery
            </Button>
          </>
        }
      />
      <JourneyGallery workspaceId={workspaceId} opened={galleryOpened} onClose={gallery.close} />
      <BlankJourneyModal workspaceId={workspaceId} opened={blankOpened} onClose={blank.close} />

      {rows.length === 0 && !filtered && journeys.data ? (
        <EmptyState
          icon={Route}
          title="No journeys yet"
          action={
            <Group>
              <Button leftSection={<LayoutGrid size={16} aria-hidden />} onClick={gallery.open}>
                Browse the gallery
              </Button>
              <Button variant="default" onClick={blank.open}>
                Start blank
              </Button>
            </Group>
          }
        >
          Start from a ready shop journey (cart abandonment, welcome series, back in stock …) with its
          templates, or draw your own from a blank canvas.
        </EmptyState>
      ) : (
        <Stack>
          <Group justify="space-between" align="flex-end">
            <TextInput
              label="Search journeys"
              placeholder="Name or description"
              leftSection={<Search size={16} aria-hidden />}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              w={320}
            />
            <SegmentedControl
              aria-label="Show"
              value={shown}
              onChange={(value) => setShown(value as 'current' | 'archived')}
              data={[
                { value: 'current', label: 'Current' },
                { value: 'archived', label: 'Archived' },
              ]}
            />
          </Group>
          {journeys.error ? <Alert color="red">{journeys.error.message}</Alert> : null}
          <Table.ScrollContainer minWidth={860}>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Journeys">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Journey</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Live version</Table.Th>
                  <Table.Th ta="right">In it now</Table.Th>
                  <Table.Th ta="right">Entered this week</Table.Th>
                  <Table.Th>Last edited</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((journey) => {
                  const status = JOURNEY_STATUS[journey.status];
                  return (
                    <Table.Tr key={journey.id}>
                      <Table.Td maw={380}>
                        <Anchor component={Link} href={`${base}/${journey.id}`} fw={600}>
                          {journey.name}
                        </Anchor>
                        {journey.description ? (
                          <Text size="sm" c="dimmed" lineClamp={1}>
                            {journey.description}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={status.meaning}>
                          <Badge variant="dot" color={status.color}>
                            {status.label}
                          </Badge>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>{journey.liveVersion === null ? '—' : `v${journey.liveVersion}`}</Table.Td>
                      <Table.Td ta="right">{count.format(journey.activeNow)}</Table.Td>
                      <Table.Td ta="right">{count.format(journey.enteredThisWeek)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{journey.lastEditedBy?.name ?? 'API or CLI'}</Text>
                        <Text size="xs" c="dimmed" title={journey.updatedAt.toLocaleString()}>
                          {ago(journey.updatedAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <JourneyActions workspaceId={workspaceId} journey={journey} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {journeys.isLoading ? <Loader size="sm" aria-label="Loading journeys" /> : null}
          {journeys.data && rows.length === 0 ? (
            <Text c="dimmed">
              {shown === 'archived' ? 'No archived journeys' : 'No journeys'}
              {debounced ? ` match “${debounced}”` : ''}.
            </Text>
          ) : null}
        </Stack>
      )}
    </>
  );
}
