'use client';

import { ActionIcon, Button, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { Plus, Trash2 } from 'lucide-react';
import { FieldErrors, type TemplateFieldError } from './form-fields';

/**
 * Editable key/value rows (webhook headers, push data). Keys stay unique: a new row gets the first free
 * `<newKeyPrefix><n>`.
 */
export function KeyValueEntries(props: {
  legend: string;
  entries: Record<string, string>;
  onChange(entries: Record<string, string>): void;
  errors: readonly TemplateFieldError[];
  /** Accessible names of the inputs, numbered per row: "Header 1 name". */
  keyLabel(row: number): string;
  valueLabel(row: number): string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  newKeyPrefix: string;
  addLabel: string;
}) {
  const entries = Object.entries(props.entries);
  const replace = (index: number, key: string, value: string) =>
    props.onChange(Object.fromEntries(entries.map((entry, at) => (at === index ? [key, value] : entry))));
  const newKey = () => {
    let index = entries.length + 1;
    while (`${props.newKeyPrefix}${index}` in props.entries) index += 1;
    return `${props.newKeyPrefix}${index}`;
  };
  return (
    <Fieldset legend={props.legend}>
      <Stack gap="xs">
        {entries.map(([key, value], index) => (
          <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={props.keyLabel(index + 1)}
              placeholder={props.keyPlaceholder}
              value={key}
              onChange={(event) => replace(index, event.currentTarget.value, value)}
              flex={1}
            />
            <TextInput
              aria-label={props.valueLabel(index + 1)}
              placeholder={props.valuePlaceholder}
              value={value}
              onChange={(event) => replace(index, key, event.currentTarget.value)}
              flex={1}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove ${props.keyLabel(index + 1).toLowerCase()}`}
              onClick={() => props.onChange(Object.fromEntries(entries.filter((_, at) => at !== index)))}
            >
              <Trash2 size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<Plus size={14} aria-hidden />}
            onClick={() => props.onChange({ ...props.entries, [newKey()]: '' })}
          >
            {props.addLabel}
          </Button>
        </Group>
        <FieldErrors errors={props.errors} />
      </Stack>
    </Fieldset>
  );
}
