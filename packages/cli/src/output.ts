import type { MigrationPlan } from '@nudgeflow/journey';
import type { ApiProblem } from './client';

/** Fields that name the whole thing a problem is about: the node or edge id (or the resource) says it already. */
const WHOLE = new Set(['node', 'edge', 'journey', 'template']);

export function describeProblem(problem: ApiProblem): string {
  const where = [
    problem.nodeId && `node ${problem.nodeId}`,
    problem.edgeId && `edge ${problem.edgeId}`,
    problem.field && !WHOLE.has(problem.field) ? problem.field : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return where ? `  ${where}: ${problem.message}` : `  ${problem.message}`;
}

/** Runs waiting per node, and where each node's runs would go (or why they cannot). */
export function describeWaitingRuns(
  waitingRuns: Record<string, number>,
  plan: MigrationPlan | null,
  version: number,
): string {
  const nodes = Object.keys(waitingRuns).sort();
  if (nodes.length === 0) return `No runs are waiting in version ${version}.\n`;
  const total = nodes.reduce((sum, node) => sum + (waitingRuns[node] ?? 0), 0);
  const lines = nodes.map((node) => {
    const count = waitingRuns[node] ?? 0;
    const runs = `${count} run${count === 1 ? '' : 's'}`;
    if (!plan) return `  ${node}: ${runs}`;
    if (plan.ok) {
      const move = plan.moves.find((candidate) => candidate.from === node);
      return `  ${node}: ${runs} → ${move ? `${move.to} (${move.mode})` : 'stay'}`;
    }
    const problem = plan.affected.find((candidate) => candidate.nodeId === node);
    return `  ${node}: ${runs}${problem ? ` ✗ ${problem.message}` : ''}`;
  });
  const blocked =
    plan && !plan.ok ? '\nThese runs cannot move until every ✗ node is mapped (--map old=new).\n' : '';
  return `${total} run${total === 1 ? '' : 's'} waiting in version ${version}:\n${lines.join('\n')}\n${blocked}`;
}
