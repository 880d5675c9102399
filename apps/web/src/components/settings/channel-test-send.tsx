'use client';

import { Alert, Button, Group, TextInput } from '@mantine/core';
import type { ChannelDescriptor } from '@nudgeflow/channels/descriptors';
import { useMutation } from '@tanstack/react-query';
import { Send } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/react';

const PLACEHOLDER = {
  email: 'you@example.com',
  phone: '+4915112345678',
  url: 'https://example.com/hooks/nudgeflow',
};

/** "Send a test" for one channel: the recipient the descriptor asks for, and what came of it in words. */
export function ChannelTestSend({
  workspaceId,
  descriptor,
}: {
  workspaceId: string;
  descriptor: ChannelDescriptor;
}) {
  const trpc = useTRPC();
  const test = descriptor.test!;
  const [to, setTo] = useState('');
  const send = useMutation(trpc.settings.sendChannelTest.mutationOptions());
  const toError = send.error?.data?.fieldErrors?.find((error) => error.field === 'to')?.message;

  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate({ workspaceId, channel: descriptor.id, to });
  }

  return (
    <form onSubmit={submit} aria-label={`${descriptor.label} test`}>
      <Group align="flex-start">
        <TextInput
          id={`${descriptor.id}-test-to`}
          name="to"
          label={test.label}
          placeholder={PLACEHOLDER[test.recipient]}
          type={test.recipient === 'email' ? 'email' : test.recipient === 'url' ? 'url' : 'tel'}
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
          error={toError}
          required
          w={360}
        />
        <Button
          type="submit"
          mt={25}
          variant="light"
          leftSection={<Send size={16} />}
          loading={send.isPending}
        >
          Send a test
        </Button>
      </Group>
      {send.data ? (
        <Alert
          mt="xs"
          role="status"
          color={send.data.ok ? 'teal' : 'red'}
          title={send.data.ok ? 'Test sent' : 'Test failed'}
          data-testid={`${descriptor.id}-test-result`}
        >
          {send.data.message}
        </Alert>
      ) : null}
      {send.error && !toError ? (
        <Alert mt="xs" color="red" role="alert">
          {send.error.message}
        </Alert>
      ) : null}
    </form>
  );
}
