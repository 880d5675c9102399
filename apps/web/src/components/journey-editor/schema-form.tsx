'use client';

import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { FieldHint, JourneyError } from '@nudgeflow/journey';
import { Plus, Trash2 } from 'lucide-react';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { FIELD_WIDGETS } from './form-widgets';

/**
 * One form renderer for every node kind (and plugin kinds, and the journey settings): JSON Schema from the
 * kind's zod schema, plus the kind's UI hints, which name a widget from the registry in form-widgets.tsx.
 * Nothing here knows a node type.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

export type FieldPath = readonly (string | number)[];

export interface PickerOptions {
  events: string[];
  segments: { id: string; name: string }[];
  templates: { id: string; name: string; channel: string }[];
}

interface FormContextValue {
  root: JsonSchema;
  rootValue: unknown;
  hints: Record<string, FieldHint>;
  errors: readonly JourneyError[];
  options: PickerOptions;
  readOnly: boolean;
  /** Distinguishes the inputs of two forms on one page (ids and test hooks). */
  idPrefix: string;
}

const FormContext = createContext<FormContextValue | null>(null);

export function useFormContext(): FormContextValue {
  const value = useContext(FormContext);
  if (!value) throw new Error('A form field outside a SchemaForm');
  return value;
}

export function hintKey(path: FieldPath): string {
  return path.map((part) => (typeof part === 'number' ? '*' : part)).join('.');
}

export function fieldName(path: FieldPath): string {
  return path.join('.');
}

export function resolveSchema(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (schema.$ref?.startsWith('#/$defs/')) return root.$defs?.[schema.$ref.slice('#/$defs/'.length)] ?? {};
  return schema;
}

/** A value a new field or array item starts with: the schema's default, else the simplest valid shape. */
export function defaultFor(input: JsonSchema, root: JsonSchema): unknown {
  const schema = resolveSchema(input, root);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length) return defaultFor(variants[0]!, root);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    return Object.fromEntries(
      (schema.required ?? []).map((key) => [key, defaultFor(schema.properties?.[key] ?? {}, root)]),
    );
  }
  if (type === 'array') return [];
  if (type === 'number' || type === 'integer') return schema.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'null') return null;
  return '';
}

function humanize(key: string | number | undefined): string {
  if (key === undefined) return '';
  if (typeof key === 'number') return `#${key + 1}`;
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const part of path) current = (current as Record<string | number, unknown> | null | undefined)?.[part];
  return current;
}

/** `showIf` names a dotted field from the root; `*` stands for the index this field is under. */
function visible(hint: FieldHint | undefined, path: FieldPath, rootValue: unknown): boolean {
  if (!hint?.showIf) return true;
  const indices = path.filter((part): part is number => typeof part === 'number');
  let next = 0;
  const target = hint.showIf.field.split('.').map((part) => (part === '*' ? (indices[next++] ?? 0) : part));
  return hint.showIf.equals.includes(valueAt(rootValue, target));
}

export function errorAt(errors: readonly JourneyError[], path: FieldPath): string | undefined {
  const name = fieldName(path);
  const messages = errors.filter((error) => (error.field ?? '') === name).map((error) => error.message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  path: FieldPath;
  label: string;
  hint?: FieldHint;
  error?: string;
  onChange(value: unknown): void;
}

export function SchemaField(props: {
  schema: JsonSchema;
  value: unknown;
  path: FieldPath;
  required?: boolean;
  onChange(value: unknown): void;
}) {
  const context = useFormContext();
  const schema = resolveSchema(props.schema, context.root);
  const key = hintKey(props.path);
  const hint = context.hints[key];
  if (!visible(hint, props.path, context.rootValue)) return null;
  const label = hint?.label ?? humanize(props.path[props.path.length - 1]);
  const error = errorAt(context.errors, props.path);
  const fieldProps: FieldProps = {
    schema,
    value: props.value,
    path: props.path,
    label,
    hint,
    error,
    onChange: props.onChange,
  };
  const Widget = hint?.widget ? FIELD_WIDGETS[hint.widget] : undefined;
  if (Widget) return <Widget {...fieldProps} />;
  return <GenericField {...fieldProps} />;
}

function GenericField(props: FieldProps) {
  const context = useFormContext();
  const { schema } = props;
  const variants = schema.oneOf ?? schema.anyOf;
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  const id = `${context.idPrefix}${fieldName(props.path)}`;
  if (variants) return <VariantField {...props} variants={variants} />;
  if (schema.enum) {
    return (
      <Select
        id={id}
        label={props.label}
        description={props.hint?.help}
        data={schema.enum.map((option) => ({ value: String(option), label: humanize(String(option)) }))}
        value={props.value === undefined ? null : String(props.value)}
        onChange={(value) => props.onChange(schema.enum!.find((option) => String(option) === value))}
        error={props.error}
        disabled={context.readOnly}
        allowDeselect={false}
      />
    );
  }
  if (type === 'object') return <ObjectField {...props} />;
  if (type === 'array') return <ArrayField {...props} />;
  if (type === 'boolean') {
    return (
      <Switch
        id={id}
        label={props.label}
        checked={props.value === true}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
        error={props.error}
        disabled={context.readOnly}
      />
    );
  }
  if (type === 'number' || type === 'integer') {
    return (
      <NumberInput
        id={id}
        label={props.label}
        description={props.hint?.help}
        value={typeof props.value === 'number' ? props.value : ''}
        onChange={(value) => props.onChange(typeof value === 'number' ? value : undefined)}
        min={schema.minimum}
        max={schema.maximum}
        error={props.error}
        disabled={context.readOnly}
      />
    );
  }
  if (type === 'string') return <TextField {...props} />;
  return <JsonField {...props} />;
}

export function TextField(props: FieldProps & { multiline?: boolean }) {
  const context = useFormContext();
  const Input = props.multiline ? Textarea : TextInput;
  return (
    <Input
      id={`${context.idPrefix}${fieldName(props.path)}`}
      name={`${context.idPrefix}${fieldName(props.path)}`}
      label={props.label}
      description={props.hint?.help}
      placeholder={props.hint?.placeholder}
      value={typeof props.value === 'string' ? props.value : ''}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.error}
      disabled={context.readOnly}
    />
  );
}

/** Free JSON for what no widget covers (a value of any type); invalid JSON stays local until it parses. */
export function JsonField(props: FieldProps) {
  const context = useFormContext();
  const [text, setText] = useState(() => JSON.stringify(props.value ?? null, null, 2));
  const [invalid, setInvalid] = useState<string | null>(null);
  return (
    <Textarea
      id={`${context.idPrefix}${fieldName(props.path)}`}
      label={props.label}
      description={props.hint?.help ?? 'JSON'}
      autosize
      minRows={2}
      value={text}
      styles={{ input: { fontFamily: 'monospace' } }}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        try {
          props.onChange(JSON.parse(next));
          setInvalid(null);
        } catch {
          setInvalid('Not valid JSON yet');
        }
      }}
      error={invalid ?? props.error}
      disabled={context.readOnly}
    />
  );
}

function ObjectField(props: FieldProps) {
  const context = useFormContext();
  const value = (props.value ?? {}) as Record<string, unknown>;
  const required = new Set(props.schema.required ?? []);
  const entries = Object.entries(props.schema.properties ?? {});
  const body = (
    <Stack gap="xs">
      {props.error ? (
        <Text size="sm" c="red.9" role="alert">
          {props.error}
        </Text>
      ) : null}
      {entries.map(([key, child]) => {
        const childSchema = resolveSchema(child, context.root);
        const optionalObject =
          !required.has(key) && value[key] === undefined && childSchema.type === 'object';
        if (optionalObject) {
          const hint = context.hints[hintKey([...props.path, key])];
          return (
            <Button
              key={key}
              variant="light"
              size="xs"
              leftSection={<Plus size={14} aria-hidden />}
              disabled={context.readOnly}
              onClick={() => props.onChange({ ...value, [key]: defaultFor(childSchema, context.root) })}
            >
              Add {(hint?.label ?? humanize(key)).toLowerCase()}
            </Button>
          );
        }
        return (
          <Group key={key} gap={4} align="flex-end" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <SchemaField
                schema={child}
                value={value[key]}
                path={[...props.path, key]}
                onChange={(next) => props.onChange({ ...value, [key]: next })}
              />
            </div>
            {!required.has(key) && childSchema.type === 'object' ? (
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${humanize(key).toLowerCase()}`}
                disabled={context.readOnly}
                onClick={() => {
                  const { [key]: _removed, ...rest } = value;
                  props.onChange(rest);
                }}
              >
                <Trash2 size={16} aria-hidden />
              </ActionIcon>
            ) : null}
          </Group>
        );
      })}
    </Stack>
  );
  if (props.path.length === 0) return body;
  return (
    <Fieldset legend={props.label} p="xs">
      {body}
    </Fieldset>
  );
}

export function ArrayField(
  props: FieldProps & {
    renderItem?: (index: number, item: unknown, onChange: (value: unknown) => void) => ReactNode;
  },
) {
  const context = useFormContext();
  const items = Array.isArray(props.value) ? props.value : [];
  const itemSchema = props.schema.items ?? {};
  const full = props.schema.maxItems !== undefined && items.length >= props.schema.maxItems;
  return (
    <Fieldset legend={props.label} p="xs">
      <Stack gap="xs">
        {props.error ? (
          <Text size="sm" c="red.9" role="alert">
            {props.error}
          </Text>
        ) : null}
        {items.map((item, index) => {
          const change = (next: unknown) =>
            props.onChange(items.map((old, at) => (at === index ? next : old)));
          return (
            <Group key={index} gap={4} align="flex-start" wrap="nowrap">
              <div style={{ flex: 1 }}>
                {props.renderItem ? (
                  props.renderItem(index, item, change)
                ) : (
                  <SchemaField
                    schema={itemSchema}
                    value={item}
                    path={[...props.path, index]}
                    onChange={change}
                  />
                )}
              </div>
              <ActionIcon
                variant="subtle"
                color="red"
                mt={4}
                aria-label={`Remove ${props.label.toLowerCase()} ${index + 1}`}
                disabled={context.readOnly}
                onClick={() => props.onChange(items.filter((_, at) => at !== index))}
              >
                <Trash2 size={16} aria-hidden />
              </ActionIcon>
            </Group>
          );
        })}
        <Button
          variant="light"
          size="xs"
          leftSection={<Plus size={14} aria-hidden />}
          disabled={context.readOnly || full}
          onClick={() => props.onChange([...items, defaultFor(itemSchema, context.root)])}
        >
          Add to {props.label.toLowerCase()}
        </Button>
      </Stack>
    </Fieldset>
  );
}

/** The `const` property that tells object variants apart (`kind`, `mode`, `op`), when there is one. */
function discriminatorOf(variants: JsonSchema[], root: JsonSchema): string | null {
  const objects = variants.map((variant) => resolveSchema(variant, root));
  if (!objects.every((variant) => variant.type === 'object' && variant.properties)) return null;
  const first = objects[0]!;
  for (const key of Object.keys(first.properties!)) {
    if (objects.every((variant) => variant.properties![key]?.const !== undefined)) return key;
  }
  return null;
}

function VariantField(props: FieldProps & { variants: JsonSchema[] }) {
  const context = useFormContext();
  // Nested unions (`anyOf: [and, or, not, oneOf: [trait, segment, …]]`) are one choice to the marketer.
  const flatten = (list: JsonSchema[]): JsonSchema[] =>
    list.flatMap((variant) => {
      const resolved = resolveSchema(variant, context.root);
      const inner = resolved.oneOf ?? resolved.anyOf;
      return inner && !resolved.type ? flatten(inner) : [resolved];
    });
  const variants = flatten(props.variants);
  const nonNull = variants.filter((variant) => variant.type !== 'null');
  if (nonNull.length < variants.length && nonNull.length === 1) {
    const set = props.value !== null && props.value !== undefined;
    return (
      <Stack gap={4}>
        <Switch
          label={props.label}
          checked={set}
          disabled={context.readOnly}
          onChange={(event) =>
            props.onChange(event.currentTarget.checked ? defaultFor(nonNull[0]!, context.root) : null)
          }
        />
        {set ? <GenericField {...props} schema={nonNull[0]!} /> : null}
      </Stack>
    );
  }
  const discriminator = discriminatorOf(nonNull, context.root);
  if (!discriminator) return <JsonField {...props} />;
  const current = (props.value ?? {}) as Record<string, unknown>;
  const chosen = nonNull.find(
    (variant) => variant.properties![discriminator]!.const === current[discriminator],
  );
  const options = nonNull.map((variant) => String(variant.properties![discriminator]!.const));
  const hint = context.hints[hintKey([...props.path, discriminator])];
  return (
    <Fieldset legend={props.label} p="xs">
      <Stack gap="xs">
        <Select
          label={hint?.label ?? humanize(discriminator)}
          data={options.map((option) => ({ value: option, label: humanize(option) }))}
          value={chosen ? String(current[discriminator]) : null}
          allowDeselect={false}
          disabled={context.readOnly}
          error={errorAt(context.errors, props.path)}
          onChange={(option) => {
            const variant = nonNull.find(
              (candidate) => String(candidate.properties![discriminator]!.const) === option,
            );
            if (variant) props.onChange(defaultFor(variant, context.root));
          }}
        />
        {chosen
          ? Object.entries(chosen.properties!)
              .filter(([key]) => key !== discriminator)
              .map(([key, child]) => (
                <SchemaField
                  key={key}
                  schema={child}
                  value={current[key]}
                  path={[...props.path, key]}
                  onChange={(next) => props.onChange({ ...current, [key]: next })}
                />
              ))
          : null}
      </Stack>
    </Fieldset>
  );
}

export function SchemaForm(props: {
  schema: JsonSchema;
  value: unknown;
  hints?: Record<string, FieldHint>;
  errors: readonly JourneyError[];
  options: PickerOptions;
  readOnly?: boolean;
  idPrefix: string;
  onChange(value: unknown): void;
}) {
  const context: FormContextValue = {
    root: props.schema,
    rootValue: props.value,
    hints: props.hints ?? {},
    errors: props.errors,
    options: props.options,
    readOnly: props.readOnly ?? false,
    idPrefix: props.idPrefix,
  };
  return (
    <FormContext.Provider value={context}>
      <SchemaField schema={props.schema} value={props.value} path={[]} onChange={props.onChange} />
    </FormContext.Provider>
  );
}
