import type { z } from 'zod';
import {
  DEFINITION_SCHEMA_VERSION,
  JourneySettings,
  type CompiledNode,
  type JourneyDefinition,
} from './definition';
import { JourneyGraph, type JourneyGraphEdge } from './graph';
import { loopsWithoutWait, unreachableNodes } from './graph-checks';
import type { AnyNodeKind, CompileContext, JourneyError, NodeKindRegistry, NodeOutput } from './node-kind';
import { builtinRegistry } from './nodes';

/**
 * Canvas graph → JourneyDefinition. Pure: every problem comes back as a value naming its node or edge, all
 * at once, so the canvas can mark each offending node before the marketer publishes.
 */

export interface JourneyIdentity {
  journeyId: string;
  versionId: string;
  version: number;
  name: string;
}

export interface CompileOptions {
  /** Node kinds to compile against; the built-ins by default, plus plugins when given a wider registry. */
  registry?: NodeKindRegistry;
  /** Ids that exist in the workspace (publish passes them; the canvas's live check may not). */
  known?: CompileContext['known'];
  /** Stamped into the definition; publish passes the real ones, validation-only callers may omit them. */
  identity?: JourneyIdentity;
}

export type CompileResult =
  { ok: true; definition: JourneyDefinition } | { ok: false; errors: JourneyError[] };

const DRAFT_IDENTITY: JourneyIdentity = { journeyId: 'draft', versionId: 'draft', version: 1, name: 'Draft' };

export function zodIssuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  locate: (path: readonly PropertyKey[]) => Omit<JourneyError, 'message'>,
): JourneyError[] {
  return issues.flatMap(deepestIssues).map((issue) => ({ ...locate(issue.path), message: issue.message }));
}

/**
 * A plain `z.union` reports one `Invalid input` at its own path, with each option's issues nested inside.
 * The option meant is the one whose tag matched: drop options that failed on a literal tag (`kind: expected
 * "and"`) or on the value's type as a whole, keep the one with the fewest issues, and report its issues at
 * their full path, so the error names the deepest field and its allowed values.
 */
function deepestIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const meant = issue.errors
    .filter((option) =>
      option.every(
        (inner) =>
          !(inner.code === 'invalid_value' && inner.path.length === 1 && inner.values.length === 1) &&
          !(inner.code === 'invalid_type' && inner.path.length === 0),
      ),
    )
    .sort((a, b) => a.length - b.length)[0];
  if (!meant) return [issue];
  return meant.flatMap((inner) => deepestIssues({ ...inner, path: [...issue.path, ...inner.path] }));
}

function fieldOf(path: readonly PropertyKey[]): string | undefined {
  return path.length > 0 ? path.map(String).join('.') : undefined;
}

/**
 * Locates a shape issue of a graph or journey document on the node or edge it is about, by the raw input's
 * ids, else on the field.
 */
export function locateGraphIssue(raw: unknown, path: readonly PropertyKey[]): Omit<JourneyError, 'message'> {
  const [collection, position, ...rest] = path;
  const items = (raw as Record<string, unknown> | null)?.[String(collection)];
  const item =
    Array.isArray(items) && typeof position === 'number' ? (items[position] as unknown) : undefined;
  const id = (item as { id?: unknown } | undefined)?.id;
  const field = fieldOf(rest);
  if (collection === 'nodes' && typeof id === 'string') return { nodeId: id, ...(field ? { field } : {}) };
  if (collection === 'edges' && typeof id === 'string') return { edgeId: id, ...(field ? { field } : {}) };
  const whole = fieldOf(path);
  return whole ? { field: whole } : {};
}

interface ResolvedNode {
  id: string;
  kind: AnyNodeKind;
  /** Parsed config (schema output), or undefined when it did not validate. */
  config: unknown;
  outputs: NodeOutput[] | undefined;
}

/** The graph's shape with settings left unread: settings are checked on their own so neither hides the other. */
const GraphShape = JourneyGraph.omit({ settings: true });

/**
 * Settings parsed on their own. When they are invalid the errors are kept and the defaults stand in, so the
 * nodes and edges are still compiled and every problem is reported at once.
 */
export function parseSettings(raw: unknown): { settings: JourneySettings; errors: JourneyError[] } {
  const parsed = JourneySettings.safeParse(raw ?? {});
  if (parsed.success) return { settings: parsed.data, errors: [] };
  const errors = zodIssuesToErrors(parsed.error.issues, (path) => ({
    field: ['settings', ...path].map(String).join('.'),
  }));
  return { settings: JourneySettings.parse({}), errors };
}

export function compileJourney(graphInput: unknown, options: CompileOptions = {}): CompileResult {
  const registry = options.registry ?? builtinRegistry;
  const settingsRaw = (graphInput as { settings?: unknown } | null)?.settings;
  const { settings, errors } = parseSettings(settingsRaw);
  const parsed = GraphShape.safeParse(graphInput);
  if (!parsed.success) {
    return {
      ok: false,
      errors: [
        ...zodIssuesToErrors(parsed.error.issues, (path) => locateGraphIssue(graphInput, path)),
        ...errors,
      ],
    };
  }
  const graph = { ...parsed.data, settings };

  // 1. Node kinds, looked up before configs so hooks can know what the triggers provide.
  const kinds = new Map<string, AnyNodeKind>();
  for (const node of graph.nodes) {
    if (kinds.has(node.id)) {
      errors.push({ nodeId: node.id, message: `Node id "${node.id}" is used by more than one node` });
      continue;
    }
    const kind = registry.get(node.type, node.data.kindVersion);
    if (!kind) {
      const latest = registry.get(node.type);
      errors.push({
        nodeId: node.id,
        message: latest
          ? `Node kind "${node.type}" has no version ${node.data.kindVersion} (this server has up to ${latest.version})`
          : `Unknown node kind "${node.type}" (is the plugin that provides it installed?)`,
      });
      continue;
    }
    kinds.set(node.id, kind);
  }
  const triggerIds = [...kinds].filter(([, kind]) => kind.category === 'trigger').map(([id]) => id);
  const withEntryEvent = triggerIds.filter((id) => kinds.get(id)!.providesEntryEvent).length;
  const entryEvent: CompileContext['entryEvent'] =
    withEntryEvent === triggerIds.length ? 'always' : withEntryEvent === 0 ? 'never' : 'sometimes';

  // 2. Configs: the kind's schema, then its compile hook.
  const drawnNodes = new Map(
    graph.nodes.map((node) => [node.id, { kind: node.type, config: node.data.config }]),
  );
  const resolved = new Map<string, ResolvedNode>();
  for (const node of graph.nodes) {
    const kind = kinds.get(node.id);
    if (!kind || resolved.has(node.id)) continue;
    const result = kind.configSchema.safeParse(node.data.config ?? {});
    if (!result.success) {
      errors.push(
        ...zodIssuesToErrors(result.error.issues, (path) => {
          const field = fieldOf(path);
          return { nodeId: node.id, ...(field ? { field } : {}) };
        }),
      );
      resolved.set(node.id, { id: node.id, kind, config: undefined, outputs: undefined });
      continue;
    }
    const ctx: CompileContext = {
      nodeId: node.id,
      settings,
      entryEvent,
      nodes: drawnNodes,
      ...(options.known ? { known: options.known } : {}),
    };
    errors.push(...(kind.compile?.(result.data, ctx) ?? []));
    resolved.set(node.id, { id: node.id, kind, config: result.data, outputs: kind.outputs(result.data) });
  }

  // 3. Edges: both ends exist, the output exists, each output wired once, nothing flows into a way in.
  const next = new Map<string, Map<string, string>>();
  const outgoing = new Map<string, string[]>();
  const edgeIds = new Set<string>();
  const drawn = new Set(graph.nodes.map((node) => node.id));
  for (const edge of graph.edges) {
    const problem = checkEdge(edge, edgeIds, resolved, next, drawn);
    edgeIds.add(edge.id);
    if (problem) {
      errors.push(problem);
      continue;
    }
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  }

  for (const node of resolved.values()) {
    for (const output of node.outputs ?? []) {
      if (output.required && !next.get(node.id)?.has(output.name)) {
        errors.push({
          nodeId: node.id,
          message: `Connect the "${output.label}" path: every customer needs a way on`,
        });
      }
    }
  }

  // 4. Journey-level structure.
  if (triggerIds.length === 0 && kinds.size === graph.nodes.length) {
    errors.push({ message: 'Add a trigger: a journey needs at least one way in' });
  }
  if (settings.entry.uniqueBy !== null) {
    for (const id of triggerIds.filter((triggerId) => !kinds.get(triggerId)!.providesEntryEvent)) {
      errors.push({
        nodeId: id,
        message: `Runs are unique per entry property "${settings.entry.uniqueBy}", but this trigger has no entry event to read it from`,
      });
    }
  }
  const entryIds = [...kinds]
    .filter(([, kind]) => kind.category === 'trigger' || kind.entersByEvent)
    .map(([id]) => id);
  const wired = { nodeIds: [...resolved.keys()], outgoing };
  if (triggerIds.length > 0) {
    for (const id of unreachableNodes(wired, entryIds)) {
      errors.push({ nodeId: id, message: 'No path leads here from a trigger' });
    }
  }
  const waits = new Set(
    [...resolved.values()].filter((node) => node.kind.alwaysWaits).map((node) => node.id),
  );
  for (const loop of loopsWithoutWait(wired, waits)) {
    const message = `This loop (${loop.join(' → ')}) has no wait on it: add a Wait or Wait for event node`;
    for (const id of loop) errors.push({ nodeId: id, message });
  }

  if (errors.length > 0) return { ok: false, errors };

  const identity = options.identity ?? DRAFT_IDENTITY;
  const nodes: Record<string, CompiledNode> = {};
  for (const node of resolved.values()) {
    const wiredOutputs = next.get(node.id);
    nodes[node.id] = {
      id: node.id,
      kind: node.kind.type,
      kindVersion: node.kind.version,
      config: node.config,
      next: Object.fromEntries(
        (node.outputs ?? []).map((output) => [output.name, wiredOutputs?.get(output.name) ?? null]),
      ),
    };
  }
  return {
    ok: true,
    definition: {
      schemaVersion: DEFINITION_SCHEMA_VERSION,
      journeyId: identity.journeyId,
      versionId: identity.versionId,
      version: identity.version,
      name: identity.name,
      settings,
      triggerNodeIds: triggerIds,
      nodes,
    },
  };
}

function checkEdge(
  edge: JourneyGraphEdge,
  seenEdgeIds: ReadonlySet<string>,
  resolved: ReadonlyMap<string, ResolvedNode>,
  next: Map<string, Map<string, string>>,
  drawn: ReadonlySet<string>,
): JourneyError | undefined {
  const edgeId = edge.id;
  if (seenEdgeIds.has(edgeId))
    return { edgeId, message: `Edge id "${edgeId}" is used by more than one edge` };
  const source = resolved.get(edge.source);
  const target = resolved.get(edge.target);
  // An end that is drawn but unresolved (unknown kind) has its own error already; the edge is not blamed.
  if (!source) {
    return drawn.has(edge.source)
      ? undefined
      : { edgeId, message: `Edge starts at node "${edge.source}", which does not exist` };
  }
  if (!target) {
    return drawn.has(edge.target)
      ? undefined
      : { edgeId, message: `Edge leads to node "${edge.target}", which does not exist` };
  }
  if (target.kind.category === 'trigger')
    return { edgeId, message: 'A trigger cannot have incoming connections' };
  if (target.kind.entersByEvent) {
    return { edgeId, message: `A ${target.kind.title} node is entered by its event, not by a connection` };
  }
  // With an invalid config the outputs are unknown: the config errors are reported, the edge is not.
  if (!source.outputs) return undefined;
  const handle = edge.sourceHandle ?? (source.outputs.length === 1 ? source.outputs[0]!.name : undefined);
  if (handle === undefined) {
    return {
      edgeId,
      nodeId: source.id,
      message: `Node "${source.id}" has several outputs: say which one this edge leaves from`,
    };
  }
  if (!source.outputs.some((output) => output.name === handle)) {
    const names = source.outputs.map((output) => output.name).join(', ') || 'none';
    return {
      edgeId,
      nodeId: source.id,
      message: `Node "${source.id}" has no output "${handle}" (it has: ${names})`,
    };
  }
  const wired = next.get(source.id) ?? new Map<string, string>();
  if (wired.has(handle)) {
    return {
      edgeId,
      nodeId: source.id,
      message: `Output "${handle}" of node "${source.id}" is connected twice`,
    };
  }
  wired.set(handle, target.id);
  next.set(source.id, wired);
  return undefined;
}
