/**
 * Structural checks on the wired graph: reachability from the ways in, and loops a customer could spin
 * through without waiting. Plain graph algorithms over node ids, separate from node kinds.
 */

export interface WiredGraph {
  nodeIds: readonly string[];
  /** source → targets, in edge order. */
  outgoing: ReadonlyMap<string, readonly string[]>;
}

/** Node ids no path reaches from any of `entryIds`, in graph order. */
export function unreachableNodes(graph: WiredGraph, entryIds: readonly string[]): string[] {
  const seen = new Set<string>(entryIds);
  const stack = [...entryIds];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const next of graph.outgoing.get(id) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return graph.nodeIds.filter((id) => !seen.has(id));
}

/**
 * Loops (strongly connected components) that remain when nodes that always wait are taken out: each is a
 * cycle a customer could run through without a timer. Tarjan's algorithm, iterative so 5,000-node graphs
 * cannot overflow the stack. Each loop lists its node ids in graph order.
 */
export function loopsWithoutWait(graph: WiredGraph, waits: ReadonlySet<string>): string[][] {
  const order = new Map(graph.nodeIds.map((id, index) => [id, index]));
  const successors = (id: string) =>
    (graph.outgoing.get(id) ?? []).filter((next) => order.has(next) && !waits.has(next));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let counter = 0;

  for (const start of graph.nodeIds) {
    if (waits.has(start) || index.has(start)) continue;
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const nexts = successors(frame.id);
      if (frame.next < nexts.length) {
        const next = nexts[frame.next++]!;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = component.length === 1 && nexts.includes(frame.id);
        if (component.length > 1 || selfLoop) {
          loops.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
        }
      }
    }
  }
  return loops.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}
