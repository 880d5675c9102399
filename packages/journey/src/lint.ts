import type { JourneyDocument } from './document';
import { durationToMs, Duration } from './duration';
import { unreachableNodes } from './graph-checks';
import type { AnyNodeKind, NodeKindRegistry, NodeOutput } from './node-kind';
import { builtinRegistry } from './nodes';

/**
 * Warnings beside the compiler: journeys that compile but probably do not do what the marketer meant.
 * A pure pass over the document, run on every change in the browser; warnings never block publishing.
 */

export type JourneyWarningCode =
  'unreachable' | 'dead-end' | 'overlapping-branches' | 'push-without-fallback' | 'wait-beyond-attribution';

export interface JourneyWarning {
  code: JourneyWarningCode;
  nodeId: string;
  /** The output concerned (`skipped`, `branch:vip`), when the warning is about one way out. */
  output?: string;
  message: string;
}

function outputsOf(kind: AnyNodeKind, config: unknown): NodeOutput[] {
  const parsed = kind.configSchema.safeParse(config ?? {});
  if (!parsed.success) return [];
  try {
    return kind.outputs(parsed.data);
  } catch {
    return [];
  }
}

/** The longest a node can hold a customer, when its config says (a wait's duration, a wait's timeout). */
function longestWaitMs(config: unknown): number | null {
  const record = (config ?? {}) as Record<string, unknown>;
  for (const key of ['duration', 'timeout']) {
    const parsed = Duration.safeParse(record[key]);
    if (parsed.success) return durationToMs(parsed.data);
  }
  return null;
}

export function lintJourney(
  document: Pick<JourneyDocument, 'nodes' | 'edges' | 'settings'>,
  registry: NodeKindRegistry = builtinRegistry,
): JourneyWarning[] {
  const warnings: JourneyWarning[] = [];
  const outgoing = new Map<string, string[]>();
  const connected = new Set<string>();
  for (const edge of document.edges) {
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
    connected.add(`${edge.source}\u0000${edge.output ?? ''}`);
  }
  const kinds = new Map(
    document.nodes.flatMap((node) => {
      const kind = registry.get(node.type, node.version);
      return kind ? [[node.id, kind] as const] : [];
    }),
  );
  const entryIds = [...kinds]
    .filter(([, kind]) => kind.category === 'trigger' || kind.entersByEvent)
    .map(([id]) => id);
  for (const id of unreachableNodes({ nodeIds: document.nodes.map((node) => node.id), outgoing }, entryIds)) {
    warnings.push({
      code: 'unreachable',
      nodeId: id,
      message: 'No trigger leads here: nobody will reach this node',
    });
  }
  const attributionMs = document.settings?.goal
    ? document.settings.goal.attributionWindowHours * 3_600_000
    : null;

  for (const node of document.nodes) {
    const kind = kinds.get(node.id);
    if (!kind) continue;
    const outputs = outputsOf(kind, node.config);
    for (const output of outputs) {
      if (output.required) continue; // the compiler already refuses these
      const wired =
        connected.has(`${node.id}\u0000${output.name}`) ||
        (outputs.length === 1 && connected.has(`${node.id}\u0000`));
      if (!wired && kind.category !== 'exit') {
        warnings.push({
          code: 'dead-end',
          nodeId: node.id,
          output: output.name,
          message: `“${output.label}” leads nowhere: customers taking it leave the journey there`,
        });
      }
    }
    const config = (node.config ?? {}) as Record<string, unknown>;
    if (node.type === 'message' && Array.isArray(config['channels'])) {
      const channels = (config['channels'] as { channel?: string }[]).map((step) => step.channel);
      if (channels.length === 1 && channels[0] === 'push') {
        warnings.push({
          code: 'push-without-fallback',
          nodeId: node.id,
          message:
            'Web push only: customers without a push subscription get nothing. Add email as a fallback',
        });
      }
    }
    if (node.type === 'branch' && Array.isArray(config['paths'])) {
      const seen = new Map<string, string>();
      for (const path of config['paths'] as { id?: string; label?: string; condition?: unknown }[]) {
        const key = JSON.stringify(path.condition ?? null);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          warnings.push({
            code: 'overlapping-branches',
            nodeId: node.id,
            output: `branch:${path.id}`,
            message: `“${path.label}” has the same condition as “${earlier}”: it never gets anyone`,
          });
        } else seen.set(key, path.label ?? path.id ?? '');
      }
    }
    if (kind.category === 'wait' && attributionMs !== null) {
      const waitMs = longestWaitMs(node.config);
      if (waitMs !== null && waitMs > attributionMs) {
        warnings.push({
          code: 'wait-beyond-attribution',
          nodeId: node.id,
          message: `Waits longer than the ${document.settings!.goal!.attributionWindowHours} h attribution window: a conversion after it is not credited to the message before`,
        });
      }
    }
  }
  return warnings;
}
