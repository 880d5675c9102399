'use client';

import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ChannelDescriptor, ChannelSettingsField } from '@nudgeflow/channels/descriptors';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/react';

type SecretState = { isSet: boolean; last4: string | null };
export interface ChannelSettingsState {
  settings: Record<string, unknown>;
  secrets: Record<string, SecretState>;
}

type Values = Record<string, string | number | boolean>;

function initialValues(
  fields: readonly ChannelSettingsField[],
  stored: ChannelSettingsState | undefined,
): Values {
  const values: Values = {};
  for (const field of fields) {
    const value = stored?.settings[field.name];
    if (field.kind === 'secret') values[field.name] = '';
    else if (field.kind === 'switch') values[field.name] = value === true;
    else if (typeof value === 'string' || typeof value === 'number') values[field.name] = value;
    else values[field.name] = '';
  }
  return values;
}

function secretHint(state: SecretState | undefined): string {
  if (!state?.isSet) return 'Not set';
  return state.last4
    ? `Set (ends in ${state.last4}). Leave empty to keep it.`
    : 'Set. Leave empty to keep it.';
}

/**
 * One channel's own settings, drawn from its descriptor's field list (the same list the server checks
 * against). Secret inputs start empty: the server never sends a secret back, it only says whether one is set.
 */
export function ChannelSettingsForm({
  workspaceId,
  descriptor,
  stored,
  canEdit,
}: {
  workspaceId: string;
  descriptor: ChannelDescriptor;
  stored: ChannelSettingsState | undefined;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = descriptor.settings!;
  const [values, setValues] = useState<Values>(() => initialValues(settings.fields, stored));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.channels.queryKey() });
  const save = useMutation(
    trpc.settings.saveChannelSettings.mutationOptions({
      onSuccess: async () => {
        setValues((current) => {
          const next = { ...current };
          for (const field of settings.fields) if (field.kind === 'secret') next[field.name] = '';
          return next;
        });
        await refresh();
      },
    }),
  );
  const clear = useMutation(
    trpc.settings.clearChannelSettings.mutationOptions({
      onSuccess: async () => {
        setValues(initialValues(settings.fields, undefined));
        await refresh();
      },
    }),
  );
  const fieldErrors = new Map(
    (save.error?.data?.fieldErrors ?? []).map((error) => [error.field, error.message] as const),
  );
  const prefix = `${descriptor.id}-settings`;

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ workspaceId, channel: descriptor.id, values });
  }

  const input = (field: ChannelSettingsField) => {
    const common = {
      key: field.name,
      id: `${prefix}-${field.name}`,
      name: field.name,
      label: field.label,
      description: field.description,
      placeholder: field.placeholder,
      required: field.required && field.kind !== 'secret' ? true : undefined,
      disabled: !canEdit,
      error: fieldErrors.get(field.name),
    };
    const set = (value: string | number | boolean) =>
      setValues((current) => ({ ...current, [field.name]: value }));
    switch (field.kind) {
      case 'switch':
        return (
          <Switch
            {...common}
            checked={values[field.name] === true}
            onChange={(event) => set(event.currentTarget.checked)}
          />
        );
      case 'number':
        return (
          <NumberInput
            {...common}
            value={values[field.name] as number | string}
            onChange={(value) => set(value)}
            allowDecimal={false}
            w={160}
          />
        );
      case 'secret':
        return (
          <PasswordInput
            {...common}
            autoComplete="new-password"
            description={[field.description, secretHint(stored?.secrets[field.name])]
              .filter(Boolean)
              .join(' · ')}
            value={values[field.name] as string}
            onChange={(event) => set(event.currentTarget.value)}
          />
        );
      default:
        return (
          <TextInput
            {...common}
            type={field.kind === 'email' ? 'email' : field.kind === 'url' ? 'url' : 'text'}
            value={values[field.name] as string}
            onChange={(event) => set(event.currentTarget.value)}
          />
        );
    }
  };

  return (
    <form onSubmit={submit} aria-labelledby={`${prefix}-title`}>
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={3} size="h4" id={`${prefix}-title`}>
            {descriptor.label}: {settings.title}
          </Title>
          {stored ? <Badge color="teal.9">own settings</Badge> : <Badge color="gray.7">server default</Badge>}
        </Group>
        <Text size="sm">{settings.fallback}</Text>
        {settings.fields.map(input)}
        {save.error && fieldErrors.size === 0 ? <Alert color="red">{save.error.message}</Alert> : null}
        {save.isSuccess ? (
          <Text size="sm" c="teal.9" role="status">
            Saved.
          </Text>
        ) : null}
        {canEdit ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save {descriptor.label.toLowerCase()} settings
            </Button>
            {stored ? (
              <Button
                variant="subtle"
                color="red"
                loading={clear.isPending}
                onClick={() => clear.mutate({ workspaceId, channel: descriptor.id })}
              >
                Use the server default
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
