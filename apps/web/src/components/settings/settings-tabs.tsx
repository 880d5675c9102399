'use client';

import { Code, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fingerprint, KeyRound, Radio, ShieldCheck, Users } from 'lucide-react';
import { useTRPC } from '../../trpc/react';
import { roleMay } from '../../server/api/permissions';
import { ROLE_LABELS } from '../../server/team/roles';
import { ApiKeysPanel } from './api-keys-panel';
import { GovernancePanel } from './governance-panel';
import { TeamPanel } from './team-panel';
import { IdentityVerificationPanel } from './identity-verification-panel';

function ChannelsPanel({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.settings.channels.queryOptions({ workspaceId }));
  const data = channels.data;
  return (
    <Stack gap="sm">
      <Text size="sm">
        Public values the storefront needs. Secrets are kept on the server and only shown as set or not.
      </Text>
      {channels.error ? <Text c="red">{channels.error.message}</Text> : null}
      {data ? (
        <Table aria-label="Channel settings" variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={260}>Write key (browser SDK, /v1 API)</Table.Th>
              <Table.Td>
                <Code>{data.writeKey}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>VAPID public key (web push)</Table.Th>
              <Table.Td>
                <Code style={{ wordBreak: 'break-all' }}>{data.vapidPublicKey}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Webhook signing secret</Table.Th>
              <Table.Td>{data.signingSecretSet ? 'set' : 'not set'}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}

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
