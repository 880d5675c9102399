import { z } from 'zod';
import type { JourneySettings } from './definition';

/**
 * The one node-definition interface. Built-in node kinds and plugin node kinds declare exactly this shape,
 * so the canvas (palette, generated forms, summaries), the compiler and the worker never switch on a
 * node type: they ask the kind.
 */

export type NodeCategory = 'trigger' | 'wait' | 'flow' | 'action' | 'goal' | 'exit';

/** A named way out of a node. The name is the key of `CompiledNode.next` and the canvas's sourceHandle. */
export interface NodeOutput {
  name: string;
  label: string;
  /** The compiler refuses the journey when this output is not connected (a branch's `default`). */
  required?: boolean;
}

/** Widgets the generated form knows beyond what JSON Schema expresses. Plugins may use any of them. */
export type FieldWidget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'percent'
  | 'switch'
  | 'select'
  | 'duration'
  | 'event-name'
  | 'event-matcher'
  | 'property-filters'
  | 'template-picker'
  | 'segment-picker'
  | 'channel-steps'
  | 'channel-picker'
  | 'topic-picker'
  | 'attribute-name'
  | 'tag'
  | 'time-of-day'
  | 'weekdays'
  | 'timezone'
  | 'datetime'
  | 'cron'
  | 'branch-condition'
  | 'json'
  | 'secret';

export interface FieldHint {
  widget?: FieldWidget;
  label?: string;
  help?: string;
  placeholder?: string;
  /** Show the field only when another field (dotted path from the config root) has one of these values. */
  showIf?: { field: string; equals: readonly unknown[] };
  /**
   * Options loaded on demand (e.g. a plugin's list of remote lists): the web app calls the plugin's
   * options provider with this key. Static options come from the JSON Schema enum instead.
   */
  optionsFrom?: string;
  /** Fields with the same group are drawn together, in declaration order. */
  group?: string;
}

export interface NodeKindUi {
  /** Icon name from the lucide set (the canvas maps names to components). */
  icon: string;
  /** Accent colour of the node card, as a CSS colour. */
  color: string;
  /** Hints per field, keyed by dotted path from the config root; arrays use `*` (`events.*.matcher`). */
  fields?: Record<string, FieldHint>;
}

/** A compile problem. Every error names the node or edge the canvas should point at. */
export interface JourneyError {
  nodeId?: string;
  edgeId?: string;
  /** Dotted path inside the node's config (`events.0.matcher.event`), when the problem is one field. */
  field?: string;
  message: string;
}

/** What a compile hook may know beyond its own config. `known` sets are only present at publish time. */
export interface CompileContext {
  nodeId: string;
  settings: JourneySettings;
  /** Whether runs carry an entry event: from every trigger, from some, or from none (segment/schedule only). */
  entryEvent: 'always' | 'sometimes' | 'never';
  /**
   * Every node of the journey by id: its kind and its config as drawn (not validated), for checks of
   * references between nodes (a branch reading a message node's webhook answer).
   */
  nodes?: ReadonlyMap<string, { kind: string; config: unknown }>;
  /** Existing ids in the workspace, passed in by whoever compiles with database access (publish). */
  known?: {
    segmentIds?: ReadonlySet<string>;
    /** Template id → the channel it is written for (`push`, `email`, `in_app`, `sms`, `webhook`, plugin id). */
    templates?: ReadonlyMap<string, string>;
    channels?: ReadonlySet<string>;
    topicKeys?: ReadonlySet<string>;
  };
}

/**
 * How the worker executes a node, exactly. `workflow`: journeyRun runs the kind's executor
 * (workflows/src/nodes/<kind>.ts) with Temporal primitives, and the executor calls exactly the `activities`
 * named here (none for timers and pure choices). `activity`: the generic activity executor calls
 * `runNodeActivity`, which runs the implementation registered under `activity` with `{ config, run context }`
 * and follows the output it returns — how action nodes and plugins run. A unit test in workflows/ runs every
 * executor and checks it calls what its kind declares.
 */
export type NodeRuntime =
  { kind: 'workflow'; activities?: readonly string[] } | { kind: 'activity'; activity: string };

/**
 * A customer event offered to a trigger node: does the run enter here? Internal events name their journey
 * (`journeyId`) and, for schedules, their trigger node, so the check needs both.
 */
export interface EntryCandidate {
  event: { name: string; properties: Record<string, unknown> };
  journeyId: string;
  triggerNodeId: string;
}

// Methods (not function-typed properties) so a NodeKind<specific schema> is assignable to AnyNodeKind.
export interface NodeKind<
  Schema extends z.ZodType = z.ZodType,
  Type extends string = string,
  Runtime extends NodeRuntime = NodeRuntime,
> {
  /** Lowercase, dotted type: `message`, `wait.duration`; plugins must namespace it (`acme.promo-code`). */
  type: Type;
  /** Bumped when the config schema or semantics change incompatibly; compiled nodes pin it. */
  version: number;
  title: string;
  description: string;
  category: NodeCategory;
  configSchema: Schema;
  /** What a node dropped on the canvas starts with. It need not be valid yet (e.g. no template chosen). */
  defaultConfig: z.input<Schema>;
  /** Outputs, fixed or derived from config (one per branch, one per awaited event, …). */
  outputs(config: z.output<Schema>): NodeOutput[];
  ui: NodeKindUi;
  /** One-line description of a configured node for the canvas ("Wait 2 hours"). */
  summary?(config: z.output<Schema>): string;
  /** Validation beyond the schema (references, cross-field rules). Errors carry ctx.nodeId. */
  compile?(config: z.output<Schema>, ctx: CompileContext): JourneyError[];
  runtime: Runtime;
  /**
   * Trigger kinds only, and pure: whether this event enters the journey through a node of this kind. The
   * dispatcher (which starts runs) and the journeys API (which checks a journey can be entered by a call)
   * both ask this, so they never disagree.
   */
  matchesEntry?(config: z.output<Schema>, candidate: EntryCandidate): boolean;
  /**
   * Every pass through the node takes time (a durable timer or an awaited event). A loop in the journey must
   * contain such a node, or a customer could spin through it without end. A time window does not count: it
   * continues at once when the customer is already inside it.
   */
  alwaysWaits?: boolean;
  /** Trigger kinds only: runs entering here carry an entry event (or API properties) templates can read. */
  providesEntryEvent?: boolean;
  /**
   * Goal-like kinds: the run can jump here from anywhere (when its event happens), so the node takes no
   * incoming edges and counts as reachable.
   */
  entersByEvent?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds kinds of every schema
export type AnyNodeKind = NodeKind<any>;

/**
 * Declares a node kind. Identity at run time; it exists so TypeScript infers config types from the schema,
 * and keeps the literal type and runtime (the workflow's executor registry is a record over them).
 */
export function defineNodeKind<
  Schema extends z.ZodType,
  const Type extends string,
  const Runtime extends NodeRuntime,
>(kind: NodeKind<Schema, Type, Runtime>): NodeKind<Schema, Type, Runtime> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(kind.type)) {
    throw new Error(
      `Node kind type "${kind.type}" must be lowercase words joined by dots, e.g. "wait.duration"`,
    );
  }
  if (!Number.isInteger(kind.version) || kind.version < 1) {
    throw new Error(`Node kind ${kind.type}: version must be a positive integer`);
  }
  return kind;
}

/** JSON Schema (draft 2020-12) of what a user may write in the node's config: the form generator's input. */
export function configJsonSchema(kind: AnyNodeKind): Record<string, unknown> {
  return z.toJSONSchema(kind.configSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/**
 * Node kinds by type and version. Old versions stay registered so journeys drawn with them keep compiling
 * and running; new nodes on the canvas get the latest.
 */
export class NodeKindRegistry {
  private readonly kinds = new Map<string, Map<number, AnyNodeKind>>();

  constructor(kinds: Iterable<AnyNodeKind> = []) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: AnyNodeKind): this {
    const versions = this.kinds.get(kind.type) ?? new Map<number, AnyNodeKind>();
    if (versions.has(kind.version)) {
      throw new Error(`Node kind ${kind.type}@${kind.version} is already registered`);
    }
    versions.set(kind.version, kind);
    this.kinds.set(kind.type, versions);
    return this;
  }

  /** The kind at this version, or the latest when no version is given. */
  get(type: string, version?: number): AnyNodeKind | undefined {
    const versions = this.kinds.get(type);
    if (!versions) return undefined;
    if (version !== undefined) return versions.get(version);
    return versions.get(Math.max(...versions.keys()));
  }

  has(type: string, version?: number): boolean {
    return this.get(type, version) !== undefined;
  }

  /** The latest version of every kind, for the palette. */
  latest(): AnyNodeKind[] {
    return [...this.kinds.keys()].map((type) => this.get(type)).filter((kind) => kind !== undefined);
  }

  /** Every registered kind and version. */
  all(): AnyNodeKind[] {
    return [...this.kinds.values()].flatMap((versions) => [...versions.values()]);
  }

  /** A new registry with these kinds added (plugins), leaving this one untouched. */
  with(kinds: Iterable<AnyNodeKind>): NodeKindRegistry {
    const next = new NodeKindRegistry(this.all());
    for (const kind of kinds) next.register(kind);
    return next;
  }
}
