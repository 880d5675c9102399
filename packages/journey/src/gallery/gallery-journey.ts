import type { SegmentDefinition } from '@nudgeflow/segments';

/**
 * A ready-made journey of the gallery: a journey document from `packages/journey/examples/` plus the
 * templates (and audience segments) it sends with. The document names them by placeholder ids; creating
 * the journey in a workspace saves the templates and segments there and puts their real ids in place.
 */
export interface GalleryTemplate {
  /** The placeholder id the document's message nodes use for this template. */
  placeholderId: string;
  name: string;
  /** A built-in channel id: push, email, in_app, sms, webhook. */
  channel: string;
  topicKey: string | null;
  content: Record<string, unknown>;
}

export interface GallerySegment {
  placeholderId: string;
  name: string;
  description: string;
  definition: SegmentDefinition;
}

export interface GalleryJourney {
  /** Stable slug, the id the UI and API pass to create from the gallery. */
  id: string;
  name: string;
  /** One line for the gallery card. */
  summary: string;
  /** The channels its messages use, for the card's badges. */
  channels: string[];
  document: GalleryDocument;
  templates: GalleryTemplate[];
  segments: GallerySegment[];
}

/** The document as stored in examples/: a `nudgeflow.journey/v1` document, parsed by the compiler. */
export interface GalleryDocument {
  format: string;
  name: string;
  description?: string;
  nodes: { id: string; type: string; config?: unknown; label?: string }[];
  [key: string]: unknown;
}

/**
 * The document with every placeholder id replaced by the id it was saved under. Placeholders are whole
 * string values (`templateId`, `segmentId`), so a value-by-value walk replaces exactly them.
 */
export function instantiateGalleryDocument(
  journey: GalleryJourney,
  ids: Readonly<Record<string, string>>,
): GalleryDocument {
  const placeholders = [...journey.templates, ...journey.segments].map((item) => item.placeholderId);
  const missing = placeholders.filter((placeholder) => !ids[placeholder]);
  if (missing.length > 0) throw new Error(`No id given for the gallery placeholders ${missing.join(', ')}`);
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return ids[value] ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item)]));
    return value;
  };
  return replace(journey.document) as GalleryDocument;
}

/** Message channels of a document, in first-use order. */
export function channelsOf(document: GalleryDocument): string[] {
  const channels = new Set<string>();
  for (const node of document.nodes) {
    const config = node.config as { channels?: { channel: string }[] } | undefined;
    if (node.type === 'message') for (const step of config?.channels ?? []) channels.add(step.channel);
  }
  return [...channels];
}
