'use client';

import { Badge, Button, Checkbox, Group, Stack, Tabs, TextInput } from '@mantine/core';
import { CircleAlert, Plus, Trash2 } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import type { TemplateContent } from './channel-meta';
import { FieldErrors, type TemplateFieldError } from './form-fields';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The template's language variants: one tab each (the open one's fields are the tab's panel), a new
 * language starts as a copy of the open one (so the translator replaces text rather than rebuilding the
 * layout), and the fallback language is chosen here.
 */
export function LanguageTabs(props: {
  content: TemplateContent;
  active: string;
  onSelect(locale: string): void;
  onChange(content: TemplateContent): void;
  errors: readonly TemplateFieldError[];
  children: ReactNode;
}) {
  const [newLocale, setNewLocale] = useState('');
  const locales = Object.keys(props.content.variants);
  const hasErrors = (locale: string) =>
    props.errors.some((error) => error.field.startsWith(`variants.${locale}.`));
  const newLocaleValid = LANGUAGE_TAG.test(newLocale) && !locales.includes(newLocale);

  const add = () => {
    if (!newLocaleValid) return;
    props.onChange({
      ...props.content,
      variants: {
        ...props.content.variants,
        [newLocale]: structuredClone(props.content.variants[props.active] ?? {}),
      },
    });
    props.onSelect(newLocale);
    setNewLocale('');
  };
  const remove = (locale: string) => {
    const variants = Object.fromEntries(
      Object.entries(props.content.variants).filter(([key]) => key !== locale),
    );
    const { defaultLocale, ...rest } = props.content;
    props.onChange({
      ...rest,
      ...(defaultLocale && defaultLocale !== locale ? { defaultLocale } : {}),
      variants,
    });
    props.onSelect(Object.keys(variants)[0] ?? 'en');
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="xs" align="flex-end">
          <TextInput
            label="New language"
            placeholder="fr, de-CH …"
            w={140}
            value={newLocale}
            onChange={(event) => setNewLocale(event.currentTarget.value.trim())}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                add();
              }
            }}
          />
          <Button
            variant="default"
            leftSection={<Plus size={14} aria-hidden />}
            disabled={!newLocaleValid}
            onClick={add}
          >
            Add language
          </Button>
        </Group>
        {locales.length > 1 ? (
          <Button
            variant="subtle"
            color="red"
            leftSection={<Trash2 size={14} aria-hidden />}
            onClick={() => remove(props.active)}
          >
            Remove “{props.active}”
          </Button>
        ) : null}
      </Group>
      <Tabs value={props.active} onChange={(locale) => locale && props.onSelect(locale)} keepMounted={false}>
        <Tabs.List aria-label="Languages">
          {locales.map((locale) => (
            <Tabs.Tab
              key={locale}
              value={locale}
              color={hasErrors(locale) ? 'red' : undefined}
              rightSection={
                hasErrors(locale) ? (
                  <CircleAlert size={14} color="var(--mantine-color-red-filled)" aria-label="has errors" />
                ) : null
              }
            >
              {locale}
              {props.content.defaultLocale === locale ? (
                <Badge ml={6} size="xs" variant="light">
                  fallback
                </Badge>
              ) : null}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={props.active} pt="md">
          <Stack>
            <Checkbox
              checked={props.content.defaultLocale === props.active}
              onChange={(event) => {
                const { defaultLocale: _previous, ...rest } = props.content;
                props.onChange(event.currentTarget.checked ? { ...rest, defaultLocale: props.active } : rest);
              }}
              label={`Use “${props.active}” when a customer's language has no variant (otherwise the workspace default)`}
            />
            {props.children}
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <FieldErrors
        errors={props.errors.filter((error) => error.field === 'variants' || error.field === 'defaultLocale')}
      />
    </Stack>
  );
}
