'use client';

import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fingerprint, KeyRound, Radio, ShieldCheck, Users } from 'lucide-react';
import { useTRPC } from '../../trpc/react';
import { roleMay } from '../../server/api/permissions';
import { ROLE_LABELS } from '../../server/team/roles';
import { ApiKeysPanel } from './api-keys-panel';
import { ChannelsPanel } from './channels-panel';
import { GovernancePanel } from './governance-panel';
import { TeamPanel } from './team-panel';
import { IdentityVerificationPanel } from './identity-verification-panel';

/** Settings of one workspace, one tab per concern. */
export function SettingsTabs({
  workspaceId,
  currentUserId,
}: {
  workspaceId: string;
  currentUserId?: string;
}) {
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
          <Tabs.Tab value="team" leftSection={<Users size={16} />}>
            Team
          </Tabs.Tab>
          {role && roleMay(role, 'identityVerification.read') ? (
            <Tabs.Tab value="identity" leftSection={<Fingerprint size={16} />}>
              Identity verification
            </Tabs.Tab>
          ) : null}
        </Tabs.List>
        <Tabs.Panel value="api-keys" pt="md">
          {role && !roleMay(role, 'apiKeys.write') ? (
            <Text size="sm">
              Your role ({ROLE_LABELS[role]}) does not manage API keys. Owners, admins and developers do.
            </Text>
          ) : role ? (
            <ApiKeysPanel workspaceId={workspaceId} />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="channels" pt="md">
          <ChannelsPanel workspaceId={workspaceId} />
        </Tabs.Panel>
        <Tabs.Panel value="governance" pt="md">
          {role ? (
            <GovernancePanel workspaceId={workspaceId} canEdit={roleMay(role, 'governance.write')} />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="team" pt="md">
          {role ? (
            <TeamPanel
              workspaceId={workspaceId}
              callerRole={role}
              currentUserId={currentUserId}
              canEdit={roleMay(role, 'team.write')}
            />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="identity" pt="md">
          {role && roleMay(role, 'identityVerification.read') ? (
            <IdentityVerificationPanel
              workspaceId={workspaceId}
              canEdit={roleMay(role, 'identityVerification.write')}
            />
          ) : null}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
