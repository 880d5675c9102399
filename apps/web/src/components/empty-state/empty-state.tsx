import { Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** What a page shows when it has nothing yet: an icon, what will be here, and what to do about it. */
export function EmptyState(props: {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  const Icon = props.icon;
  return (
    <Paper withBorder radius="md" p="xl">
      <Stack align="center" gap="sm" py="xl" maw={520} mx="auto" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light">
          <Icon size={28} aria-hidden />
        </ThemeIcon>
        <Title order={2} size="h3">
          {props.title}
        </Title>
        <Text c="dimmed">{props.children}</Text>
        {props.action}
      </Stack>
    </Paper>
  );
}
