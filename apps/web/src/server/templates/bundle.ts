import { listTemplates, type Db } from '@nudgeflow/db';
import type { JourneyDocument } from '@nudgeflow/journey';
import { HttpError, type ApiError } from '../http/responses';
import { channelOf, TemplateDocument, toTemplateDocument } from './document';
import { importTemplate } from './service';

export const BUNDLE_FORMAT = 'nudgeflow.bundle/v1';

/** Every string anywhere in a value: where a journey document names templates, whatever the node kind. */
function stringsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') found.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) stringsIn(item, found);
  return found;
}

/** The value with every string that is a key of `ids` replaced (template ids are UUIDs: nothing else matches). */
function replaceIds(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceIds(item, ids));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceIds(item, ids)]));
  return value;
}

/**
 * A journey export that carries the templates it sends: `{ format, journey, templates }`. Importing it
 * into another workspace creates or updates those templates first and points the journey at them.
 */
export async function exportWithTemplates(db: Db, workspaceId: string, journey: JourneyDocument) {
  const named = stringsIn(journey);
  const templates = (await listTemplates(db, { workspaceId })).filter((template) => named.has(template.id));
  return { format: BUNDLE_FORMAT, journey, templates: templates.map(toTemplateDocument) };
}

function isBundle(body: unknown): body is { journey: unknown; templates?: unknown } {
  return typeof body === 'object' && body !== null && (body as { format?: unknown }).format === BUNDLE_FORMAT;
}

/**
 * The journey document of an import body. A bare journey document passes through; a bundle's templates
 * are imported (matched by name and channel, so a re-import updates them) and the journey's references
 * rewritten from the exported ids to this workspace's. With `dryRun` nothing is stored: templates that
 * already exist by name are referenced, the others stay unknown (and the journey's check names them).
 */
export async function importBundledTemplates(
  db: Db,
  workspaceId: string,
  body: unknown,
  options: { dryRun?: boolean } = {},
): Promise<unknown> {
  if (!isBundle(body)) return body;
  if (!Array.isArray(body.templates ?? []))
    throw new HttpError(400, { field: 'templates', message: 'must be a list of template documents' });
  const documents = (body.templates ?? []) as unknown[];
  const ids = new Map<string, string>();
  const errors: ApiError[] = [];
  const existing = options.dryRun ? await listTemplates(db, { workspaceId }) : [];
  for (const [index, raw] of documents.entries()) {
    const sourceId = TemplateDocument.safeParse(raw).data?.id;
    if (options.dryRun) {
      const document = TemplateDocument.safeParse(raw);
      const match = document.success
        ? existing.find((t) => t.name === document.data.name && channelOf(t) === document.data.channel)
        : undefined;
      if (sourceId && match) ids.set(sourceId, match.id);
      continue;
    }
    const imported = await importTemplate(db, workspaceId, raw);
    if (!imported.ok) {
      for (const error of imported.errors)
        errors.push({ field: `templates.${index}.${error.field ?? 'body'}`, message: error.message });
    } else if (sourceId) ids.set(sourceId, imported.value.template.id);
  }
  if (errors.length > 0) throw new HttpError(400, errors);
  return replaceIds(body.journey, ids);
}
