import type { CompiledNode, JourneyDefinition } from './definition';
import type { RunMigrationRequest } from './run-protocol';

/**
 * Journey lifecycle and version changes, as pure rules. The repository applies them to rows; the engine
 * applies migration plans to waiting runs (the `migrateVersion` update).
 */

export type JourneyStatus = 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ARCHIVED';
export type JourneyAction = 'edit' | 'publish' | 'pause' | 'resume' | 'archive';

/**
 * Which actions each status allows. Publishing a paused journey is allowed and keeps it paused (the new
 * version waits for resume); an archived journey is read-only.
 */
const ALLOWED: Record<JourneyStatus, readonly JourneyAction[]> = {
  DRAFT: ['edit', 'publish', 'archive'],
  ACTIVE: ['edit', 'publish', 'pause', 'archive'],
  PAUSED: ['edit', 'publish', 'resume', 'archive'],
  ARCHIVED: [],
};

export function lifecycleError(
  status: JourneyStatus,
  action: JourneyAction,
  hasActiveVersion: boolean,
): string | null {
  if (!ALLOWED[status].includes(action)) {
    return status === 'ARCHIVED'
      ? 'This journey is archived and can no longer change'
      : `A ${status.toLowerCase()} journey cannot ${action}`;
  }
  if (action === 'resume' && !hasActiveVersion) return 'Publish the journey before resuming it';
  return null;
}

/** Status after an action that `lifecycleError` allowed. */
export function statusAfter(status: JourneyStatus, action: JourneyAction): JourneyStatus {
  switch (action) {
    case 'publish':
      return status === 'PAUSED' ? 'PAUSED' : 'ACTIVE';
    case 'pause':
      return 'PAUSED';
    case 'resume':
      return 'ACTIVE';
    case 'archive':
      return 'ARCHIVED';
    case 'edit':
      return status;
  }
}

export interface DefinitionDiff {
  added: string[];
  removed: string[];
  /** Same id, different kind, version, config or wiring. */
  changed: string[];
  settingsChanged: boolean;
}

function sameNode(a: CompiledNode, b: CompiledNode): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What changed between two versions, by node id: the publish dialog's "changes since the live version". */
export function diffDefinitions(from: JourneyDefinition, to: JourneyDefinition): DefinitionDiff {
  return {
    added: Object.keys(to.nodes).filter((id) => !(id in from.nodes)),
    removed: Object.keys(from.nodes).filter((id) => !(id in to.nodes)),
    changed: Object.keys(to.nodes).filter(
      (id) => id in from.nodes && !sameNode(from.nodes[id]!, to.nodes[id]!),
    ),
    settingsChanged: JSON.stringify(from.settings) !== JSON.stringify(to.settings),
  };
}

export interface MigrationMove {
  from: string;
  to: string;
  /**
   * `resume`: the target is the same kind of node, so the run keeps waiting there (the interpreter re-arms
   * the wait with the new config, counting from when the wait began). `enter`: the target is a different
   * kind (an explicit mapping), so the run leaves its wait and enters the target node afresh.
   */
  mode: 'resume' | 'enter';
}

export interface MigrationProblem {
  nodeId: string;
  message: string;
}

export type MigrationPlan =
  | {
      ok: true;
      /** For the `migrateVersion` update: every waited-on node id → its node in the new version. */
      request: RunMigrationRequest;
      moves: MigrationMove[];
    }
  | { ok: false; affected: MigrationProblem[] };

export interface PlanMigrationInput {
  from: JourneyDefinition;
  to: JourneyDefinition;
  /** Node ids runs currently wait on (from the runs' currentNodeId). */
  waitingNodeIds: Iterable<string>;
  /** Explicit old id → new id, for waited-on nodes that were removed or replaced. */
  nodeMap?: Record<string, string>;
}

/**
 * Plans moving waiting runs from `from` to `to`. A run may only move where the new version has a place for
 * it: its node kept (same id, same kind), or explicitly mapped to a node that exists. Otherwise the whole
 * migration is refused with every affected node, so nobody is moved half-way.
 */
export function planMigration(input: PlanMigrationInput): MigrationPlan {
  const { from, to } = input;
  const nodeMap = input.nodeMap ?? {};
  const affected: MigrationProblem[] = [];
  const moves: MigrationMove[] = [];
  for (const mapped of Object.keys(nodeMap)) {
    if (!(mapped in from.nodes))
      affected.push({ nodeId: mapped, message: `Mapped node "${mapped}" is not in version ${from.version}` });
  }
  for (const nodeId of [...new Set(input.waitingNodeIds)].sort()) {
    const old = from.nodes[nodeId];
    if (!old) {
      affected.push({ nodeId, message: `Runs wait on "${nodeId}", which is not in version ${from.version}` });
      continue;
    }
    const explicit = nodeMap[nodeId];
    const targetId = explicit ?? nodeId;
    const target = to.nodes[targetId];
    if (!target) {
      affected.push({
        nodeId,
        message: explicit
          ? `"${nodeId}" is mapped to "${explicit}", which is not in version ${to.version}`
          : `Runs wait on "${nodeId}", which version ${to.version} removes: map it to a node of the new version`,
      });
      continue;
    }
    if (target.kind !== old.kind && !explicit) {
      affected.push({
        nodeId,
        message: `"${nodeId}" changed from ${old.kind} to ${target.kind}: map waiting runs explicitly`,
      });
      continue;
    }
    if (to.triggerNodeIds.includes(targetId)) {
      affected.push({ nodeId, message: `Runs cannot be moved onto trigger "${targetId}"` });
      continue;
    }
    moves.push({ from: nodeId, to: targetId, mode: target.kind === old.kind ? 'resume' : 'enter' });
  }
  if (affected.length > 0) return { ok: false, affected };
  return {
    ok: true,
    request: { definition: to, nodeMap: Object.fromEntries(moves.map((move) => [move.from, move.to])) },
    moves,
  };
}

/**
 * A node id for a new node of `type` that no node in `existingIds` uses: readable (`wait-events-3`) and,
 * once given, never changed by edits, so versions and waiting runs can refer to it.
 */
export function newNodeId(type: string, existingIds: Iterable<string>): string {
  const taken = new Set(existingIds);
  const base = type.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!taken.has(id)) return id;
  }
}
