/**
 * Headers of a caught mail as the sender wrote them. The catcher stores what mailparser gives it, which
 * folds every List-* header into one structured `list` entry and JSON-encodes dates; a developer checking
 * List-Unsubscribe wants to see the header lines themselves.
 */
export interface MailHeader {
  name: string;
  value: string;
}

interface ListHeaderPart {
  url?: string;
  mail?: string;
  name?: string;
  id?: string;
}

export function readableHeaders(stored: unknown): MailHeader[] {
  if (!stored || typeof stored !== 'object') return [];
  const headers: MailHeader[] = [];
  for (const [name, value] of Object.entries(stored as Record<string, unknown>)) {
    if (name === 'list') {
      const parsed = parseJsonObject(value);
      if (parsed) {
        headers.push(...listHeaders(parsed));
        continue;
      }
    }
    headers.push({ name: displayName(name), value: unquote(value) });
  }
  return headers;
}

function listHeaders(list: Record<string, unknown>): MailHeader[] {
  return Object.entries(list).map(([key, part]) => {
    const { url, mail, name, id } = (part ?? {}) as ListHeaderPart;
    const targets = [url, mail ? `mailto:${mail}` : undefined].filter((target): target is string =>
      Boolean(target),
    );
    const value =
      targets.length > 0
        ? targets.map((target) => `<${target}>`).join(', ')
        : (name ?? id ?? JSON.stringify(part));
    return { name: displayName(`list-${key}`), value };
  });
}

function parseJsonObject(value: unknown): Record<string, unknown> | null {
  if (value && typeof value === 'object') return value as Record<string, unknown>;
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `"2026-11-23T22:07:42.000Z"` (a JSON-encoded date) → the date itself; anything else as text. */
function unquote(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  if (value.startsWith('"') && value.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Not JSON after all: show it as stored.
    }
  }
  return value;
}

const SPECIAL_CASE: Record<string, string> = { 'message-id': 'Message-ID', 'mime-version': 'MIME-Version' };

/** `list-unsubscribe-post` → `List-Unsubscribe-Post`. */
function displayName(name: string): string {
  return (
    SPECIAL_CASE[name] ??
    name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase())
  );
}
