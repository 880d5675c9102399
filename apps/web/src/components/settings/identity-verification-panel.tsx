'use client';

import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Stack,
  Switch,
  Text,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Copy, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';

/**
 * Identity verification (docs/security.md): whether browser calls with the public write key must prove the
 * userId they claim, and the secret the shop's server proves it with. The secret is never read back: a
 * rotation shows the new one once, like a new API key.
 */
export function IdentityVerificationPanel({
  workspaceId,
  canEdit,
}: {
  workspaceId: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useQuery(trpc.settings.identityVerification.queryOptions({ workspaceId }));
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.settings.identityVerification.queryKey() });
  const setRequired = useMutation(
    trpc.settings.setIdentityVerification.mutationOptions({ onSuccess: refresh }),
  );
  const rotate = useMutation(
    trpc.settings.rotateIdentitySecret.mutationOptions({ onSuccess: (result) => setSecret(result.secret) }),
  );

  function confirmRotate() {
    modals.openConfirmModal({
      title: 'Make a new identity secret?',
      children: (
        <Text size="sm">
          The shop’s server must sign user ids with the new secret from now on: signatures made with the old
          one are refused at once.
        </Text>
      ),
      labels: { confirm: 'Make a new secret', cancel: 'Keep the current one' },
      confirmProps: { color: 'red' },
      onConfirm: () => rotate.mutate({ workspaceId }),
    });
  }

  const error = summary.error ?? setRequired.error ?? rotate.error;
  return (
    <Stack gap="md" maw={720}>
      <Text size="sm">
        The write key is public. With verification on, a browser that says “I am user 42” must send proof made
        by your server: the HMAC-SHA256 of the user id, or a short-lived token, made with the identity secret.
        Without it the call counts as anonymous activity and cannot change email, phone or consent, nor read
        the customer’s in-app messages. Set-up: docs/security.md and docs/sdk.md.
      </Text>
      {error ? <Alert color="red">{error.message}</Alert> : null}
      {summary.data ? (
        <Switch
          label="Require identity verification for browser calls"
          description="Calls with a secret API key (your server) are always trusted."
          checked={summary.data.required}
          disabled={!canEdit || setRequired.isPending}
          onChange={(event) => setRequired.mutate({ workspaceId, required: event.currentTarget.checked })}
        />
      ) : null}
      {canEdit ? (
        <Group>
          <Button
            variant="default"
            leftSection={<RefreshCw size={16} />}
            onClick={confirmRotate}
            loading={rotate.isPending}
          >
            Make a new identity secret
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          Only owners and admins change identity verification.
        </Text>
      )}
      {secret ? (
        <Alert
          color="green"
          title="New identity secret: put it in your server’s configuration now, it is not shown again"
          withCloseButton
          closeButtonLabel="Hide the new secret"
          // The light green title alone is below WCAG contrast on its tint: the title takes the text color.
          styles={{
            title: { color: 'var(--mantine-color-text)' },
            label: { color: 'var(--mantine-color-text)' },
          }}
          onClose={() => setSecret(null)}
        >
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="new-identity-secret" style={{ wordBreak: 'break-all' }}>
              {secret}
            </Code>
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy secret'}>
                  <ActionIcon variant="light" onClick={copy} aria-label="Copy the new identity secret">
                    {copied ? <Check size={16} /> : <Copy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Alert>
      ) : null}
    </Stack>
  );
}
