/**
 * The built-in channels templates are written for, and the shape of template content the editor works on.
 * What each channel looks like in the editor lives in its own module under ./channels/ (the registry).
 */
export const TEMPLATE_CHANNELS = ['push', 'email', 'in_app', 'sms', 'webhook'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export function isTemplateChannel(value: unknown): value is TemplateChannel {
  return typeof value === 'string' && (TEMPLATE_CHANNELS as readonly string[]).includes(value);
}

export type Variant = Record<string, unknown>;
export interface TemplateContent {
  defaultLocale?: string;
  variants: Record<string, Variant>;
  [setting: string]: unknown;
}

/**
 * Empty optional strings are dropped before saving: the schemas treat an absent icon as "none" but an
 * empty string as a value to render, and a URL field must not be an empty string.
 */
export function withoutEmptyStrings(content: TemplateContent): TemplateContent {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, item]) => item !== '' && item !== undefined)
          .map(([key, item]) => [key, clean(item)]),
      );
    }
    return value;
  };
  return clean(content) as TemplateContent;
}
