/**
 * The script-tag build. The snippet (docs/sdk.md) defines `window.nudgeflow` as an array that records calls
 * made before this file loads; they are replayed in order once the real object exists.
 */
import { Nudgeflow } from './nudgeflow';

type RecordedCall = [method: string, ...args: unknown[]];

declare global {
  interface Window {
    nudgeflow?: Nudgeflow | RecordedCall[];
  }
}

const recorded = Array.isArray(window.nudgeflow) ? window.nudgeflow : [];
const instance = window.nudgeflow instanceof Nudgeflow ? window.nudgeflow : new Nudgeflow();
window.nudgeflow = instance;

// load() first, whatever order the page used, so the other calls have somewhere to go.
const ordered = [...recorded.filter(([m]) => m === 'load'), ...recorded.filter(([m]) => m !== 'load')];
for (const [method, ...args] of ordered) {
  const target = (instance as unknown as Record<string, unknown>)[method];
  if (typeof target === 'function') {
    try {
      (target as (...a: unknown[]) => unknown).apply(instance, args);
    } catch (error) {
      console.error(`[nudgeflow] ${method}() failed`, error);
    }
  }
}
