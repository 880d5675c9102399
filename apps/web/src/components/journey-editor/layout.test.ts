import { JOURNEY_GALLERY } from '@nudgeflow/journey/gallery';
import { describe, expect, it } from 'vitest';
import { layoutRequestOf } from './canvas-actions';
import { generatedJourney } from './generated-journey';
import { LAYOUT_SPACING, layoutJourney, type LayoutPositions, type LayoutRequest } from './layout';

/** Card heights vary with their content (summary lines, an error, the outputs' captions), so do these. */
const sizeOf = (nodeId: string) => ({ width: 260, height: 70 + (hash(nodeId) % 4) * 22 });

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}

interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function boxes(request: LayoutRequest, positions: LayoutPositions): Map<string, Box> {
  return new Map(
    request.nodes.map((node) => {
      const position = positions[node.id];
      if (!position) throw new Error(`No position for ${node.id}`);
      return [
        node.id,
        {
          id: node.id,
          left: position.x,
          top: position.y,
          right: position.x + node.width,
          bottom: position.y + node.height,
        },
      ];
    }),
  );
}

/** Pairs of cards that overlap or come closer than `gap` on both axes. */
function crowded(all: Box[], gap: number): string[] {
  const sorted = [...all].sort((a, b) => a.left - b.left);
  const found: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.left < a.right + gap; j++) {
      const b = sorted[j]!;
      if (b.top < a.bottom + gap && a.top < b.bottom + gap) found.push(`${a.id} × ${b.id}`);
    }
  }
  return found;
}

/** Edges whose target does not sit wholly below its source (the canvas reads top to bottom). */
function upstream(request: LayoutRequest, laidOut: Map<string, Box>): string[] {
  return request.edges
    .filter((edge) => laidOut.get(edge.target)!.top < laidOut.get(edge.source)!.bottom + 20)
    .map((edge) => `${edge.source} → ${edge.target}`);
}

describe('layoutJourney', () => {
  it.each(JOURNEY_GALLERY.map((journey) => [journey.id, journey] as const))(
    'lays the gallery journey %s out top to bottom with no card touching another',
    async (_, journey) => {
      const request = layoutRequestOf(journey.document, sizeOf);
      const laidOut = boxes(request, await layoutJourney(request));
      expect(crowded([...laidOut.values()], LAYOUT_SPACING.betweenNodes / 2)).toEqual([]);
      expect(upstream(request, laidOut)).toEqual([]);
    },
  );

  it("puts a node's outputs' targets left to right in the order its card draws the outputs", async () => {
    // Cart abandonment: "Wait for the order" draws `event:ordered` left of `timeout`.
    const cart = JOURNEY_GALLERY.find((journey) => journey.id === 'cart-abandonment')!;
    const request = layoutRequestOf(cart.document, sizeOf);
    expect(request.nodes.find((node) => node.id === 'wait_for_order')!.outputs).toEqual([
      'event:ordered',
      'timeout',
    ]);
    const positions = await layoutJourney(request);
    expect(positions.ordered!.x).toBeLessThan(positions.cart_reminder!.x);
  });

  it(
    'lays a generated 500-node journey out top to bottom with no card touching another',
    { timeout: 120_000 },
    async () => {
      const journey = generatedJourney(500);
      const request = layoutRequestOf(journey, sizeOf);
      expect(request.edges.length).toBeGreaterThan(500);
      const laidOut = boxes(request, await layoutJourney(request));
      expect(laidOut.size).toBe(500);
      expect(crowded([...laidOut.values()], LAYOUT_SPACING.betweenNodes / 2)).toEqual([]);
      expect(upstream(request, laidOut)).toEqual([]);
    },
  );

  it('uses the sizes it is given: taller cards push the next layer down', async () => {
    const cart = JOURNEY_GALLERY.find((journey) => journey.id === 'cart-abandonment')!;
    const short = await layoutJourney(layoutRequestOf(cart.document, () => ({ width: 260, height: 60 })));
    const tall = await layoutJourney(layoutRequestOf(cart.document, () => ({ width: 260, height: 400 })));
    expect(tall.wait_for_order!.y - tall.product_added!.y).toBeGreaterThanOrEqual(
      400 + LAYOUT_SPACING.betweenLayers,
    );
    expect(short.wait_for_order!.y - short.product_added!.y).toBeLessThan(400);
  });
});
