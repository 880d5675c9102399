import { Group, Paper, Title } from '@mantine/core';
import type { inferRouterOutputs } from '@trpc/server';
import type { ReactNode } from 'react';
import type { AppRouter } from '~/server/api/root';

export type CustomerProfileData = inferRouterOutputs<AppRouter>['customers']['profile'];

/** A titled block of the profile page; its heading names the region for screen readers. */
export function ProfileSection(props: { id: string; title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`${props.id}-title`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={`${props.id}-title`}>
          {props.title}
        </Title>
        {props.aside}
      </Group>
      {props.children}
    </Paper>
  );
}

export function formatTime(value: Date | string | null | undefined): string {
  return value ? new Date(value).toLocaleString() : '—';
}
