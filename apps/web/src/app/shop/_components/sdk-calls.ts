'use client';

/**
 * Calls into `window.nudgeflow` from React. Before the script has loaded, `window.nudgeflow` is the
 * snippet's array of recorded calls (see docs/sdk.md) and the call is queued; afterwards it runs directly.
 */
type Recorded = unknown[][] & Record<string, unknown>;

interface LoadedSdk {
  loaded: boolean;
  push: {
    isSupported(): boolean;
    permission(): string;
    subscribe(): Promise<{ ok: boolean; reason?: string; message?: string }>;
  };
}

declare global {
  interface Window {
    nudgeflow?: unknown;
  }
}

export function callSdk(method: 'track' | 'identify' | 'page' | 'alias' | 'reset', ...args: unknown[]): void {
  const sdk = window.nudgeflow as Recorded | Record<string, (...a: unknown[]) => unknown> | undefined;
  if (!sdk) return;
  if (Array.isArray(sdk)) sdk.push([method, ...args]);
  else sdk[method]?.(...args);
}

/** The loaded SDK, waiting for the script if needed. */
export function loadedSdk(timeoutMs = 10_000): Promise<LoadedSdk> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const sdk = window.nudgeflow as LoadedSdk | undefined;
      if (sdk && !Array.isArray(sdk) && sdk.loaded) resolve(sdk);
      else if (Date.now() - started > timeoutMs) reject(new Error('The Nudgeflow SDK did not load.'));
      else setTimeout(check, 50);
    };
    check();
  });
}
