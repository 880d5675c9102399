'use client';

import { ActionIcon, Button, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { Plus, Trash2 } from 'lucide-react';
import { FieldErrors, type TemplateFieldError } from '../form-fields';

export type MessageAction = { action?: string; title?: string; url?: string };

export function actionsOf(value: unknown): MessageAction[] {
  return Array.isArray(value) ? (value as MessageAction[]) : [];
}

/** The buttons of a push or in-app message (at most two): title and link, and for push an action id. */
export function ActionList(props: {
  label: string;
  withId?: boolean;
  actions: MessageAction[];
  onChange(actions: MessageAction[]): void;
  errors: readonly TemplateFieldError[];
}) {
  const update = (index: number, patch: MessageAction) =>
    props.onChange(props.actions.map((action, at) => (at === index ? { ...action, ...patch } : action)));
  return (
    <Fieldset legend={props.label}>
      <Stack gap="xs">
        {props.actions.map((action, index) => (
          <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
            {props.withId ? (
              <TextInput
                aria-label={`Action ${index + 1} id`}
                placeholder="id, e.g. open-cart"
                value={action.action ?? ''}
                onChange={(event) => update(index, { action: event.currentTarget.value })}
                flex={1}
              />
            ) : null}
            <TextInput
              aria-label={`Action ${index + 1} title`}
              placeholder="Button text"
              value={action.title ?? ''}
              onChange={(event) => update(index, { title: event.currentTarget.value })}
              flex={1}
            />
            <TextInput
              aria-label={`Action ${index + 1} URL`}
              placeholder="https://…"
              value={action.url ?? ''}
              onChange={(event) => update(index, { url: event.currentTarget.value })}
              flex={1}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove action ${index + 1}`}
              onClick={() => props.onChange(props.actions.filter((_, at) => at !== index))}
            >
              <Trash2 size={16} />
            </ActionIcon>
          </Group>
        ))}
        {props.actions.length < 2 ? (
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<Plus size={14} aria-hidden />}
              onClick={() =>
                props.onChange([
                  ...props.actions,
                  props.withId ? { action: `action-${props.actions.length + 1}`, title: '' } : { title: '' },
                ])
              }
            >
              Add button
            </Button>
          </Group>
        ) : null}
        <FieldErrors errors={props.errors} />
      </Stack>
    </Fieldset>
  );
}
