import { z } from 'zod';
import { JourneySettings } from './definition';
import {
  compileJourney,
  locateGraphIssue,
  parseSettings,
  zodIssuesToErrors,
  type CompileOptions,
} from './compile';
import type { JourneyDefinition } from './definition';
import { GraphPosition, NodeId, type JourneyGraph, type JourneyGraphEdge } from './graph';
import { layeredLayout } from './layout';
import type { JourneyError, NodeKindRegistry } from './node-kind';
import { builtinRegistry } from './nodes';
import { unknownKeys } from './unknown-keys';

/**
 * Journeys as code: the JSON document the HTTP API, the CLI and `docs/journeys.md` speak. Written by hand,
 * so positions, edge ids, kind versions and single-output handles may be left out; validated by the same
 * compiler as the canvas.
 */

export const JOURNEY_DOCUMENT_FORMAT = 'nudgeflow.journey/v1';

export const JourneyDocumentNode = z.object({
  id: NodeId,
  type: z.string().min(1).max(200),
  /** Node kind version; absent means the latest this server knows. Exports always pin it. */
  version: z.number().int().positive().optional(),
  label: z.string().max(200).optional(),
  position: GraphPosition.optional(),
  /** The node kind's config; absent means `{}` (enough for `exit`). */
  config: z.unknown().optional(),
});
export type JourneyDocumentNode = z.infer<typeof JourneyDocumentNode>;

export const JourneyDocumentEdge = z.object({
  id: z.string().min(1).max(200).optional(),
  source: z.string().min(1),
  /** The source node's output (`timeout`, `event:ordered`, `branch:vip`); optional when it has one. */
  output: z.string().min(1).optional(),
  target: z.string().min(1),
});
export type JourneyDocumentEdge = z.infer<typeof JourneyDocumentEdge>;

export const JourneyDocument = z.object({
  format: z.literal(JOURNEY_DOCUMENT_FORMAT),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  settings: JourneySettings.prefault({}),
  nodes: z.array(JourneyDocumentNode).max(5000),
  edges: z.array(JourneyDocumentEdge).max(20000).default([]),
});
export type JourneyDocument = z.infer<typeof JourneyDocument>;
export type JourneyDocumentInput = z.input<typeof JourneyDocument>;

export function documentToGraph(document: JourneyDocument): JourneyGraph {
  const usedEdgeIds = new Set(document.edges.flatMap((edge) => (edge.id ? [edge.id] : [])));
  const edges: JourneyGraphEdge[] = document.edges.map((edge) => {
    let id = edge.id;
    if (!id) {
      const base = `${edge.source}.${edge.output ?? 'out'}`;
      id = base;
      for (let n = 2; usedEdgeIds.has(id); n++) id = `${base}~${n}`;
      usedEdgeIds.add(id);
    }
    return { id, source: edge.source, sourceHandle: edge.output ?? null, target: edge.target };
  });
  const missing = document.nodes.some((node) => node.position === undefined);
  const computed = missing
    ? layeredLayout(
        document.nodes.map((node) => node.id),
        edges,
        [],
      )
    : {};
  return {
    nodes: document.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      position: node.position ?? computed[node.id] ?? { x: 0, y: 0 },
      data: {
        config: node.config ?? {},
        ...(node.version !== undefined ? { kindVersion: node.version } : {}),
        ...(node.label !== undefined ? { label: node.label } : {}),
      },
    })),
    edges,
    settings: document.settings,
  };
}

/** The document for a graph: what export writes. Kind versions are pinned so an import means the same later. */
export function graphToDocument(
  graph: JourneyGraph,
  meta: { name: string; description?: string | null },
  resolveVersion: (type: string) => number | undefined = () => undefined,
): JourneyDocument {
  return {
    format: JOURNEY_DOCUMENT_FORMAT,
    name: meta.name,
    ...(meta.description ? { description: meta.description } : {}),
    settings: graph.settings,
    nodes: graph.nodes.map((node) => {
      const version = node.data.kindVersion ?? resolveVersion(node.type);
      return {
        id: node.id,
        type: node.type,
        ...(version !== undefined ? { version } : {}),
        ...(node.data.label !== undefined ? { label: node.data.label } : {}),
        position: node.position,
        config: node.data.config,
      };
    }),
    edges: graph.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      ...(edge.sourceHandle ? { output: edge.sourceHandle } : {}),
      target: edge.target,
    })),
  };
}

export type ParseDocumentResult =
  { ok: true; document: JourneyDocument } | { ok: false; errors: JourneyError[] };

/** The document's shape with settings left unread: `parseSettings` checks them, so neither hides the other. */
const JourneyDocumentShape = JourneyDocument.omit({ settings: true });

export function parseJourneyDocument(raw: unknown): ParseDocumentResult {
  const { settings, errors } = parseSettings((raw as { settings?: unknown } | null)?.settings);
  const parsed = JourneyDocumentShape.safeParse(raw);
  if (!parsed.success) {
    errors.unshift(...zodIssuesToErrors(parsed.error.issues, (path) => locateGraphIssue(raw, path)));
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, document: { ...parsed.data, settings } };
}

export type CompileDocumentResult =
  | { ok: true; document: JourneyDocument; graph: JourneyGraph; definition: JourneyDefinition }
  | { ok: false; errors: JourneyError[] };

/**
 * Parses and compiles a journey document: the whole validation an import gets. Every problem comes back at
 * once: a bad setting, a misspelled field, a node's config and a dangling edge are all reported together
 * (invalid settings are replaced by the defaults for the rest of the check).
 */
export function compileJourneyDocument(raw: unknown, options: CompileOptions = {}): CompileDocumentResult {
  const registry = options.registry ?? builtinRegistry;
  const { settings, errors: settingsErrors } = parseSettings(
    (raw as { settings?: unknown } | null)?.settings,
  );
  const typos = documentTypos(raw, registry);
  const shape = JourneyDocumentShape.safeParse(raw);
  if (!shape.success) {
    const shapeErrors = zodIssuesToErrors(shape.error.issues, (path) => locateGraphIssue(raw, path));
    return { ok: false, errors: [...shapeErrors, ...settingsErrors, ...typos] };
  }
  const document: JourneyDocument = { ...shape.data, settings };
  const graph = documentToGraph(document);
  const compiled = compileJourney(graph, {
    ...options,
    identity: options.identity ?? { journeyId: 'draft', versionId: 'draft', version: 1, name: document.name },
  });
  const errors = [...settingsErrors, ...typos, ...(compiled.ok ? [] : compiled.errors)];
  if (errors.length > 0 || !compiled.ok) return { ok: false, errors };
  return { ok: true, document, graph, definition: compiled.definition };
}

/** Fields the document's schemas do not know: in the document, its settings, and each node's config. */
function documentTypos(raw: unknown, registry: NodeKindRegistry): JourneyError[] {
  const rawNodes = (raw as { nodes?: unknown } | null)?.nodes;
  const nodes = Array.isArray(rawNodes) ? (rawNodes as unknown[]) : [];
  const nodeAt = (index: number) => {
    const node = JourneyDocumentNode.safeParse(nodes[index]);
    return node.success ? node.data : undefined;
  };
  const errors: JourneyError[] = unknownKeys(JourneyDocument, raw)
    .filter((field) => !/^nodes\.\d+\.config\./.test(field))
    .map((field) => {
      const [collection, index] = field.split('.');
      const item = collection === 'nodes' ? nodeAt(Number(index)) : undefined;
      return item
        ? { nodeId: item.id, field: field.split('.').slice(2).join('.'), message: 'Unknown field' }
        : { field, message: 'Unknown field' };
    });
  nodes.forEach((_, index) => {
    const node = nodeAt(index);
    const kind = node && registry.get(node.type, node.version);
    if (!node || !kind || node.config === undefined) return;
    for (const field of unknownKeys(kind.configSchema, node.config)) {
      errors.push({ nodeId: node.id, field, message: `Unknown field for ${kind.type}` });
    }
  });
  return errors;
}
