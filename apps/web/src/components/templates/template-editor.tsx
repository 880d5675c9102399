'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import {
  CHANNEL_LABELS,
  isTemplateChannel,
  starterContent,
  withoutEmptyStrings,
  type TemplateChannel,
  type TemplateContent,
} from './channel-meta';
import { ChannelSettings } from './channel-settings';
import { errorsFor, FieldErrors, TextField, type TemplateFieldError } from './form-fields';
import { LanguageTabs } from './language-tabs';
import { PreviewPanel } from './preview-panel';
import { VariantFields } from './variant-fields';
import './templates.css';

/** Loads a saved template (or starts a new one of `channel`) and hands it to the form. */
export function TemplateEditor(props: { workspaceId: string; templateId?: string; channel?: string }) {
  const trpc = useTRPC();
  const loaded = useQuery({
    ...trpc.templates.get.queryOptions({
      workspaceId: props.workspaceId,
      templateId: props.templateId ?? '',
    }),
    enabled: Boolean(props.templateId),
    staleTime: Infinity,
  });
  if (props.templateId) {
    if (loaded.error) return <p className="error">{loaded.error.message}</p>;
    if (!loaded.data) return <p className="muted">Loading…</p>;
    if (!isTemplateChannel(loaded.data.channel))
      return (
        <p className="error">
          Templates of the plugin channel “{loaded.data.channel}” are edited through the plugin.
        </p>
      );
    return (
      <TemplateForm
        key={loaded.data.id}
        workspaceId={props.workspaceId}
        templateId={loaded.data.id}
        channel={loaded.data.channel}
        initial={{
          name: loaded.data.name,
          topicKey: loaded.data.topicKey ?? '',
          content: loaded.data.content as TemplateContent,
        }}
      />
    );
  }
  const channel = isTemplateChannel(props.channel) ? props.channel : 'email';
  return (
    <TemplateForm
      workspaceId={props.workspaceId}
      channel={channel}
      initial={{ name: '', topicKey: 'marketing', content: starterContent(channel) }}
    />
  );
}

interface FormState {
  name: string;
  topicKey: string;
  content: TemplateContent;
}

function TemplateForm(props: {
  workspaceId: string;
  templateId?: string;
  channel: TemplateChannel;
  initial: FormState;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [form, setForm] = useState<FormState>(props.initial);
  const [saved, setSaved] = useState<FormState>(props.initial);
  const [savedAt, setSavedAt] = useState(0);
  const [errors, setErrors] = useState<TemplateFieldError[]>([]);
  const locales = Object.keys(form.content.variants);
  const [locale, setLocale] = useState(locales[0] ?? 'en');
  const activeLocale = locales.includes(locale) ? locale : (locales[0] ?? 'en');

  const save = useMutation(
    trpc.templates.save.mutationOptions({
      onSuccess: async (result, variables) => {
        if (!result.ok) {
          setErrors(result.errors);
          return;
        }
        setErrors([]);
        setSaved(form);
        setSavedAt(Date.now());
        await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
        if (!variables.templateId) router.replace(`/w/${props.workspaceId}/templates/${result.template.id}`);
      },
      onError: (error) => {
        const fieldErrors = (error.data?.zodError?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
        const perField = Object.entries(fieldErrors).flatMap(([field, messages]) =>
          (messages ?? []).map((message) => ({ field, message, line: null })),
        );
        // Not an input problem (no permission, template gone …): the message itself, below the form.
        setErrors(perField.length > 0 ? perField : [{ field: '', message: error.message, line: null }]);
      },
    }),
  );

  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const setContent = (content: TemplateContent) => setForm((current) => ({ ...current, content }));
  const submit = () =>
    save.mutate({
      workspaceId: props.workspaceId,
      ...(props.templateId ? { templateId: props.templateId } : {}),
      name: form.name,
      channel: props.channel,
      topicKey: form.topicKey.trim() === '' ? null : form.topicKey.trim(),
      content: withoutEmptyStrings(form.content),
    });

  return (
    <div className="tpl-editor">
      <form
        className="tpl-panel"
        aria-label="Template"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <p className="muted">
          <Link href={`/w/${props.workspaceId}/templates`}>Templates</Link> / {CHANNEL_LABELS[props.channel]}
        </p>
        <div className="tpl-row">
          <TextField
            name="name"
            label="Name"
            value={form.name}
            onChange={(name) => setForm({ ...form, name })}
            errors={errorsFor(errors, 'name')}
            placeholder="Cart reminder"
          />
          <TextField
            name="topicKey"
            label="Subscription topic"
            value={form.topicKey}
            onChange={(topicKey) => setForm({ ...form, topicKey })}
            errors={errorsFor(errors, 'topicKey')}
            hint="Unsubscribing from this topic stops this message. Empty for transactional messages."
          />
        </div>
        <ChannelSettings
          channel={props.channel}
          content={form.content}
          onChange={setContent}
          errors={errors}
        />
        <LanguageTabs
          content={form.content}
          active={activeLocale}
          onSelect={setLocale}
          onChange={setContent}
          errors={errors}
        />
        <VariantFields
          key={activeLocale}
          channel={props.channel}
          locale={activeLocale}
          variant={form.content.variants[activeLocale] ?? {}}
          onChange={(variant) =>
            setContent({ ...form.content, variants: { ...form.content.variants, [activeLocale]: variant } })
          }
          errors={errors}
        />
        <FieldErrors errors={errors.filter((error) => !isShownInline(error.field, activeLocale))} />
        <div className="tpl-actions">
          <button className="button" type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : props.templateId ? 'Save' : 'Create template'}
          </button>
          {save.data?.ok && !dirty ? (
            <span className="muted" role="status">
              Saved
            </span>
          ) : null}
          {errors.length > 0 ? (
            <span className="error">
              Not saved: {errors.length === 1 ? '1 problem' : `${errors.length} problems`}
            </span>
          ) : null}
          {props.templateId ? (
            <ArchiveButton workspaceId={props.workspaceId} templateId={props.templateId} />
          ) : null}
        </div>
      </form>
      {props.templateId ? (
        <PreviewPanel
          workspaceId={props.workspaceId}
          templateId={props.templateId}
          channel={props.channel}
          dirty={dirty}
          savedAt={savedAt}
        />
      ) : (
        <section className="tpl-panel muted">
          Create the template to preview it against a customer and send yourself a test.
        </section>
      )}
    </div>
  );
}

const SETTINGS_FIELDS = new Set([
  'name',
  'topicKey',
  'ttlSeconds',
  'urgency',
  'fromName',
  'fromAddress',
  'replyTo',
  'layout',
  'expiresInHours',
  'url',
  'headers',
  'timeoutMs',
  'maxAttempts',
]);

/** Errors that a field on screen already shows; the rest (other languages, the whole content) are listed at the bottom. */
function isShownInline(field: string, activeLocale: string): boolean {
  const root = field.split('.')[0] ?? '';
  if (SETTINGS_FIELDS.has(root)) return true;
  return field.startsWith(`variants.${activeLocale}.`);
}

/** Archived templates leave the list, and the message sender skips them: journeys using one fall through to their next channel. */
function ArchiveButton(props: { workspaceId: string; templateId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const archive = useMutation(
    trpc.templates.archive.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() });
        router.push(`/w/${props.workspaceId}/templates`);
      },
    }),
  );
  return (
    <>
      <button
        type="button"
        className="button-quiet tpl-archive"
        disabled={archive.isPending}
        onClick={() => {
          if (
            window.confirm(
              'Archive this template? Journeys that use it will skip it and try their next channel.',
            )
          ) {
            archive.mutate({ workspaceId: props.workspaceId, templateId: props.templateId });
          }
        }}
      >
        Archive
      </button>
      {archive.error ? <span className="error">{archive.error.message}</span> : null}
    </>
  );
}
