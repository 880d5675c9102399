/**
 * Imported by layout.worker.ts before elkjs. elkjs's bundled build decides where it runs as it loads: with
 * `self` and no `document` it takes itself for elk's own worker script, claims `self.onmessage` and exports
 * nothing, so `new ELK()` throws inside any other worker (auto-layout did nothing; issue "The journey
 * canvas"). A placeholder `document` while layout.ts builds its ELK makes elkjs export its in-thread engine,
 * as on the main thread and in Node; the worker removes it once its imports have run.
 */
const scope = globalThis as { document?: unknown };
export const placedDocument = scope.document === undefined;
if (placedDocument) scope.document = {};
