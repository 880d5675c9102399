'use client';

import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { CircleAlert, Workflow } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '~/auth/client';

export default function LoginPage() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await authClient.signIn.email({
      email: String(form.get('email')),
      password: String(form.get('password')),
    });
    setPending(false);
    if (result.error) {
      setError(result.error.message ?? 'Sign-in failed');
      return;
    }
    router.replace('/');
    router.refresh();
  }

  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={380}>
        <form onSubmit={signIn} aria-label="Sign in">
          <Stack>
            <Workflow size={32} aria-hidden />
            <Title order={1} size="h3">
              Sign in to Nudgeflow
            </Title>
            <TextInput label="Email" name="email" type="email" autoComplete="username" required />
            <PasswordInput label="Password" name="password" autoComplete="current-password" required />
            {error ? (
              <Alert color="red" icon={<CircleAlert size={18} />} role="alert" data-testid="sign-in-error">
                {error}
              </Alert>
            ) : null}
            <Button type="submit" loading={pending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
