'use client';

import type { TemplateChannel, Variant } from './channel-meta';
import { errorsFor, FieldErrors, TextField, type TemplateFieldError } from './form-fields';
import { KeyValueEntries } from './key-value-entries';

interface VariantFieldsProps {
  channel: TemplateChannel;
  locale: string;
  variant: Variant;
  onChange(variant: Variant): void;
  errors: readonly TemplateFieldError[];
}

const LIQUID_HINT = 'Liquid: {{ customer.first_name }}, {{ product.name }}, {{ promo_code }} …';

/** The texts of one language variant: the fields marketers translate. */
export function VariantFields(props: VariantFieldsProps) {
  const path = (name: string) => `variants.${props.locale}.${name}`;
  const text = (
    name: string,
    label: string,
    options: { multiline?: number; code?: boolean; placeholder?: string; hint?: string } = {},
  ) => (
    <TextField
      name={name}
      label={label}
      value={props.variant[name]}
      onChange={(value) => props.onChange({ ...props.variant, [name]: value })}
      errors={errorsFor(props.errors, path(name))}
      {...options}
    />
  );

  switch (props.channel) {
    case 'push':
      return (
        <>
          {text('title', 'Title', { hint: LIQUID_HINT })}
          {text('body', 'Body', { multiline: 3 })}
          <div className="tpl-row">
            {text('icon', 'Icon URL', { placeholder: 'https://shop.example/icon.png' })}
            {text('image', 'Image URL', { placeholder: 'https://shop.example/hero.jpg' })}
          </div>
          {text('url', 'Deep link (opened on click)', { placeholder: '{{ product.url }}' })}
          <ActionList
            label="Action buttons (at most two)"
            withId
            actions={arrayOf(props.variant.actions)}
            onChange={(actions) => props.onChange({ ...props.variant, actions })}
            errors={errorsFor(props.errors, path('actions'))}
          />
          {/* Custom push data (promo code, cart id …); values are Liquid. */}
          <KeyValueEntries
            legend="Data for the service worker (e.g. promo_code)"
            entries={recordOf(props.variant.data)}
            onChange={(data) => props.onChange({ ...props.variant, data })}
            errors={errorsFor(props.errors, path('data'))}
            keyLabel={(row) => `Data key ${row}`}
            valueLabel={(row) => `Data value ${row}`}
            keyPlaceholder="promo_code"
            valuePlaceholder="{{ promo_code }}"
            newKeyPrefix="key_"
            addLabel="Add data"
          />
        </>
      );
    case 'email':
      return (
        <>
          {text('subject', 'Subject', { hint: LIQUID_HINT })}
          {text('preheader', 'Preheader (inbox preview text)')}
          {text('mjml', 'MJML', {
            multiline: 16,
            code: true,
            hint: 'Compiled to HTML when you save; Liquid works in text and attributes.',
          })}
          {text('text', 'Plain-text part (derived from the HTML when empty)', { multiline: 5 })}
        </>
      );
    case 'in_app':
      return (
        <>
          {text('title', 'Title')}
          {text('html', 'HTML body (sanitised: no scripts, no iframes)', { multiline: 6, code: true })}
          {text('imageUrl', 'Image URL')}
          <ActionList
            label="Buttons (at most two)"
            actions={arrayOf(props.variant.actions)}
            onChange={(actions) => props.onChange({ ...props.variant, actions })}
            errors={errorsFor(props.errors, path('actions'))}
          />
        </>
      );
    case 'sms':
      return text('body', 'Message', {
        multiline: 4,
        hint: 'Keep it under 160 characters for one segment; include how to opt out.',
      });
    case 'webhook':
      return text('body', 'JSON body (Liquid that must render to JSON)', { multiline: 10, code: true });
  }
}

type Action = { action?: string; title?: string; url?: string };

function arrayOf(value: unknown): Action[] {
  return Array.isArray(value) ? (value as Action[]) : [];
}

function recordOf(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

function ActionList(props: {
  label: string;
  withId?: boolean;
  actions: Action[];
  onChange(actions: Action[]): void;
  errors: readonly TemplateFieldError[];
}) {
  const update = (index: number, patch: Action) =>
    props.onChange(props.actions.map((action, at) => (at === index ? { ...action, ...patch } : action)));
  return (
    <fieldset className="tpl-fieldset">
      <legend>{props.label}</legend>
      {props.actions.map((action, index) => (
        <div className="tpl-row" key={index}>
          {props.withId ? (
            <input
              aria-label={`Action ${index + 1} id`}
              placeholder="id, e.g. open-cart"
              value={action.action ?? ''}
              onChange={(event) => update(index, { action: event.target.value })}
            />
          ) : null}
          <input
            aria-label={`Action ${index + 1} title`}
            placeholder="Button text"
            value={action.title ?? ''}
            onChange={(event) => update(index, { title: event.target.value })}
          />
          <input
            aria-label={`Action ${index + 1} URL`}
            placeholder="https://…"
            value={action.url ?? ''}
            onChange={(event) => update(index, { url: event.target.value })}
          />
          <button
            type="button"
            className="button-quiet"
            onClick={() => props.onChange(props.actions.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      {props.actions.length < 2 ? (
        <button
          type="button"
          className="button-quiet"
          onClick={() =>
            props.onChange([
              ...props.actions,
              props.withId ? { action: `action-${props.actions.length + 1}`, title: '' } : { title: '' },
            ])
          }
        >
          Add button
        </button>
      ) : null}
      <FieldErrors errors={props.errors} />
    </fieldset>
  );
}
