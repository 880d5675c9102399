'use client';

import { ActionIcon, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { PropertyFilterOperator, type PropertyFilter } from '@nudgeflow/segments';
import { Plus, X } from 'lucide-react';
import { formatFilterValue, parseFilterValue } from './condition-tree';

export const OPERATOR_LABELS: Record<PropertyFilterOperator, string> = {
  eq: 'equals',
  neq: 'does not equal',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  contains: 'contains',
  not_contains: 'does not contain',
  in: 'is one of',
  not_in: 'is none of',
  exists: 'is set',
  not_exists: 'is not set',
};
export const OPERATOR_OPTIONS = PropertyFilterOperator.options.map((op) => ({
  value: op,
  label: OPERATOR_LABELS[op],
}));

/** One comparison: path, operator and (unless the operator needs none) a value. */
export function ComparisonInputs(props: {
  label: string;
  path: string;
  op: PropertyFilterOperator;
  value: unknown;
  pathPlaceholder?: string;
  onChange: (next: { path: string; op: PropertyFilterOperator; value: unknown }) => void;
}) {
  const { path, op, value } = props;
  const needsValue = op !== 'exists' && op !== 'not_exists';
  return (
    <Group gap="xs" align="flex-end">
      <TextInput
        label={`${props.label} path`}
        placeholder={props.pathPlaceholder}
        value={path}
        w={180}
        onChange={(event) => props.onChange({ path: event.currentTarget.value, op, value })}
      />
      <Select
        label={`${props.label} operator`}
        data={OPERATOR_OPTIONS}
        value={op}
        allowDeselect={false}
        w={170}
        onChange={(next) =>
          next &&
          props.onChange({
            path,
            op: next as PropertyFilterOperator,
            value: next === 'exists' || next === 'not_exists' ? undefined : (value ?? ''),
          })
        }
      />
      {needsValue ? (
        <TextInput
          label={`${props.label} value`}
          placeholder={op === 'in' || op === 'not_in' ? 'a, b, c' : 'value'}
          value={formatFilterValue(value)}
          w={180}
          onChange={(event) =>
            props.onChange({ path, op, value: parseFilterValue(event.currentTarget.value, op) })
          }
        />
      ) : null}
    </Group>
  );
}

/** The `where` of an event condition: every filter must hold on the event's properties. */
export function PropertyFiltersInput(props: {
  value: PropertyFilter[];
  onChange: (value: PropertyFilter[]) => void;
}) {
  const filters = props.value;
  return (
    <Stack gap={4}>
      {filters.map((filter, index) => (
        <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
          <ComparisonInputs
            label={`Where ${index + 1}:`}
            path={filter.path}
            op={filter.op}
            value={filter.value}
            pathPlaceholder="category"
            onChange={(next) =>
              props.onChange(filters.map((item, at) => (at === index ? (next as PropertyFilter) : item)))
            }
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`Remove property filter ${index + 1}`}
            onClick={() => props.onChange(filters.filter((_, at) => at !== index))}
            mb={4}
          >
            <X size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<Plus size={14} />}
          onClick={() => props.onChange([...filters, { path: '', op: 'eq', value: '' }])}
        >
          Add property filter
        </Button>
      </Group>
    </Stack>
  );
}
