'use client';

import { List, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

/** A problem the server reported for one field of the template, with the Liquid/MJML line when known. */
export interface TemplateFieldError {
  field: string;
  message: string;
  line: number | null;
}

/** Errors for `path` and anything inside it (`variants.en.actions` also shows `variants.en.actions.0.title`). */
export function errorsFor(errors: readonly TemplateFieldError[], path: string): TemplateFieldError[] {
  return errors.filter((error) => error.field === path || error.field.startsWith(`${path}.`));
}

export function describeError(error: TemplateFieldError): string {
  return error.line === null ? error.message : `line ${error.line}: ${error.message}`;
}

/** The field's errors as Mantine's `error` prop: one message, or a list when there are several. */
function errorProp(errors: readonly TemplateFieldError[]): ReactNode {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return describeError(errors[0]!);
  return <FieldErrorList errors={errors} />;
}

function FieldErrorList({ errors }: { errors: readonly TemplateFieldError[] }) {
  return (
    <List size="sm" c="red" spacing={2}>
      {errors.map((error, index) => (
        <List.Item key={`${error.field}-${index}`}>{describeError(error)}</List.Item>
      ))}
    </List>
  );
}

/** Errors of a group of fields (languages, key/value rows, the whole content), announced to screen readers. */
export function FieldErrors({ errors }: { errors: readonly TemplateFieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <Stack gap={2} role="alert" c="red" fz="sm">
      <FieldErrorList errors={errors} />
    </Stack>
  );
}

/** Monospace for Liquid, MJML, HTML and JSON sources, where alignment matters. */
export const CODE_STYLES = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

interface TextFieldProps {
  label: string;
  value: unknown;
  onChange(value: string): void;
  errors: readonly TemplateFieldError[];
  placeholder?: string;
  hint?: ReactNode;
  multiline?: number;
  code?: boolean;
  name?: string;
}

/** A labelled text input or textarea bound to a string in the content, with its errors below it. */
export function TextField(props: TextFieldProps) {
  const value = typeof props.value === 'string' ? props.value : '';
  const common = {
    name: props.name,
    label: props.label,
    description: props.hint,
    placeholder: props.placeholder,
    value,
    error: errorProp(props.errors),
  };
  return props.multiline ? (
    <Textarea
      {...common}
      autosize
      minRows={props.multiline}
      maxRows={props.code ? 30 : 12}
      spellCheck={!props.code}
      styles={props.code ? CODE_STYLES : undefined}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  ) : (
    <TextInput {...common} onChange={(event) => props.onChange(event.currentTarget.value)} />
  );
}

export function NumberField(props: {
  label: string;
  value: unknown;
  onChange(value: number | undefined): void;
  errors: readonly TemplateFieldError[];
  hint?: ReactNode;
  name?: string;
}) {
  return (
    <NumberInput
      name={props.name}
      label={props.label}
      description={props.hint}
      value={typeof props.value === 'number' ? props.value : ''}
      error={errorProp(props.errors)}
      onChange={(value) => props.onChange(typeof value === 'number' ? value : undefined)}
    />
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  onChange(value: T): void;
  errors: readonly TemplateFieldError[];
  name?: string;
}) {
  return (
    <Select
      name={props.name}
      label={props.label}
      value={props.value}
      data={props.options}
      allowDeselect={false}
      error={errorProp(props.errors)}
      onChange={(value) => value && props.onChange(value as T)}
    />
  );
}
