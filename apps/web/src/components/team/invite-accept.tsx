'use client';

import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { CircleAlert, Workflow } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { authClient } from '~/auth/client';
import { ROLE_LABELS } from '~/server/team/roles';

export interface InviteView {
  email: string;
  role: keyof typeof ROLE_LABELS;
  status: 'pending' | 'expired' | 'accepted';
  workspaceName: string;
  invitedByName: string | null;
  accountExists: boolean;
}

type ApiError = { error?: { field: string; message: string } };

async function acceptRequest(token: string, body: object): Promise<{ workspaceId: string } | ApiError> {
  const response = await fetch(`/api/invitations/${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { workspaceId: string } | ApiError;
}

function Card({ children }: { children: ReactNode }) {
  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={420}>
        <Stack>
          <Workflow size={32} aria-hidden />
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** Accepting an invitation: set a password (new account), or sign in / join (existing account). */
export function InviteAccept(props: {
  token: string;
  invitation: InviteView | null;
  signedInEmail: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const invitation = props.invitation;

  if (!invitation || invitation.status !== 'pending') {
    const message = !invitation
      ? 'This invitation link is not valid. It may have been revoked or replaced by a newer one.'
      : invitation.status === 'expired'
        ? 'This invitation has expired. Ask the person who invited you to send a new one.'
        : 'This invitation was already used. Sign in to open the workspace.';
    return (
      <Card>
        <Title order={1} size="h3">
          Invitation not available
        </Title>
        <Text>{message}</Text>
        <Button component="a" href="/login" variant="default">
          Go to sign-in
        </Button>
      </Card>
    );
  }

  const signedInAsOther =
    props.signedInEmail !== null && props.signedInEmail.toLowerCase() !== invitation.email;
  const signedInAsInvitee = props.signedInEmail?.toLowerCase() === invitation.email;

  async function finish(result: { workspaceId: string } | ApiError) {
    if ('workspaceId' in result) {
      router.replace(`/w/${result.workspaceId}/journeys`);
      router.refresh();
      return;
    }
    const problem = result.error;
    if (problem && (problem.field === 'name' || problem.field === 'password'))
      setFieldErrors({ [problem.field]: problem.message });
    else setError(problem?.message ?? 'Could not accept the invitation');
    setPending(false);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    setPending(true);
    setError(null);
    setFieldErrors({});
    if (!invitation!.accountExists) {
      const result = await acceptRequest(props.token, { name: String(form.get('name') ?? ''), password });
      if ('workspaceId' in result) {
        const signedIn = await authClient.signIn.email({ email: invitation!.email, password });
        if (signedIn.error) {
          setError(signedIn.error.message ?? 'Your account is ready, but signing in failed: sign in again.');
          setPending(false);
          return;
        }
      }
      await finish(result);
      return;
    }
    if (!signedInAsInvitee) {
      const signedIn = await authClient.signIn.email({ email: invitation!.email, password });
      if (signedIn.error) {
        setError(signedIn.error.message ?? 'Sign-in failed');
        setPending(false);
        return;
      }
    }
    await finish(await acceptRequest(props.token, {}));
  }

  async function signOut() {
    await authClient.signOut();
    router.refresh();
  }

  const inviter = invitation.invitedByName ?? 'Someone';
  return (
    <Card>
      <Title order={1} size="h3">
        Join {invitation.workspaceName}
      </Title>
      <Text>
        {inviter} invited <strong>{invitation.email}</strong> to the workspace as{' '}
        {ROLE_LABELS[invitation.role]}.
      </Text>
      {signedInAsOther ? (
        <>
          <Alert color="yellow" icon={<CircleAlert size={18} />}>
            You are signed in as {props.signedInEmail}. Sign out to accept this invitation for{' '}
            {invitation.email}.
          </Alert>
          <Button variant="default" onClick={() => void signOut()}>
            Sign out
          </Button>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)} aria-label="Accept the invitation">
          <Stack>
            {invitation.accountExists ? null : (
              <TextInput
                label="Your name"
                name="name"
                autoComplete="name"
                required
                error={fieldErrors.name}
              />
            )}
            {signedInAsInvitee ? null : (
              <PasswordInput
                label={invitation.accountExists ? 'Password' : 'Choose a password'}
                description={invitation.accountExists ? undefined : 'At least 8 characters'}
                name="password"
                autoComplete={invitation.accountExists ? 'current-password' : 'new-password'}
                minLength={8}
                required
                error={fieldErrors.password}
              />
            )}
            {error ? (
              <Alert color="red" icon={<CircleAlert size={18} />} role="alert">
                {error}
              </Alert>
            ) : null}
            <Button type="submit" loading={pending}>
              {invitation.accountExists
                ? signedInAsInvitee
                  ? 'Join workspace'
                  : 'Sign in and join'
                : 'Create account and join'}
            </Button>
          </Stack>
        </form>
      )}
    </Card>
  );
}
