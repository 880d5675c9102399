/**
 * Ingestion throughput: Segment-spec batches (500 events per request, 8 in flight) through the real /v1/batch
 * route handler over HTTP, each request one transaction with identity resolution, profile updates, consent
 * and outbox rows. Baseline, measured in the same run on the same database: a raw multi-row
 * `INSERT … SELECT FROM unnest(…)` of the same event rows (same batch size and concurrency) into "Event",
 * i.e. what storing the events alone costs. Also: single-event requests (/v1/track, 8 in flight).
 *
 * Uses the Postgres server of DATABASE_URL when set (database nudgeflow_bench_ingest, recreated), else starts
 * embedded Postgres in a temp dir.
 * Run: npm run bench -- ingest (or `npx tsx bench/ingest.bench.ts`) → bench/results/ingest.json
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { freePort, makeTempDir, startPostgres, type PostgresHandle } from '@nudgeflow/devstack';
import { writeResult } from './harness';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 50_000);
const SINGLE_EVENTS = Number(process.env.BENCH_INGEST_SINGLE ?? 3_000);
const BATCH = 500;
const CONCURRENCY = 8;
const USERS = Math.max(1, Math.floor(EVENTS / 20));
const DATABASE = 'nudgeflow_bench_ingest';

let postgres: PostgresHandle | undefined;
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  postgres = await startPostgres({
    dataDir: path.join(makeTempDir('nudgeflow-bench-ingest'), 'pg'),
    port: await freePort(),
  });
  serverUrl = postgres.url('postgres');
}
const admin = new pg.Pool({ connectionString: serverUrl, max: 1 });
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DATABASE}`);
await admin.end();
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${DATABASE}`;
// The web app's modules read their configuration through env() on first use; this script is their process.
process.env.DATABASE_URL = databaseUrl.toString();
process.env.LOG_LEVEL ??= 'warn';
process.env.NODE_ENV ??= 'production';
// The bench measures ingestion, not the public rate limits (one client address, one workspace).
process.env.RATE_LIMIT_WORKSPACE_PER_SECOND ??= '1000000000';
process.env.RATE_LIMIT_WORKSPACE_BURST ??= '1000000000';
process.env.RATE_LIMIT_ADDRESS_PER_SECOND ??= '1000000000';
process.env.RATE_LIMIT_ADDRESS_BURST ??= '1000000000';

const { migrate, getDb, poolOf, closeSharedDb } = await import('@nudgeflow/db');
const { createTestWorkspace } = await import('@nudgeflow/db/testing');
const { startRouteServer } = await import('@nudgeflow/web/testing/route-server');
const { ingestionRoutes } = await import('@nudgeflow/web/testing/v1-routes');
await migrate(databaseUrl.toString());

interface BenchEvent {
  type: 'track' | 'identify' | 'page';
  userId: string;
  anonymousId: string;
  messageId: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
}

function makeEvents(count: number, tag: string): BenchEvent[] {
  const start = Date.now() - count;
  return Array.from({ length: count }, (_, i) => {
    const user = i % USERS;
    const base = {
      userId: `${tag}-user-${user}`,
      anonymousId: `${tag}-anon-${user}`,
      messageId: `${tag}-${i}-${randomUUID()}`,
      context: {
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile',
        locale: 'en-US',
        page: { url: 'https://shop.test/p', referrer: 'https://www.google.com/' },
      },
      timestamp: new Date(start + i).toISOString(),
    };
    const kind = i % 10;
    if (kind === 0)
      return { ...base, type: 'identify', traits: { email: `${tag}${user}@shop.test`, plan: 'pro' } };
    if (kind < 4) return { ...base, type: 'page', name: 'Product', properties: { path: `/p/${i % 300}` } };
    return {
      ...base,
      type: 'track',
      event: kind === 9 ? 'Order Completed' : 'Product Viewed',
      properties: { product_id: `p-${i % 300}`, price: (i % 90) + 10 },
    };
  });
}

async function inParallel<T>(items: T[], worker: (item: T) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await worker(items[next++]!);
    }),
  );
  return (performance.now() - started) / 1000;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const server = await startRouteServer(ingestionRoutes);
try {
  const db = getDb();
  const workspace = await createTestWorkspace(db);
  const auth = `Basic ${Buffer.from(`${workspace.writeKey}:`).toString('base64')}`;
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });
    if (response.status !== 200)
      throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };

  // Warm-up: connections, write-key cache, JIT.
  await inParallel(chunks(makeEvents(2_000, 'warm'), BATCH), (batch) => post('/v1/batch', { batch }));

  const apiEvents = makeEvents(EVENTS, 'api');
  const apiSeconds = await inParallel(chunks(apiEvents, BATCH), (batch) => post('/v1/batch', { batch }));
  const stored = await db.event.count({
    where: { workspaceId: workspace.id, messageId: { startsWith: 'api-' } },
  });
  if (stored !== EVENTS) throw new Error(`expected ${EVENTS} stored events, found ${stored}`);

  const singleEvents = makeEvents(SINGLE_EVENTS, 'single');
  const singleSeconds = await inParallel(singleEvents, (event) => post(`/v1/${event.type}`, event));

  // Baseline: the same rows, straight into "Event" with the same multi-row statement shape, for customers
  // that already exist (so no resolution, no profiles, no outbox).
  const rawWorkspace = await createTestWorkspace(db);
  const rawEvents = makeEvents(EVENTS, 'raw');
  const pool = poolOf(db);
  const customerIds = Array.from({ length: USERS }, () => randomUUID());
  await pool.query(
    `INSERT INTO "Customer" (id, "workspaceId", "createdAt", "updatedAt") SELECT id, $1, now(), now() FROM unnest($2::uuid[]) AS t(id)`,
    [rawWorkspace.id, customerIds],
  );
  const typeName = { track: 'TRACK', identify: 'IDENTIFY', page: 'PAGE' } as const;
  const rawSeconds = await inParallel(chunks(rawEvents, BATCH), async (batch) => {
    await pool.query(
      `INSERT INTO "Event" ("workspaceId", "customerId", "messageId", type, name, properties, context, timestamp)
       SELECT $1, c, m, t, n, p, x, ts FROM unnest($2::uuid[], $3::text[], $4::"EventType"[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamp(3)[])
         AS r(c, m, t, n, p, x, ts)
       ON CONFLICT ("workspaceId", "messageId") DO NOTHING`,
      [
        rawWorkspace.id,
        batch.map((_, i) => customerIds[i % USERS]),
        batch.map((e) => e.messageId),
        batch.map((e) => typeName[e.type]),
        batch.map((e) => e.event ?? e.name ?? null),
        batch.map((e) => JSON.stringify(e.properties ?? e.traits ?? {})),
        batch.map((e) => JSON.stringify(e.context)),
        batch.map((e) => e.timestamp),
      ],
    );
  });

  const round = (value: number) => Math.round(value);
  const apiPerSecond = round(EVENTS / apiSeconds);
  const rawPerSecond = round(EVENTS / rawSeconds);
  const singlePerSecond = round(SINGLE_EVENTS / singleSeconds);
  const file = writeResult({
    name: 'ingest',
    description:
      `Segment-spec batches of ${BATCH} events, ${CONCURRENCY} requests in flight, through /v1/batch over HTTP (identity resolution, ` +
      'profiles, consent, outbox, one transaction each), against a raw multi-row INSERT … SELECT FROM unnest of the same rows ' +
      'into "Event" on the same database in the same run.',
    figures: {
      batchedEventsPerSecond: apiPerSecond,
      singleEventRequestsPerSecond: singlePerSecond,
      events: EVENTS,
      customers: USERS,
      batchSize: BATCH,
      concurrency: CONCURRENCY,
    },
    baseline: { rawMultiRowInsertEventsPerSecond: rawPerSecond },
    ratios: {
      batchedOverRawInsert: Math.round((apiPerSecond / rawPerSecond) * 100) / 100,
      singleOverBatched: Math.round((singlePerSecond / apiPerSecond) * 100) / 100,
    },
  });
  process.stdout.write(
    `ingest: ${apiPerSecond} events/s batched, ${singlePerSecond}/s single, raw insert ${rawPerSecond}/s → ${file}\n`,
  );
} finally {
  await server.close();
  await closeSharedDb();
  await postgres?.stop();
}
