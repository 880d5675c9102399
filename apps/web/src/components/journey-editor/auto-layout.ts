'use client';

import type { LayoutPositions, LayoutRequest } from './layout';
import type { LayoutReply } from './layout.worker';

/**
 * Runs layoutJourney in a Web Worker so a large journey does not freeze the canvas; if the worker cannot
 * start, cannot read the request or fails, the same function runs on the main thread (loaded only then).
 * Each run is recorded as the user-timing measure `nudgeflow:auto-layout` (the bench reads it), with the
 * worker's own compute time in its detail.
 */
export async function autoLayout(request: LayoutRequest): Promise<LayoutPositions> {
  const started = performance.now();
  let outcome: { positions: LayoutPositions; where: 'worker' | 'main thread'; computeMs: number };
  try {
    outcome = { ...(await inWorker(request)), where: 'worker' };
  } catch (error) {
    console.warn(`Auto-layout fell back to the main thread: ${(error as Error).message}`);
    const { layoutJourney } = await import('./layout');
    const computeStarted = performance.now();
    const positions = await layoutJourney(request);
    outcome = { positions, where: 'main thread', computeMs: performance.now() - computeStarted };
  }
  performance.measure('nudgeflow:auto-layout', {
    start: started,
    detail: { nodes: request.nodes.length, where: outcome.where, computeMs: outcome.computeMs },
  });
  return outcome.positions;
}

function inWorker(request: LayoutRequest): Promise<{ positions: LayoutPositions; computeMs: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    const finish = (settle: () => void) => {
      worker.terminate();
      settle();
    };
    worker.onmessage = (event: MessageEvent<LayoutReply>) =>
      finish(() =>
        event.data.ok
          ? resolve({ positions: event.data.positions, computeMs: event.data.computeMs })
          : reject(new Error(event.data.message)),
      );
    worker.onerror = (event) => {
      event.preventDefault();
      finish(() => reject(new Error(event.message || 'the layout worker failed to load')));
    };
    worker.onmessageerror = () =>
      finish(() => reject(new Error('the layout worker sent an unreadable reply')));
    worker.postMessage(request);
  });
}
