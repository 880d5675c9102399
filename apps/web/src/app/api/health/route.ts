import { createLogger } from '@nudgeflow/config';
import { checkHealth } from '~/server/health';

export const dynamic = 'force-dynamic';

const log = createLogger('web:health');

/** 200 when Postgres and Temporal both answer, 503 otherwise (load balancers take the node out). */
export async function GET() {
  const health = await checkHealth();
  if (health.status !== 'ok') log.warn({ health }, 'health check degraded');
  return Response.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
