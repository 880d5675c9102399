'use client';

import { ActionIcon, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Archive, Copy, EllipsisVertical, Pause, Play } from 'lucide-react';
import { useTRPC } from '../../trpc/react';
import type { JourneyStatus } from './journey-status';

/** The row menu: duplicate, and the status moves the journey's rules allow from where it is. */
export function JourneyActions(props: {
  workspaceId: string;
  journey: { id: string; name: string; status: JourneyStatus };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId, journey } = props;
  const done = (message: string) => ({
    onSuccess: async () => {
      notifications.show({ message, color: 'green' });
      await queryClient.invalidateQueries({ queryKey: trpc.journeys.list.queryKey() });
    },
    onError: (error: { message: string }) =>
      notifications.show({ title: 'Not done', message: error.message, color: 'red' }),
  });
  const duplicate = useMutation(trpc.journeys.duplicate.mutationOptions(done(`Copied “${journey.name}”`)));
  const pause = useMutation(trpc.journeys.pause.mutationOptions(done(`Paused “${journey.name}”`)));
  const resume = useMutation(trpc.journeys.resume.mutationOptions(done(`Resumed “${journey.name}”`)));
  const archive = useMutation(trpc.journeys.archive.mutationOptions(done(`Archived “${journey.name}”`)));
  const input = { workspaceId, journeyId: journey.id };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${journey.name}`}>
          <EllipsisVertical size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<Copy size={14} />} onClick={() => duplicate.mutate(input)}>
          Duplicate
        </Menu.Item>
        {journey.status === 'ACTIVE' ? (
          <Menu.Item leftSection={<Pause size={14} />} onClick={() => pause.mutate(input)}>
            Pause
          </Menu.Item>
        ) : null}
        {journey.status === 'PAUSED' ? (
          <Menu.Item leftSection={<Play size={14} />} onClick={() => resume.mutate(input)}>
            Resume
          </Menu.Item>
        ) : null}
        {journey.status !== 'ARCHIVED' ? (
          <Menu.Item
            color="red"
            leftSection={<Archive size={14} />}
            onClick={() =>
              modals.openConfirmModal({
                title: `Archive “${journey.name}”?`,
                children: (
                  <Text size="sm">
                    Nobody new enters an archived journey and it can no longer change. Customers already in it
                    finish their run.
                  </Text>
                ),
                labels: { confirm: 'Archive', cancel: 'Keep it' },
                confirmProps: { color: 'red' },
                onConfirm: () => archive.mutate(input),
              })
            }
          >
            Archive
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
