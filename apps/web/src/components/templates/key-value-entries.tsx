'use client';

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
    <fieldset className="tpl-fieldset">
      <legend>{props.legend}</legend>
      {entries.map(([key, value], index) => (
        <div className="tpl-row" key={index}>
          <input
            aria-label={props.keyLabel(index + 1)}
            placeholder={props.keyPlaceholder}
            value={key}
            onChange={(event) => replace(index, event.target.value, value)}
          />
          <input
            aria-label={props.valueLabel(index + 1)}
            placeholder={props.valuePlaceholder}
            value={value}
            onChange={(event) => replace(index, key, event.target.value)}
          />
          <button
            type="button"
            className="button-quiet"
            onClick={() => props.onChange(Object.fromEntries(entries.filter((_, at) => at !== index)))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button-quiet"
        onClick={() => props.onChange({ ...props.entries, [newKey()]: '' })}
      >
        {props.addLabel}
      </button>
      <FieldErrors errors={props.errors} />
    </fieldset>
  );
}
