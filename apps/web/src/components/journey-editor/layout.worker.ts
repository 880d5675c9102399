import { placedDocument } from './elk-in-worker';
import { layoutJourney, type LayoutRequest } from './layout';

/** Auto-layout off the main thread: layoutJourney (layout.ts) on each request, the answer or its error back. */
export type LayoutReply =
  | { ok: true; positions: Record<string, { x: number; y: number }>; computeMs: number }
  | { ok: false; message: string };

if (placedDocument) delete (globalThis as { document?: unknown }).document;

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const started = performance.now();
  let reply: LayoutReply;
  try {
    const positions = await layoutJourney(event.data);
    reply = { ok: true, positions, computeMs: performance.now() - started };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
