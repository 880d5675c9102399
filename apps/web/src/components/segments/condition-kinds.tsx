'use client';

import { Group, NumberInput, Select, Switch, TextInput } from '@mantine/core';
import { PROFILE_TIME_FIELDS, type LeafCondition } from '@nudgeflow/segments';
import type { ReactNode } from 'react';
import { ComparisonInputs, PropertyFiltersInput } from './property-filters-input';
import { TimeReferenceInput } from './time-reference-input';

/**
 * Every leaf kind of the segment language, with its label, a fresh condition and its form: the one
 * registry the builder reads, so a new condition kind is one entry here.
 */
export interface FieldsProps<C extends LeafCondition> {
  condition: C;
  onChange: (next: C) => void;
  segments: { id: string; name: string }[];
}

interface ConditionKind<C extends LeafCondition> {
  label: string;
  create: () => C;
  Fields: (props: FieldsProps<C>) => ReactNode;
}

type KindOf<K extends LeafCondition['kind']> = Extract<LeafCondition, { kind: K }>;
type Registry = { [K in LeafCondition['kind']]: ConditionKind<KindOf<K>> };

const COUNT_OPS = [
  { value: 'gte', label: 'at least' },
  { value: 'gt', label: 'more than' },
  { value: 'eq', label: 'exactly' },
  { value: 'lte', label: 'at most' },
  { value: 'lt', label: 'fewer than' },
];

function EventName(props: { value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      label="Event"
      placeholder="Product Viewed"
      value={props.value}
      w={200}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}

export const CONDITION_KINDS: Registry = {
  performed: {
    label: 'Did an event',
    create: () => ({ kind: 'performed', event: '', where: [], count: { op: 'gte', value: 1 } }),
    Fields: ({ condition, onChange }) => (
      <>
        <Group gap="xs" align="flex-end">
          <EventName value={condition.event} onChange={(event) => onChange({ ...condition, event })} />
          <Select
            label="Times"
            data={COUNT_OPS}
            value={condition.count.op}
            allowDeselect={false}
            w={130}
            onChange={(op) =>
              op && onChange({ ...condition, count: { ...condition.count, op: op as 'gte' } })
            }
          />
          <NumberInput
            label="Count"
            min={0}
            w={90}
            value={condition.count.value}
            onChange={(value) =>
              onChange({
                ...condition,
                count: { ...condition.count, value: typeof value === 'number' ? value : 0 },
              })
            }
          />
          <TimeReferenceInput
            label="Since"
            optional
            value={condition.since}
            onChange={(since) => onChange({ ...condition, since })}
          />
        </Group>
        <PropertyFiltersInput
          value={condition.where}
          onChange={(where) => onChange({ ...condition, where })}
        />
      </>
    ),
  },
  not_performed: {
    label: 'Did not do an event',
    create: () => ({ kind: 'not_performed', event: '', where: [] }),
    Fields: ({ condition, onChange }) => (
      <>
        <Group gap="xs" align="flex-end">
          <EventName value={condition.event} onChange={(event) => onChange({ ...condition, event })} />
          <TimeReferenceInput
            label="Since"
            optional
            value={condition.since}
            onChange={(since) => onChange({ ...condition, since })}
          />
        </Group>
        <PropertyFiltersInput
          value={condition.where}
          onChange={(where) => onChange({ ...condition, where })}
        />
      </>
    ),
  },
  last_performed: {
    label: 'Last did an event',
    create: () => ({
      kind: 'last_performed',
      event: '',
      where: [],
      op: 'before',
      at: { kind: 'ago', amount: 30, unit: 'days' },
    }),
    Fields: ({ condition, onChange }) => (
      <>
        <Group gap="xs" align="flex-end">
          <EventName value={condition.event} onChange={(event) => onChange({ ...condition, event })} />
          <Select
            label="When"
            data={['before', 'after']}
            value={condition.op}
            allowDeselect={false}
            w={100}
            onChange={(op) => op && onChange({ ...condition, op: op as 'before' | 'after' })}
          />
          <TimeReferenceInput
            label="Time"
            value={condition.at}
            onChange={(at) => at && onChange({ ...condition, at })}
          />
        </Group>
        <PropertyFiltersInput
          value={condition.where}
          onChange={(where) => onChange({ ...condition, where })}
        />
      </>
    ),
  },
  trait: {
    label: 'Profile attribute',
    create: () => ({ kind: 'trait', path: 'country', op: 'eq', value: '' }),
    Fields: ({ condition, onChange }) => (
      <ComparisonInputs
        label="Attribute"
        path={condition.path}
        op={condition.op}
        value={condition.value}
        pathPlaceholder="country or traits.plan"
        onChange={(next) => onChange({ ...condition, ...next, value: next.value as typeof condition.value })}
      />
    ),
  },
  profile_time: {
    label: 'Profile time',
    create: () => ({
      kind: 'profile_time',
      field: 'lastSeenAt',
      op: 'before',
      at: { kind: 'ago', amount: 6, unit: 'weeks' },
    }),
    Fields: ({ condition, onChange }) => (
      <Group gap="xs" align="flex-end">
        <Select
          label="Field"
          data={[...PROFILE_TIME_FIELDS]}
          value={condition.field}
          allowDeselect={false}
          w={140}
          onChange={(field) => field && onChange({ ...condition, field: field as typeof condition.field })}
        />
        <Select
          label="When"
          data={['before', 'after']}
          value={condition.op}
          allowDeselect={false}
          w={100}
          onChange={(op) => op && onChange({ ...condition, op: op as 'before' | 'after' })}
        />
        <TimeReferenceInput
          label="Time"
          value={condition.at}
          onChange={(at) => at && onChange({ ...condition, at })}
        />
      </Group>
    ),
  },
  message: {
    label: 'Message engagement',
    create: () => ({ kind: 'message', engagement: 'opened' }),
    Fields: ({ condition, onChange }) => (
      <Group gap="xs" align="flex-end">
        <Select
          label="Engagement"
          data={['received', 'opened', 'clicked', 'converted']}
          value={condition.engagement}
          allowDeselect={false}
          w={130}
          onChange={(engagement) =>
            engagement && onChange({ ...condition, engagement: engagement as typeof condition.engagement })
          }
        />
        <TextInput
          label="Channel (optional)"
          placeholder="email"
          w={150}
          value={condition.channel ?? ''}
          onChange={(event) => onChange({ ...condition, channel: event.currentTarget.value || undefined })}
        />
        <TimeReferenceInput
          label="Since"
          optional
          value={condition.since}
          onChange={(since) => onChange({ ...condition, since })}
        />
      </Group>
    ),
  },
  reachable: {
    label: 'Reachable on a channel',
    create: () => ({ kind: 'reachable', channel: 'any' }),
    Fields: ({ condition, onChange }) => (
      <Select
        label="Channel"
        data={['any', 'email', 'sms', 'push']}
        value={condition.channel}
        allowDeselect={false}
        w={140}
        onChange={(channel) =>
          channel && onChange({ ...condition, channel: channel as typeof condition.channel })
        }
      />
    ),
  },
  topic: {
    label: 'Topic subscription',
    create: () => ({ kind: 'topic', topic: '', subscribed: true }),
    Fields: ({ condition, onChange }) => (
      <Group gap="md" align="flex-end">
        <TextInput
          label="Topic key"
          placeholder="newsletter"
          w={180}
          value={condition.topic}
          onChange={(event) => onChange({ ...condition, topic: event.currentTarget.value })}
        />
        <Switch
          label="Subscribed"
          checked={condition.subscribed}
          onChange={(event) => onChange({ ...condition, subscribed: event.currentTarget.checked })}
          mb={8}
        />
      </Group>
    ),
  },
  in_segment: {
    label: 'In another segment',
    create: () => ({ kind: 'in_segment', segmentId: '' }),
    Fields: ({ condition, onChange, segments }) => (
      <Select
        label="Segment"
        placeholder="Choose a segment"
        data={segments.map((segment) => ({ value: segment.id, label: segment.name }))}
        value={condition.segmentId || null}
        w={260}
        onChange={(segmentId) => onChange({ ...condition, segmentId: segmentId ?? '' })}
      />
    ),
  },
  random_bucket: {
    label: 'Random split',
    create: () => ({ kind: 'random_bucket', from: 0, to: 50, salt: '' }),
    Fields: ({ condition, onChange }) => (
      <Group gap="xs" align="flex-end">
        <NumberInput
          label="From bucket"
          min={0}
          max={100}
          w={110}
          value={condition.from}
          onChange={(from) => onChange({ ...condition, from: typeof from === 'number' ? from : 0 })}
        />
        <NumberInput
          label="To bucket"
          min={0}
          max={100}
          w={110}
          value={condition.to}
          onChange={(to) => onChange({ ...condition, to: typeof to === 'number' ? to : 0 })}
        />
        <TextInput
          label="Salt"
          w={140}
          value={condition.salt}
          onChange={(event) => onChange({ ...condition, salt: event.currentTarget.value })}
        />
      </Group>
    ),
  },
};

export const CONDITION_KIND_OPTIONS = (Object.keys(CONDITION_KINDS) as LeafCondition['kind'][]).map(
  (kind) => ({
    kind,
    label: CONDITION_KINDS[kind].label,
  }),
);

/** The form of any leaf, looked up in the registry. */
export function LeafFields(props: FieldsProps<LeafCondition>) {
  const kind = CONDITION_KINDS[props.condition.kind] as unknown as ConditionKind<LeafCondition>;
  return <kind.Fields {...props} />;
}
