/**
 * Activities run outside the workflow sandbox and may do I/O. `createActivities(deps)` binds them to their
 * dependencies so tests can build a worker against their own database and sender.
 */
export interface ActivityDeps {
  [key: string]: unknown;
}

export function createActivities(_deps: ActivityDeps = {}) {
  return {
    async echo(message: string): Promise<string> {
      return message;
    },
  };
}

export type WorkerActivities = ReturnType<typeof createActivities>;
