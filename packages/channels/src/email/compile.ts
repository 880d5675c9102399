import mjml2html from 'mjml';
import { type EmailContent } from '../templates/content';
import type { FieldError } from '../templates/content';

/** Template.compiled for email: HTML per locale, produced from MJML once when the template is saved. */
export interface CompiledEmail {
  kind: 'email';
  html: Record<string, string>;
}

/**
 * Compiles every locale's MJML to HTML. Liquid inside text and attributes passes through MJML untouched
 * and is rendered per recipient at send time; MJML errors (unknown tags, bad nesting) are returned with
 * their line so the editor can point at them.
 */
export async function compileEmailContent(
  content: EmailContent,
): Promise<{ ok: true; compiled: CompiledEmail } | { ok: false; errors: FieldError[] }> {
  const html: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [locale, variant] of Object.entries(content.variants)) {
    try {
      const result = await mjml2html(variant.mjml, { validationLevel: 'soft', keepComments: false });
      for (const error of result.errors) {
        errors.push({ field: `variants.${locale}.mjml`, message: `line ${error.line}: ${error.message}` });
      }
      html[locale] = result.html;
    } catch (error) {
      errors.push({ field: `variants.${locale}.mjml`, message: (error as Error).message });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, compiled: { kind: 'email', html } };
}

export function compiledHtml(compiled: unknown, locale: string): string | null {
  if (!compiled || typeof compiled !== 'object') return null;
  const html = (compiled as Partial<CompiledEmail>).html;
  const value = html?.[locale];
  return typeof value === 'string' ? value : null;
}
