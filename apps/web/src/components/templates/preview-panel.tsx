'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '~/trpc/react';
import type { TemplateChannel } from './channel-meta';
import { CustomerPicker } from './customer-picker';
import { describeError, FieldErrors, type TemplateFieldError } from './form-fields';
import { RenderedMessage } from './rendered-message';

interface PreviewPanelProps {
  workspaceId: string;
  templateId: string;
  channel: TemplateChannel;
  /** The editor has changes that are not saved yet: preview and test send use the saved version. */
  dirty: boolean;
  /** Bumped after every save, so an open preview re-renders with what was saved. */
  savedAt: number;
}

/**
 * Preview against a real customer (strict Liquid: an unknown variable is an error with its line) and a
 * test send to oneself, both of the saved template through packages/channels' authoring functions.
 */
export function PreviewPanel(props: PreviewPanelProps) {
  const trpc = useTRPC();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [selfCustomerId, setSelfCustomerId] = useState<string | null>(null);
  const [contextText, setContextText] = useState('');
  const [phone, setPhone] = useState('');
  const preview = useMutation(trpc.templates.preview.mutationOptions());
  const send = useMutation(trpc.templates.testSend.mutationOptions());

  const parsedContext = parseContext(contextText);
  const base =
    customerId && parsedContext.ok
      ? {
          workspaceId: props.workspaceId,
          templateId: props.templateId,
          customerId,
          ...(parsedContext.context ? { context: parsedContext.context } : {}),
        }
      : null;
  const previewErrors: TemplateFieldError[] = preview.data && !preview.data.ok ? preview.data.errors : [];
  const sendErrors: TemplateFieldError[] = send.data && !send.data.ok ? send.data.errors : [];
  const needsSelf = props.channel === 'push' || props.channel === 'in_app';

  // After a save, an open preview renders again, so what it shows is what was just saved.
  const lastPreview = useRef<typeof base>(null);
  const { mutate: renderPreview } = preview;
  useEffect(() => {
    if (lastPreview.current) renderPreview(lastPreview.current);
  }, [props.savedAt, renderPreview]);
  const runPreview = () => {
    if (!base) return;
    lastPreview.current = base;
    renderPreview(base);
  };

  return (
    <section className="tpl-panel" aria-label="Preview and test send">
      <h2>Preview</h2>
      {props.dirty ? (
        <p className="muted">
          Unsaved changes: the preview shows the saved version. Save to preview your edits.
        </p>
      ) : null}
      <CustomerPicker
        workspaceId={props.workspaceId}
        name="preview-customer"
        label="Render for customer"
        value={customerId}
        onChange={setCustomerId}
      />
      <label className="field tpl-field">
        <span>Sample context (JSON; empty = the customer&apos;s latest event)</span>
        <textarea
          name="preview-context"
          rows={3}
          className="tpl-code"
          placeholder='{ "promo_code": "SAVE10" }'
          value={contextText}
          onChange={(event) => setContextText(event.target.value)}
        />
        {!parsedContext.ok ? <span className="error">{parsedContext.message}</span> : null}
      </label>
      <button type="button" className="button" disabled={!base || preview.isPending} onClick={runPreview}>
        {preview.isPending ? 'Rendering…' : 'Preview'}
      </button>
      {preview.error ? <p className="error">{preview.error.message}</p> : null}
      {previewErrors.length > 0 ? (
        <div className="tpl-problems" data-testid="preview-errors">
          <strong>The template does not render for this customer:</strong>
          <ul>
            {previewErrors.map((error, index) => (
              <li key={index} className="error">
                <code>{error.field}</code> {describeError(error)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.data?.ok ? (
        <RenderedMessage channel={preview.data.channel} message={preview.data.message} />
      ) : null}

      <h2>Test send</h2>
      <p className="muted">{testSendTarget(props.channel)}</p>
      {props.channel === 'sms' ? (
        <label className="field tpl-field">
          <span>Your phone number</span>
          <input
            name="test-phone"
            placeholder="+4915112345678"
            value={phone}
            onChange={(event) => setPhone(event.target.value)}
          />
        </label>
      ) : null}
      {needsSelf ? (
        <CustomerPicker
          workspaceId={props.workspaceId}
          name="self-customer"
          autoSelect={false}
          label="You, as a customer of the shop"
          value={selfCustomerId}
          onChange={setSelfCustomerId}
        />
      ) : null}
      <button
        type="button"
        className="button"
        disabled={!base || send.isPending || (needsSelf && !selfCustomerId)}
        onClick={() =>
          base &&
          send.mutate({
            ...base,
            ...(phone ? { phone } : {}),
            ...(needsSelf && selfCustomerId ? { selfCustomerId } : {}),
          })
        }
      >
        {send.isPending ? 'Sending…' : 'Send test'}
      </button>
      {send.error ? <p className="error">{inputErrorMessage(send.error)}</p> : null}
      <FieldErrors errors={sendErrors} />
      {send.data?.ok ? (
        <p className="tpl-sent" role="status">
          Sent to {send.data.to}.{' '}
          {send.data.caught ? (
            <>
              No SMTP server is configured, so it was caught:{' '}
              <Link href={`/w/${props.workspaceId}/mailbox`}>open the Mailbox</Link>.
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}

function testSendTarget(channel: TemplateChannel): string {
  switch (channel) {
    case 'email':
      return 'Sends the rendered email to your own sign-in address. No send record is kept and no customer is messaged.';
    case 'sms':
      return 'Sends the rendered text to the phone number you enter.';
    case 'push':
      return 'Sends the push to the browsers subscribed for the customer profile you pick as yourself.';
    case 'in_app':
      return 'Shows the message to the customer profile you pick as yourself, next time they open the shop.';
    case 'webhook':
      return 'Posts the rendered body to the webhook URL.';
  }
}

function parseContext(
  text: string,
): { ok: true; context: Record<string, unknown> | null } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, context: null };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, message: 'the sample context must be a JSON object' };
    return { ok: true, context: value as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
}

/** tRPC's BAD_REQUEST carries zod's per-field messages (see the errorFormatter in trpc.ts). */
function inputErrorMessage(error: {
  message: string;
  data?: { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}): string {
  const fields = error.data?.zodError?.fieldErrors;
  const first = fields
    ? Object.entries(fields).find(([, messages]) => messages && messages.length > 0)
    : undefined;
  return first ? `${first[0]}: ${first[1]![0]}` : error.message;
}
