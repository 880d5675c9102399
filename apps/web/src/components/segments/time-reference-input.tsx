'use client';

import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import type { TimeReference } from '@nudgeflow/segments';

const UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;

/**
 * A point in time for a condition: "N units ago" (moves with the clock) or a fixed date. With `optional`,
 * "ever" leaves it unset (a window over all time).
 */
export function TimeReferenceInput(props: {
  label: string;
  value: TimeReference | undefined;
  onChange: (value: TimeReference | undefined) => void;
  optional?: boolean;
}) {
  const mode = props.value?.kind ?? 'ever';
  const modes = [
    ...(props.optional ? [{ value: 'ever', label: 'ever' }] : []),
    { value: 'ago', label: props.optional ? 'in the last' : 'ago' },
    { value: 'date', label: 'a date' },
  ];
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label={props.label}
        data={modes}
        value={mode}
        allowDeselect={false}
        w={140}
        onChange={(next) => {
          if (next === 'ever') props.onChange(undefined);
          else if (next === 'ago') props.onChange({ kind: 'ago', amount: 7, unit: 'days' });
          else props.onChange({ kind: 'date', date: new Date().toISOString().slice(0, 10) + 'T00:00:00Z' });
        }}
      />
      {props.value?.kind === 'ago' ? (
        <>
          <NumberInput
            label={`${props.label}: amount`}
            min={1}
            w={100}
            value={props.value.amount}
            onChange={(amount) =>
              props.value?.kind === 'ago' &&
              props.onChange({ ...props.value, amount: typeof amount === 'number' ? amount : 1 })
            }
          />
          <Select
            label={`${props.label}: unit`}
            data={[...UNITS]}
            w={110}
            allowDeselect={false}
            value={props.value.unit}
            onChange={(unit) =>
              props.value?.kind === 'ago' &&
              unit &&
              props.onChange({ ...props.value, unit: unit as (typeof UNITS)[number] })
            }
          />
        </>
      ) : null}
      {props.value?.kind === 'date' ? (
        <TextInput
          label={`${props.label}: date (ISO)`}
          w={220}
          value={props.value.date}
          onChange={(event) => props.onChange({ kind: 'date', date: event.currentTarget.value })}
        />
      ) : null}
    </Group>
  );
}
