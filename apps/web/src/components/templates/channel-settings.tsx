'use client';

import type { TemplateChannel, TemplateContent } from './channel-meta';
import {
  errorsFor,
  FieldErrors,
  NumberField,
  SelectField,
  TextField,
  type TemplateFieldError,
} from './form-fields';

interface ChannelSettingsProps {
  channel: TemplateChannel;
  content: TemplateContent;
  onChange(content: TemplateContent): void;
  errors: readonly TemplateFieldError[];
}

/** Settings that do not vary by language: push TTL and urgency, email sender, in-app layout, webhook target. */
export function ChannelSettings(props: ChannelSettingsProps) {
  const set = (name: string, value: unknown) => props.onChange({ ...props.content, [name]: value });
  const text = (name: string, label: string, placeholder?: string) => (
    <TextField
      name={name}
      label={label}
      value={props.content[name]}
      placeholder={placeholder}
      onChange={(value) => set(name, value)}
      errors={errorsFor(props.errors, name)}
    />
  );
  const number = (name: string, label: string, hint?: string) => (
    <NumberField
      name={name}
      label={label}
      hint={hint}
      value={props.content[name]}
      onChange={(value) => set(name, value)}
      errors={errorsFor(props.errors, name)}
    />
  );

  switch (props.channel) {
    case 'push':
      return (
        <div className="tpl-row">
          {number(
            'ttlSeconds',
            'Time to live (seconds)',
            'How long the push service keeps an undelivered message.',
          )}
          <SelectField
            name="urgency"
            label="Urgency"
            value={(props.content.urgency as 'very-low' | 'low' | 'normal' | 'high' | undefined) ?? 'normal'}
            options={['very-low', 'low', 'normal', 'high'] as const}
            onChange={(value) => set('urgency', value)}
            errors={errorsFor(props.errors, 'urgency')}
          />
        </div>
      );
    case 'email':
      return (
        <>
          <div className="tpl-row">
            {text('fromName', 'From name', 'The Shop')}
            {text('fromAddress', 'From address', 'shop@example.com')}
            {text('replyTo', 'Reply-to')}
          </div>
          <label className="tpl-check">
            <input
              type="checkbox"
              checked={props.content.tracking !== false}
              onChange={(event) => set('tracking', event.target.checked)}
            />{' '}
            Track opens and clicks
          </label>
        </>
      );
    case 'in_app':
      return (
        <div className="tpl-row">
          <SelectField
            name="layout"
            label="Layout"
            value={(props.content.layout as 'banner' | 'modal' | 'inbox' | undefined) ?? 'banner'}
            options={['banner', 'modal', 'inbox'] as const}
            onChange={(value) => set('layout', value)}
            errors={errorsFor(props.errors, 'layout')}
          />
          {number('expiresInHours', 'Expires after (hours)')}
        </div>
      );
    case 'sms':
      return null;
    case 'webhook':
      return (
        <>
          {text('url', 'URL', 'https://example.com/hooks/nudgeflow')}
          <HeaderEntries
            headers={(props.content.headers as Record<string, string> | undefined) ?? {}}
            onChange={(headers) => set('headers', headers)}
            errors={errorsFor(props.errors, 'headers')}
          />
          <div className="tpl-row">
            {number('timeoutMs', 'Timeout (ms)')}
            {number('maxAttempts', 'Attempts')}
          </div>
        </>
      );
  }
}

function HeaderEntries(props: {
  headers: Record<string, string>;
  onChange(headers: Record<string, string>): void;
  errors: readonly TemplateFieldError[];
}) {
  const entries = Object.entries(props.headers);
  const replace = (index: number, name: string, value: string) =>
    props.onChange(Object.fromEntries(entries.map((entry, at) => (at === index ? [name, value] : entry))));
  return (
    <fieldset className="tpl-fieldset">
      <legend>Extra headers</legend>
      {entries.map(([name, value], index) => (
        <div className="tpl-row" key={index}>
          <input
            aria-label={`Header ${index + 1} name`}
            value={name}
            onChange={(event) => replace(index, event.target.value, value)}
          />
          <input
            aria-label={`Header ${index + 1} value`}
            value={value}
            onChange={(event) => replace(index, name, event.target.value)}
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
        onClick={() => props.onChange({ ...props.headers, [`X-Header-${entries.length + 1}`]: '' })}
      >
        Add header
      </button>
      <FieldErrors errors={props.errors} />
    </fieldset>
  );
}
