'use client';

import { Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { KeyRound, Radio, ShieldCheck } from 'lucide-react';
import { useTRPC } from '../../trpc/react';
import { roleMay } from '../../server/api/permissions';
import { ApiKeysPanel } from './api-keys-panel';
import { ChannelsPanel } from './channels-panel';
import { GovernancePanel } from './governance-panel';

/** Settings of one workspace, one tab per concern. */
export function SettingsTabs({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.workspace.current.queryOptions({ workspaceId }));
  const role = current.data?.role;
  return (
    <Stack gap="lg">
      <Title order={1}>Settings</Title>
      <Tabs defaultValue="api-keys" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="api-keys" leftSection={<KeyRound size={16} />}>
            API keys
          </Tabs.Tab>
          <Tabs.Tab value="channels" leftSection={<Radio size={16} />}>
            Channels
          </Tabs.Tab>
          <Tabs.Tab value="governance" leftSection={<ShieldCheck size={16} />}>
            Governance
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="api-keys" pt="md">
          <ApiKeysPanel workspaceId={workspaceId} />
        </Tabs.Panel>
        <Tabs.Panel value="channels" pt="md">
          <ChannelsPanel workspaceId={workspaceId} />
        </Tabs.Panel>
        <Tabs.Panel value="governance" pt="md">
          {role ? (
            <GovernancePanel workspaceId={workspaceId} canEdit={roleMay(role, 'governance.write')} />
          ) : null}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
