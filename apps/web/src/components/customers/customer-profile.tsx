'use client';

import { Alert, Anchor, Badge, Grid, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { UserX } from 'lucide-react';
import Link from 'next/link';
import { roleMay } from '~/server/api/permissions';
import { useTRPC } from '~/trpc/react';
import { EmptyState } from '../empty-state/empty-state';
import { PageHeader } from '../shell/page-header';
import {
  IdentityVerificationRefusals,
  type IdentityVerificationRefusal,
} from './identity-verification-refusals';
import { PrivacyActions } from './privacy-actions';
import { ProfileAttributes, ProfileIdentities } from './profile-attributes';
import { ProfileConsent, ProfileReachability } from './profile-consent';
import { ProfileJourneys, ProfileSegments } from './profile-journeys';
import { ProfileMessages } from './profile-messages';
import { formatTime } from './profile-section';
import { ProfileTimeline } from './profile-timeline';

/**
 * One customer, everything about them: who they are, what they did, what they were sent and what it did,
 * which journeys hold them, and what they agreed to, and (for roles that may see them) the browser calls
 * that claimed to be them without identity verification's proof.
 */
export function CustomerProfile(props: { workspaceId: string; customerId: string }) {
  const trpc = useTRPC();
  const { workspaceId, customerId } = props;
  const profile = useQuery(trpc.customers.profile.queryOptions({ workspaceId, customerId }));
  const workspace = useQuery(trpc.workspace.current.queryOptions({ workspaceId }));
  const role = workspace.data?.role;
  const refusals = useQuery({
    ...trpc.customers.identityRefusals.queryOptions({ workspaceId, customerId }),
    enabled: Boolean(role && roleMay(role, 'customers.identityRefusals')),
  });
  const identityRefusals: readonly IdentityVerificationRefusal[] | undefined = refusals.data?.map(
    (refusal) => ({
      at: refusal.at,
      reason: refusal.reason,
      claimedUserId: refusal.claimedUserId,
      source: refusal.source,
    }),
  );
  const back = (
    <Anchor component={Link} href={`/w/${workspaceId}/customers`} size="sm">
      ← All customers
    </Anchor>
  );

  if (profile.error) {
    return (
      <Stack>
        {back}
        {profile.error.data?.code === 'NOT_FOUND' ? (
          <EmptyState icon={UserX} title="No such customer">
            This customer does not exist in this workspace, or their data was erased.
          </EmptyState>
        ) : (
          <Alert color="red" title="Could not load the customer">
            {profile.error.message}
          </Alert>
        )}
      </Stack>
    );
  }
  if (!profile.data) {
    return (
      <Stack aria-busy="true" aria-label="Loading the customer">
        {back}
        <Skeleton height={36} width={320} />
        <Skeleton height={180} />
        <Skeleton height={240} />
      </Stack>
    );
  }

  const data = profile.data;
  const { customer } = data;
  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={customer.userId ?? customer.email ?? `Anonymous visitor ${customer.id.slice(0, 8)}`}
        description={
          <Group gap="xs" component="span">
            <Badge variant="light">{customer.lifecycleStage.toLowerCase()}</Badge>
            <span>
              First seen {formatTime(customer.firstSeenAt)}, last seen {formatTime(customer.lastSeenAt)}
            </span>
          </Group>
        }
        actions={
          <PrivacyActions
            workspaceId={workspaceId}
            customerId={customerId}
            erasePhrase={data.erasePhrase}
            canExport={role ? roleMay(role, 'privacy.export') : false}
            canErase={role ? roleMay(role, 'privacy.erase') : false}
          />
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <ProfileAttributes data={data} />
            <ProfileIdentities identities={data.identities} email={customer.email} />
            <ProfileReachability reachability={data.reachability} />
            <ProfileConsent consent={data.consent} />
            <ProfileSegments segments={data.segments} />
            {identityRefusals ? <IdentityVerificationRefusals refusals={identityRefusals} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <ProfileTimeline workspaceId={workspaceId} customerId={customerId} />
            <ProfileMessages messages={data.messages} />
            <ProfileJourneys workspaceId={workspaceId} runs={data.runs} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        Customer id {customer.id}
      </Text>
    </Stack>
  );
}
