'use client';

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

export function FieldErrors({ errors }: { errors: readonly TemplateFieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="tpl-errors" role="alert">
      {errors.map((error, index) => (
        <li key={`${error.field}-${index}`} className="error">
          {describeError(error)}
        </li>
      ))}
    </ul>
  );
}

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
  const invalid = props.errors.length > 0;
  return (
    <label className="field tpl-field">
      <span>{props.label}</span>
      {props.multiline ? (
        <textarea
          name={props.name}
          rows={props.multiline}
          className={props.code ? 'tpl-code' : undefined}
          spellCheck={!props.code}
          value={value}
          placeholder={props.placeholder}
          aria-invalid={invalid}
          onChange={(event) => props.onChange(event.target.value)}
        />
      ) : (
        <input
          name={props.name}
          value={value}
          placeholder={props.placeholder}
          aria-invalid={invalid}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      {props.hint ? <span className="muted tpl-hint">{props.hint}</span> : null}
      <FieldErrors errors={props.errors} />
    </label>
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
  const value = typeof props.value === 'number' ? String(props.value) : '';
  return (
    <label className="field tpl-field">
      <span>{props.label}</span>
      <input
        name={props.name}
        type="number"
        value={value}
        aria-invalid={props.errors.length > 0}
        onChange={(event) =>
          props.onChange(event.target.value === '' ? undefined : Number(event.target.value))
        }
      />
      {props.hint ? <span className="muted tpl-hint">{props.hint}</span> : null}
      <FieldErrors errors={props.errors} />
    </label>
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
    <label className="field tpl-field">
      <span>{props.label}</span>
      <select
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <FieldErrors errors={props.errors} />
    </label>
  );
}
