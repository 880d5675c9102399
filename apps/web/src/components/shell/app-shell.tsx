'use client';

import {
  AppShell as MantineAppShell,
  Burger,
  Button,
  Group,
  NativeSelect,
  NavLink,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { LogOut, Plus, Workflow } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { authClient } from '../../auth/client';
import { ColorSchemeToggle } from './color-scheme-toggle';
import { CreateWorkspaceModal } from './create-workspace-modal';
import { SECTIONS } from './sections';

export interface ShellWorkspace {
  id: string;
  name: string;
  role: string;
}

export function AppShell(props: {
  workspaceId: string;
  workspaces: ShellWorkspace[];
  userEmail: string;
  mailIsCaught?: boolean;
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const [opened, { toggle, close }] = useDisclosure();
  const [creating, { open: openCreate, close: closeCreate }] = useDisclosure();
  const base = `/w/${props.workspaceId}`;
  const current = props.workspaces.find((workspace) => workspace.id === props.workspaceId);

  function switchWorkspace(id: string) {
    // Stay in the same section when switching, as people compare workspaces section by section.
    const section = pathname.slice(base.length).split('/')[1] || 'journeys';
    router.push(`/w/${id}/${section}`);
  }

  async function signOut() {
    await authClient.signOut();
    router.replace('/login');
    router.refresh();
  }

  return (
    <MantineAppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <MantineAppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Workflow size={22} aria-hidden />
            <Text fw={700} size="lg">
              Nudgeflow
            </Text>
          </Group>
          <ColorSchemeToggle />
        </Group>
      </MantineAppShell.Header>
      <MantineAppShell.Navbar p="md">
        <Stack gap="md" h="100%">
          <NativeSelect
            label="Workspace"
            name="workspace"
            value={props.workspaceId}
            onChange={(event) => switchWorkspace(event.currentTarget.value)}
            data={props.workspaces.map((workspace) => ({ value: workspace.id, label: workspace.name }))}
          />
          <Button
            variant="subtle"
            size="xs"
            justify="flex-start"
            leftSection={<Plus size={14} aria-hidden />}
            onClick={openCreate}
            mt={-8}
          >
            Create workspace
          </Button>
          <CreateWorkspaceModal opened={creating} onClose={closeCreate} />
          <nav aria-label="Sections" style={{ flex: 1 }}>
            {SECTIONS.filter((section) => !section.onlyWhenMailIsCaught || props.mailIsCaught).map(
              (section) => {
                const href = section.slug ? `${base}/${section.slug}` : base;
                const active = section.slug ? pathname.startsWith(href) : pathname === base;
                const Icon = section.icon;
                return (
                  <NavLink
                    key={section.slug}
                    component={Link}
                    href={href}
                    label={section.label}
                    leftSection={<Icon size={18} aria-hidden />}
                    active={active}
                    aria-current={active ? 'page' : undefined}
                    onClick={close}
                  />
                );
              },
            )}
          </nav>
          <Stack gap={4}>
            <Text size="sm" truncate="end">
              {props.userEmail}
            </Text>
            {current ? (
              <Text size="xs" c="dimmed">
                {current.role.toLowerCase()}
              </Text>
            ) : null}
            <Button
              variant="default"
              size="xs"
              leftSection={<LogOut size={14} aria-hidden />}
              onClick={() => void signOut()}
            >
              Sign out
            </Button>
          </Stack>
        </Stack>
      </MantineAppShell.Navbar>
      <MantineAppShell.Main>{props.children}</MantineAppShell.Main>
    </MantineAppShell>
  );
}
