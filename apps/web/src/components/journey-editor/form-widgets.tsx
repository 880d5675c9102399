'use client';

import {
  Autocomplete,
  Chip,
  Group,
  List,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { cronError, nextScheduleFire, type FieldWidget } from '@nudgeflow/journey';
import type { ComponentType } from 'react';
import {
  ArrayField,
  errorAt,
  fieldName,
  JsonField,
  SchemaField,
  TextField,
  useFormContext,
  type FieldProps,
} from './schema-form';

/**
 * The widget registry: one component per `FieldWidget` a kind's UI hints may name. A widget gets the
 * field's JSON Schema, value, path and error, so plugins' kinds get the same widgets for free.
 */

const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
const CHANNELS = ['push', 'email', 'in_app', 'sms', 'webhook'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function idOf(prefix: string, props: FieldProps, suffix = ''): string {
  return `${prefix}${fieldName(props.path)}${suffix}`;
}

function DurationWidget(props: FieldProps) {
  const { idPrefix, readOnly, errors } = useFormContext();
  const value = (props.value ?? {}) as { amount?: number; unit?: string };
  const error =
    props.error ?? errorAt(errors, [...props.path, 'amount']) ?? errorAt(errors, [...props.path, 'unit']);
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NumberInput
        id={idOf(idPrefix, props, '.amount')}
        label={props.label}
        value={value.amount ?? ''}
        min={0}
        disabled={readOnly}
        error={error}
        onChange={(amount) =>
          props.onChange({ ...value, amount: typeof amount === 'number' ? amount : undefined })
        }
        style={{ flex: 1 }}
      />
      <Select
        id={idOf(idPrefix, props, '.unit')}
        aria-label={`${props.label}: unit`}
        data={UNITS.map((unit) => ({ value: unit, label: unit }))}
        value={value.unit ?? 'hours'}
        allowDeselect={false}
        disabled={readOnly}
        onChange={(unit) => props.onChange({ ...value, unit })}
        w={120}
      />
    </Group>
  );
}

/** Event names the workspace has received, and free text for one not seen yet. */
function EventNameWidget(props: FieldProps) {
  const { idPrefix, readOnly, options } = useFormContext();
  return (
    <Autocomplete
      id={idOf(idPrefix, props)}
      name={idOf(idPrefix, props)}
      label={props.label}
      placeholder={props.hint?.placeholder ?? 'Order Completed'}
      data={options.events}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={props.onChange}
      error={props.error}
      disabled={readOnly}
    />
  );
}

function EventMatcherWidget(props: FieldProps) {
  const value = (props.value ?? {}) as { event?: string; where?: unknown[] };
  const { errors } = useFormContext();
  return (
    <Stack gap={4}>
      <EventNameWidget
        {...props}
        value={value.event}
        path={[...props.path, 'event']}
        error={props.error ?? errorAt(errors, [...props.path, 'event'])}
        onChange={(event) => props.onChange({ ...value, event, where: value.where ?? [] })}
      />
      <SchemaField
        schema={props.schema.properties?.['where'] ?? { type: 'array' }}
        value={value.where ?? []}
        path={[...props.path, 'where']}
        onChange={(where) => props.onChange({ ...value, where })}
      />
    </Stack>
  );
}

function TemplatePickerWidget(props: FieldProps) {
  const { idPrefix, readOnly, options, rootValue } = useFormContext();
  // The channel beside this template in the same step narrows the list.
  let step: unknown = rootValue;
  for (const part of props.path.slice(0, -1))
    step = (step as Record<string | number, unknown> | undefined)?.[part];
  const channel = (step as { channel?: string } | undefined)?.channel;
  const templates = options.templates.filter((template) => !channel || template.channel === channel);
  return (
    <Select
      id={idOf(idPrefix, props)}
      label={props.label}
      placeholder={templates.length ? 'Choose a template' : `No ${channel ?? ''} templates yet`}
      data={templates.map((template) => ({ value: template.id, label: template.name }))}
      value={typeof props.value === 'string' && props.value ? props.value : null}
      onChange={(value) => props.onChange(value ?? '')}
      searchable
      error={props.error}
      disabled={readOnly}
    />
  );
}

function SegmentPickerWidget(props: FieldProps) {
  const { idPrefix, readOnly, options } = useFormContext();
  return (
    <Select
      id={idOf(idPrefix, props)}
      label={props.label}
      placeholder="Choose a segment"
      data={options.segments.map((segment) => ({ value: segment.id, label: segment.name }))}
      value={typeof props.value === 'string' && props.value ? props.value : null}
      onChange={(value) => props.onChange(value ?? '')}
      searchable
      error={props.error}
      disabled={readOnly}
    />
  );
}

function ChannelPickerWidget(props: FieldProps) {
  const { idPrefix, readOnly } = useFormContext();
  return (
    <Select
      id={idOf(idPrefix, props)}
      label={props.label}
      data={CHANNELS}
      value={typeof props.value === 'string' && props.value ? props.value : null}
      onChange={(value) => props.onChange(value ?? '')}
      error={props.error}
      disabled={readOnly}
      allowDeselect={false}
    />
  );
}

/** The channel priority list: push, else email, …; each step a channel and a template for it. */
function ChannelStepsWidget(props: FieldProps) {
  return (
    <ArrayField
      {...props}
      renderItem={(index, item, onChange) => {
        const step = (item ?? {}) as { channel?: string; templateId?: string };
        return (
          <Group gap="xs" grow align="flex-start">
            <SchemaField
              schema={{ type: 'string' }}
              value={step.channel}
              path={[...props.path, index, 'channel']}
              onChange={(channel) => onChange({ ...step, channel, templateId: '' })}
            />
            <SchemaField
              schema={{ type: 'string' }}
              value={step.templateId}
              path={[...props.path, index, 'templateId']}
              onChange={(templateId) => onChange({ ...step, templateId })}
            />
          </Group>
        );
      }}
    />
  );
}

function TimeOfDayWidget(props: FieldProps) {
  const { idPrefix, readOnly } = useFormContext();
  return (
    <TextInput
      id={idOf(idPrefix, props)}
      type="time"
      label={props.label}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.error}
      disabled={readOnly}
    />
  );
}

function WeekdaysWidget(props: FieldProps) {
  const { readOnly } = useFormContext();
  const days = Array.isArray(props.value) ? (props.value as string[]) : [];
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={`${fieldName(props.path)}-label`}>
        {props.label}
      </Text>
      <Chip.Group
        multiple
        value={days}
        onChange={(next) => props.onChange(WEEKDAYS.filter((day) => next.includes(day)))}
      >
        <Group gap={4} role="group" aria-labelledby={`${fieldName(props.path)}-label`}>
          {WEEKDAYS.map((day) => (
            <Chip key={day} value={day} size="xs" disabled={readOnly}>
              {day}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {props.error ? (
        <Text size="xs" c="red.9">
          {props.error}
        </Text>
      ) : null}
    </Stack>
  );
}

const ZONES: string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

function TimezoneWidget(props: FieldProps) {
  const { idPrefix, readOnly } = useFormContext();
  return (
    <Autocomplete
      id={idOf(idPrefix, props)}
      label={props.label}
      data={ZONES}
      limit={20}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={props.onChange}
      error={props.error}
      disabled={readOnly}
    />
  );
}

function DatetimeWidget(props: FieldProps) {
  const { idPrefix, readOnly } = useFormContext();
  return (
    <TextInput
      id={idOf(idPrefix, props)}
      type="datetime-local"
      label={props.label}
      value={typeof props.value === 'string' ? props.value.slice(0, 16) : ''}
      onChange={(event) => props.onChange(event.currentTarget.value ? `${event.currentTarget.value}:00` : '')}
      error={props.error}
      disabled={readOnly}
    />
  );
}

/** A cron expression with its next five fire times in the trigger's zone. */
function CronWidget(props: FieldProps) {
  const { idPrefix, readOnly, rootValue } = useFormContext();
  const expression = typeof props.value === 'string' ? props.value : '';
  const problem = expression ? cronError(expression) : null;
  const zone = (rootValue as { timezone?: string } | undefined)?.timezone ?? 'UTC';
  const fires: Date[] = [];
  if (expression && !problem) {
    let after = new Date();
    for (let n = 0; n < 5; n++) {
      const next = nextScheduleFire(
        {
          when: { kind: 'cron', expression },
          customerLocalTime: false,
          timezone: zone,
          segmentId: 'preview',
        },
        after,
      );
      if (!next) break;
      fires.push(next);
      after = next;
    }
  }
  return (
    <Stack gap={4}>
      <TextInput
        id={idOf(idPrefix, props)}
        label={props.label}
        placeholder={props.hint?.placeholder ?? '0 9 * * 1'}
        value={expression}
        onChange={(event) => props.onChange(event.currentTarget.value)}
        error={props.error ?? problem ?? undefined}
        disabled={readOnly}
        styles={{ input: { fontFamily: 'monospace' } }}
      />
      {fires.length > 0 ? (
        <div>
          <Text size="xs" c="gray.7">
            Next fire times ({zone})
          </Text>
          <List size="xs" data-testid="cron-next-fires">
            {fires.map((fire) => (
              <List.Item key={fire.toISOString()}>
                {fire.toLocaleString('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' })}
              </List.Item>
            ))}
          </List>
        </div>
      ) : null}
    </Stack>
  );
}

function PercentWidget(props: FieldProps) {
  const { idPrefix, readOnly } = useFormContext();
  return (
    <NumberInput
      id={idOf(idPrefix, props)}
      label={props.label}
      suffix="%"
      min={0}
      max={100}
      value={typeof props.value === 'number' ? props.value : ''}
      onChange={(value) => props.onChange(typeof value === 'number' ? value : undefined)}
      error={props.error}
      disabled={readOnly}
    />
  );
}

function SecretWidget(props: FieldProps) {
  const { idPrefix, readOnly } = useFormContext();
  return (
    <PasswordInput
      id={idOf(idPrefix, props)}
      label={props.label}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.error}
      disabled={readOnly}
    />
  );
}

const text = (props: FieldProps) => <TextField {...props} />;

export const FIELD_WIDGETS: Partial<Record<FieldWidget, ComponentType<FieldProps>>> = {
  text,
  textarea: (props) => <TextField {...props} multiline />,
  'attribute-name': text,
  tag: text,
  'topic-picker': text,
  duration: DurationWidget,
  'event-name': EventNameWidget,
  'event-matcher': EventMatcherWidget,
  'template-picker': TemplatePickerWidget,
  'segment-picker': SegmentPickerWidget,
  'channel-picker': ChannelPickerWidget,
  'channel-steps': ChannelStepsWidget,
  'time-of-day': TimeOfDayWidget,
  weekdays: WeekdaysWidget,
  timezone: TimezoneWidget,
  datetime: DatetimeWidget,
  cron: CronWidget,
  percent: PercentWidget,
  secret: SecretWidget,
  json: (props) => <JsonField {...props} />,
  // The branch condition (and/or/not over traits, segments and events) is a recursive union: the generic
  // renderer draws it as nested variant pickers, one level per group.
};
