import { getDb, pingDatabase } from '@nudgeflow/db';
import { forgetTemporalConnection, getTemporalConnection } from './temporal';

/** Reachability of the two services everything depends on, for /api/health and the dev stack's summary. */
export interface ServiceHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  database: ServiceHealth;
  temporal: ServiceHealth;
}

const DEADLINE_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function measure(check: () => Promise<unknown>): Promise<ServiceHealth> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export function checkDatabase(): Promise<ServiceHealth> {
  return measure(() => withTimeout(pingDatabase(getDb()), DEADLINE_MS, 'Postgres'));
}

export function checkTemporal(): Promise<ServiceHealth> {
  return measure(async () => {
    const connection = await withTimeout(getTemporalConnection(DEADLINE_MS), DEADLINE_MS, 'Temporal');
    try {
      await connection.withDeadline(Date.now() + DEADLINE_MS, () =>
        connection.workflowService.getSystemInfo({}),
      );
    } catch (error) {
      forgetTemporalConnection(connection);
      throw error;
    }
  });
}

export async function checkHealth(): Promise<Health> {
  const [database, temporalHealth] = await Promise.all([checkDatabase(), checkTemporal()]);
  return { status: database.ok && temporalHealth.ok ? 'ok' : 'degraded', database, temporal: temporalHealth };
}
