import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentToFlow, flowToDocument } from './flow-document';

const nodeId = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const documentNode = fc.record(
  {
    id: nodeId,
    type: fc.constantFrom('trigger.event', 'wait.events', 'message', 'branch', 'exit'),
    version: fc.integer({ min: 1, max: 3 }),
    label: fc.string({ maxLength: 20 }),
    position: fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.integer() }),
    config: fc.jsonValue(),
  },
  { requiredKeys: ['id', 'type', 'position', 'config'] },
);
const documentEdge = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 20 }),
    source: nodeId,
    output: fc.constantFrom('default', 'timeout', 'event:ordered', 'branch:vip'),
    target: nodeId,
  },
  { requiredKeys: ['id', 'source', 'target'] },
);

describe('journey document ⇄ React Flow', () => {
  it('gives back the same nodes and edges after a round trip', () => {
    fc.assert(
      fc.property(
        fc.record({
          nodes: fc.array(documentNode, { maxLength: 20 }),
          edges: fc.array(documentEdge, { maxLength: 30 }),
        }),
        (document) => {
          const flow = documentToFlow(document);
          expect(flowToDocument(flow.nodes, flow.edges)).toEqual(document);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names each edge output as the source handle React Flow connects from', () => {
    const flow = documentToFlow({
      nodes: [],
      edges: [
        { id: 'e1', source: 'wait', output: 'timeout', target: 'mail' },
        { id: 'e2', source: 'mail', target: 'end' },
      ],
    });
    expect(flow.edges.map((edge) => edge.sourceHandle)).toEqual(['timeout', null]);
  });
});
