/**
 * Picks the variant for a customer's locale: exact tag, then its language ("fr-CA" → "fr"), then the
 * template's default, then the workspace default, then any variant so a message is never lost for want
 * of a translation. Matching ignores case ("fr-ca" = "fr-CA").
 */
export function resolveLocale(
  available: readonly string[],
  requested: string | null | undefined,
  templateDefault: string | null | undefined,
  workspaceDefault: string,
): string {
  const byLower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  const candidates: string[] = [];
  if (requested) {
    const parts = requested.replace(/_/g, '-').toLowerCase().split('-');
    for (let length = parts.length; length > 0; length -= 1)
      candidates.push(parts.slice(0, length).join('-'));
  }
  if (templateDefault) candidates.push(templateDefault.toLowerCase());
  candidates.push(workspaceDefault.toLowerCase(), workspaceDefault.toLowerCase().split('-')[0] ?? '');
  for (const candidate of candidates) {
    const tag = byLower.get(candidate);
    if (tag) return tag;
  }
  const first = available[0];
  if (first === undefined) throw new Error('template has no variants');
  return first;
}

export function pickVariant<V>(
  content: { variants: Record<string, V>; defaultLocale?: string | undefined },
  requested: string | null | undefined,
  workspaceDefault: string,
): { locale: string; variant: V } {
  const locale = resolveLocale(
    Object.keys(content.variants),
    requested,
    content.defaultLocale,
    workspaceDefault,
  );
  return { locale, variant: content.variants[locale] as V };
}
