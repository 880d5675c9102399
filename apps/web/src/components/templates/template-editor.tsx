'use client';

import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';
import {
  isTemplateChannel,
  withoutEmptyStrings,
  type TemplateChannel,
  type TemplateContent,
} from './channel-meta';
import { channelUi } from './channels';
import { errorsFor, FieldErrors, TextField, type TemplateFieldError } from './form-fields';
import { LanguageTabs } from './language-tabs';
import { PreviewPanel } from './preview-panel';
import { ArchiveTemplateButton } from './archive-template-button';

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
    if (loaded.error) return <Alert color="red">{loaded.error.message}</Alert>;
    if (!loaded.data) return <Loader size="sm" aria-label="Loading the template" />;
    if (!isTemplateChannel(loaded.data.channel))
      return (
        <Alert color="yellow">
          Templates of the plugin channel “{loaded.data.channel}” are edited through the plugin.
        </Alert>
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
      initial={{ name: '', topicKey: 'marketing', content: channelUi(channel).starterContent() }}
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
  const ui = channelUi(props.channel);
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
  // Errors that a field on screen already shows; the rest (other languages, the whole content) are listed below.
  const shownInline = new Set(['name', 'topicKey', ...ui.settingsFields]);
  const isShownInline = (field: string) =>
    shownInline.has(field.split('.')[0] ?? '') || field.startsWith(`variants.${activeLocale}.`);
  const { Settings, Variant } = ui;
  const Icon = ui.icon;

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
      <Paper withBorder radius="md" p="lg">
        <form
          aria-label="Template"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack>
            <Breadcrumbs>
              <Anchor component={Link} href={`/w/${props.workspaceId}/templates`} size="sm">
                Templates
              </Anchor>
              <Group gap={6}>
                <Icon size={14} aria-hidden />
                <Text size="sm">{ui.label}</Text>
              </Group>
            </Breadcrumbs>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
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
            </SimpleGrid>
            {Settings ? <Settings content={form.content} onChange={setContent} errors={errors} /> : null}
            <Title order={2} size="h4" mt="sm">
              Content
            </Title>
            <LanguageTabs
              content={form.content}
              active={activeLocale}
              onSelect={setLocale}
              onChange={setContent}
              errors={errors}
            >
              <Variant
                key={activeLocale}
                locale={activeLocale}
                variant={form.content.variants[activeLocale] ?? {}}
                onChange={(variant) =>
                  setContent({
                    ...form.content,
                    variants: { ...form.content.variants, [activeLocale]: variant },
                  })
                }
                errors={errors}
              />
            </LanguageTabs>
            <FieldErrors errors={errors.filter((error) => !isShownInline(error.field))} />
            <Group>
              <Button type="submit" leftSection={<Save size={16} aria-hidden />} loading={save.isPending}>
                {props.templateId ? 'Save' : 'Create template'}
              </Button>
              {save.data?.ok && !dirty ? (
                <Text size="sm" c="dimmed" role="status">
                  Saved
                </Text>
              ) : null}
              {errors.length > 0 ? (
                <Text size="sm" c="red">
                  Not saved: {errors.length === 1 ? '1 problem' : `${errors.length} problems`}
                </Text>
              ) : null}
              {props.templateId ? (
                <ArchiveTemplateButton workspaceId={props.workspaceId} templateId={props.templateId} />
              ) : null}
            </Group>
          </Stack>
        </form>
      </Paper>
      {props.templateId ? (
        <PreviewPanel
          workspaceId={props.workspaceId}
          templateId={props.templateId}
          channel={props.channel}
          dirty={dirty}
          savedAt={savedAt}
        />
      ) : (
        <Paper withBorder radius="md" p="lg">
          <Text c="dimmed">
            Create the template to preview it against a customer and send yourself a test.
          </Text>
        </Paper>
      )}
    </SimpleGrid>
  );
}
