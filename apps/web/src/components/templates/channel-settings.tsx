'use client';

import type { TemplateChannel, TemplateContent } from './channel-meta';
import { errorsFor, NumberField, SelectField, TextField, type TemplateFieldError } from './form-fields';
import { KeyValueEntries } from './key-value-entries';

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
          <KeyValueEntries
            legend="Extra headers"
            entries={(props.content.headers as Record<string, string> | undefined) ?? {}}
            onChange={(headers) => set('headers', headers)}
            errors={errorsFor(props.errors, 'headers')}
            keyLabel={(row) => `Header ${row} name`}
            valueLabel={(row) => `Header ${row} value`}
            newKeyPrefix="X-Header-"
            addLabel="Add header"
          />
          <div className="tpl-row">
            {number('timeoutMs', 'Timeout (ms)')}
            {number('maxAttempts', 'Attempts')}
          </div>
        </>
      );
  }
}
