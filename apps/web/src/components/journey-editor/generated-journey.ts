import type { JourneyDocumentEdge, JourneyDocumentNode } from '@nudgeflow/journey';
import { kindOf, outputsOf } from './node-kinds';

/**
 * A large journey of real node kinds for the layout test and the canvas bench: one event trigger, then
 * waits, branches, splits and messages hanging off each other's free outputs (picked at random, seeded, so
 * it grows both deep and wide like a real journey), every tenth node also entered from a second output (a
 * merge), exits closing some paths. Edges only run from an earlier node to a later one, so it has no cycle.
 */
const BODY_KINDS = ['wait.duration', 'branch', 'message', 'wait.events', 'split', 'message', 'exit'] as const;

export function generatedJourney(
  nodeCount: number,
  seed = 1,
): { nodes: JourneyDocumentNode[]; edges: JourneyDocumentEdge[] } {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: deterministic, good enough to pick outputs.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const nodes: JourneyDocumentNode[] = [];
  const edges: JourneyDocumentEdge[] = [];
  const free: { source: string; output: string }[] = [];
  const add = (type: string, index: number) => {
    const kind = kindOf(type)!;
    const id = `${type.replace('.', '-')}-${index}`;
    nodes.push({ id, type, position: { x: 0, y: 0 }, config: kind.defaultConfig });
    for (const output of outputsOf(kind, kind.defaultConfig)) free.push({ source: id, output: output.name });
    return id;
  };
  add('trigger.event', 0);
  for (let index = 1; index < nodeCount; index++) {
    // An exit only where the journey has other open paths to keep growing from.
    const type = BODY_KINDS[Math.floor(random() * BODY_KINDS.length)]!;
    const id = add(free.length < 3 && type === 'exit' ? 'message' : type, index);
    const entries = index % 10 === 0 ? 2 : 1;
    for (let entry = 0; entry < entries; entry++) {
      const candidates = free.filter((candidate) => candidate.source !== id);
      if (candidates.length === 0) break;
      const from = candidates[Math.floor(random() * candidates.length)]!;
      free.splice(free.indexOf(from), 1);
      edges.push({ id: `e-${edges.length}`, source: from.source, output: from.output, target: id });
    }
  }
  return { nodes, edges };
}
