'use client';

import { useState } from 'react';
import type { TemplateContent } from './channel-meta';
import { FieldErrors, type TemplateFieldError } from './form-fields';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The template's language variants: one tab each, a new language starts as a copy of the open one (so the
 * translator replaces text rather than rebuilding the layout), and the fallback language is chosen here.
 */
export function LanguageTabs(props: {
  content: TemplateContent;
  active: string;
  onSelect(locale: string): void;
  onChange(content: TemplateContent): void;
  errors: readonly TemplateFieldError[];
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
    <div className="tpl-languages">
      <div role="tablist" aria-label="Languages" className="tpl-tabs">
        {locales.map((locale) => (
          <button
            key={locale}
            type="button"
            role="tab"
            aria-selected={locale === props.active}
            className={`tpl-tab${hasErrors(locale) ? ' tpl-tab-invalid' : ''}`}
            onClick={() => props.onSelect(locale)}
          >
            {locale}
            {props.content.defaultLocale === locale ? ' (fallback)' : ''}
          </button>
        ))}
        <input
          aria-label="New language"
          placeholder="fr, de-CH …"
          size={8}
          value={newLocale}
          onChange={(event) => setNewLocale(event.target.value.trim())}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button-quiet" disabled={!newLocaleValid} onClick={add}>
          Add language
        </button>
      </div>
      <div className="tpl-row tpl-language-actions">
        <label className="tpl-check">
          <input
            type="checkbox"
            checked={props.content.defaultLocale === props.active}
            onChange={(event) => {
              const { defaultLocale: _previous, ...rest } = props.content;
              props.onChange(event.target.checked ? { ...rest, defaultLocale: props.active } : rest);
            }}
          />{' '}
          Use “{props.active}” when a customer&apos;s language has no variant (otherwise the workspace
          default)
        </label>
        {locales.length > 1 ? (
          <button type="button" className="button-quiet" onClick={() => remove(props.active)}>
            Remove “{props.active}”
          </button>
        ) : null}
      </div>
      <FieldErrors
        errors={props.errors.filter((error) => error.field === 'variants' || error.field === 'defaultLocale')}
      />
    </div>
  );
}
