import { closeSharedDb } from '@nudgeflow/db';
import { afterAll, describe, expect, it } from 'vitest';
import { GET } from '../app/api/health/route';

afterAll(async () => {
  await closeSharedDb();
});

describe('/api/health', () => {
  it('reports Postgres and Temporal reachable with their latency', async () => {
    // The first call also opens the connections; what it reports is what a load balancer sees at start-up.
    const request = () => new Request('http://nudgeflow.test/api/health');
    await GET(request());
    const response = await GET(request());
    const body = (await response.json()) as {
      status: string;
      database: { ok: boolean; latencyMs: number };
      temporal: { ok: boolean; latencyMs: number };
    };
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, temporal: { ok: true } });
    expect(response.status).toBe(200);
    expect(Number.isInteger(body.database.latencyMs)).toBe(true);
  });
});
