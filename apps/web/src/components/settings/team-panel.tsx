'use client';

import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Mail, UserPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLE_NAMES, type RoleName } from '~/server/team/roles';
import { useTRPC } from '../../trpc/react';

function day(date: Date): string {
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Only owners hand out the owner role (the server refuses it to admins as well). */
function assignableRoles(callerRole: RoleName): RoleName[] {
  return callerRole === 'OWNER' ? ROLE_NAMES : ROLE_NAMES.filter((role) => role !== 'OWNER');
}

/**
 * Settings → Team: members with their role and join date, pending invitations (resend, revoke), and an
 * invite form. Everyone sees it; only owners and admins get the controls (the role matrix's team.write).
 */
export function TeamPanel(props: {
  workspaceId: string;
  callerRole: RoleName;
  currentUserId?: string;
  canEdit: boolean;
}) {
  const { workspaceId, canEdit } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.team.members.queryOptions({ workspaceId }));
  const invitations = useQuery(trpc.team.invitations.queryOptions({ workspaceId }));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<RoleName>('MARKETER');
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey() });
  };
  const notifyError = (error: { message: string }) =>
    notifications.show({ color: 'red', title: 'Not changed', message: error.message });

  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: async (invitation) => {
        notifications.show({ color: 'green', message: `Invitation sent to ${invitation.email}` });
        setEmail('');
        await refresh();
      },
    }),
  );
  const resend = useMutation(
    trpc.team.resendInvitation.mutationOptions({
      onSuccess: async (invitation) => {
        notifications.show({ color: 'green', message: `Invitation sent again to ${invitation.email}` });
        await refresh();
      },
      onError: notifyError,
    }),
  );
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({ onSuccess: refresh, onError: notifyError }),
  );
  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({ onSuccess: refresh, onError: notifyError }),
  );
  const remove = useMutation(
    trpc.team.removeMember.mutationOptions({ onSuccess: refresh, onError: notifyError }),
  );

  const emailError = invite.error?.data?.fieldErrors?.find((error) => error.field === 'email')?.message;

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ workspaceId, email, role });
  }

  function confirmRemove(member: { userId: string; name: string; email: string }) {
    modals.openConfirmModal({
      title: `Remove ${member.name}?`,
      children: (
        <Text size="sm">
          {member.email} loses access to this workspace and is signed out everywhere at once.
        </Text>
      ),
      labels: { confirm: 'Remove member', cancel: 'Keep them' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ workspaceId, userId: member.userId }),
    });
  }

  const roles = assignableRoles(props.callerRole);
  return (
    <Stack gap="lg">
      {canEdit ? (
        <form onSubmit={submit} aria-label="Invite a teammate">
          <Group align="flex-start">
            <TextInput
              label="Email"
              name="invite-email"
              type="email"
              placeholder="colleague@shop.com"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={emailError ?? (invite.error && !emailError ? invite.error.message : undefined)}
              required
              w={300}
            />
            <NativeSelect
              label="Role"
              name="invite-role"
              value={role}
              onChange={(event) => setRole(event.currentTarget.value as RoleName)}
              data={roles.map((value) => ({ value, label: ROLE_LABELS[value] }))}
              w={160}
            />
            <Button
              type="submit"
              mt={25}
              leftSection={<UserPlus size={16} aria-hidden />}
              loading={invite.isPending}
            >
              Send invitation
            </Button>
          </Group>
        </form>
      ) : (
        <Text size="sm" c="dimmed">
          Owners and admins invite people and change roles.
        </Text>
      )}

      <Stack gap="xs">
        <Title order={2} size="h4">
          Members
        </Title>
        {members.error ? <Alert color="red">{members.error.message}</Alert> : null}
        <Table striped aria-label="Members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Joined</Table.Th>
              {canEdit ? <Table.Th>Actions</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members.data ?? []).map((member) => {
              // Admins cannot change owners, and the last owner stays one; the server says the same.
              const owners = (members.data ?? []).filter((other) => other.role === 'OWNER').length;
              const lastOwner = member.role === 'OWNER' && owners === 1;
              const editable =
                canEdit && !lastOwner && (props.callerRole === 'OWNER' || member.role !== 'OWNER');
              return (
                <Table.Tr key={member.userId}>
                  <Table.Td>
                    {member.name}
                    {member.userId === props.currentUserId ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (you)
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{member.email}</Table.Td>
                  <Table.Td>
                    {editable ? (
                      <NativeSelect
                        aria-label={`Role of ${member.name}`}
                        size="xs"
                        value={member.role}
                        onChange={(event) =>
                          changeRole.mutate({
                            workspaceId,
                            userId: member.userId,
                            role: event.currentTarget.value as RoleName,
                          })
                        }
                        data={(roles.includes(member.role) ? roles : [member.role, ...roles]).map(
                          (value) => ({
                            value,
                            label: ROLE_LABELS[value],
                          }),
                        )}
                        w={140}
                      />
                    ) : (
                      <Badge
                        variant="light"
                        title={lastOwner ? 'The only owner: make another member owner first' : undefined}
                      >
                        {ROLE_LABELS[member.role]}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{day(member.joinedAt)}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      {editable ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${member.name}`}
                          onClick={() => confirmRemove(member)}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>

      <Stack gap="xs">
        <Title order={2} size="h4">
          Pending invitations
        </Title>
        {invitations.error ? <Alert color="red">{invitations.error.message}</Alert> : null}
        {invitations.data && invitations.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            No pending invitations.
          </Text>
        ) : (
          <Table striped aria-label="Pending invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Invited by</Table.Th>
                <Table.Th>Expires</Table.Th>
                {canEdit ? <Table.Th>Actions</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(invitations.data ?? []).map((invitation) => {
                const expired = invitation.expiresAt.getTime() <= Date.now();
                return (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>{invitation.email}</Table.Td>
                    <Table.Td>{ROLE_LABELS[invitation.role]}</Table.Td>
                    <Table.Td>{invitation.invitedBy?.name ?? 'a former member'}</Table.Td>
                    <Table.Td>
                      {expired ? (
                        <Badge color="gray" variant="light">
                          expired
                        </Badge>
                      ) : (
                        day(invitation.expiresAt)
                      )}
                    </Table.Td>
                    {canEdit ? (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            leftSection={<Mail size={14} aria-hidden />}
                            aria-label={`Resend the invitation to ${invitation.email}`}
                            loading={resend.isPending && resend.variables?.invitationId === invitation.id}
                            onClick={() => resend.mutate({ workspaceId, invitationId: invitation.id })}
                          >
                            Resend
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Revoke the invitation to ${invitation.email}`}
                            onClick={() => revoke.mutate({ workspaceId, invitationId: invitation.id })}
                          >
                            Revoke
                          </Button>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}
