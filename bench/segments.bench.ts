/**
 * Segment benchmarks on a dedicated database (`nudgeflow_bench_segments` on the server of DATABASE_URL, or
 * the dev Postgres):
 * 1. counts of realistic segments over 1,000,000 customers and 10,000,000 events, against baselines in
 *    the same run — a plain `count(*)` of the workspace's customers, and a hand-written set-based query
 *    for the same audience — so the figures say what the compiled SQL costs, not what the machine can do;
 * 2. per-event segment update latency (the real-time consumer's work for one customer: load facts,
 *    evaluate every segment, write changes, emit events), p50/p99, against one primary-key round trip.
 *
 * Data is generated set-based with generate_series (indexes built after the load, FK triggers off while
 * loading) and kept between runs; generation time is reported separately. Sizes:
 * BENCH_CUSTOMERS (1,000,000) and BENCH_EVENTS (10,000,000); `--regenerate` rebuilds.
 *
 * Run: npx tsx bench/segments.bench.ts  → bench/results/segments.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SegmentDefinition } from '@nudgeflow/segments';
import {
  closeDb,
  countSegmentDefinition,
  createDb,
  createSegment,
  createWorkspace,
  databaseUrlFor,
  ensureDatabase,
  evaluateCustomerSegments,
  migrate,
  poolOf,
  type Db,
} from '@nudgeflow/db';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:54329/postgres';
const DATABASE = 'nudgeflow_bench_segments';
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 2000);
const NOW = new Date('2026-06-01T00:00:00.000Z');

const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const seconds = (startedNs: bigint) => Number(process.hrtime.bigint() - startedNs) / 1e9;

interface Meta {
  workspaceId: string;
  customers: number;
  events: number;
  generationSeconds: Record<string, number>;
}

async function generate(db: Db): Promise<Meta> {
  const pool = poolOf(db);
  const timings: Record<string, number> = {};
  const step = async (name: string, sql: string, values: unknown[] = []) => {
    const started = process.hrtime.bigint();
    await pool.query(sql, values);
    timings[name] = round(seconds(started), 1);
    console.log(`  ${name}: ${timings[name]} s`);
  };
  await pool.query(`DROP TABLE IF EXISTS bench_meta`);
  await pool.query(`TRUNCATE "Workspace" CASCADE`);
  const workspace = await createWorkspace(db, { name: 'Bench', slug: 'bench' });
  const values = [workspace.id, NOW.toISOString()];
  await pool.query(
    `DROP INDEX IF EXISTS "Event_customerId_name_timestamp_idx", "Event_workspaceId_name_timestamp_customerId_idx", "Event_workspaceId_messageId_key"`,
  );
  await pool.query(
    `DROP INDEX IF EXISTS "Customer_workspaceId_lastSeenAt_id_idx", "Customer_workspaceId_email_idx", "Customer_workspaceId_id_idx", "Customer_workspaceId_country_idx", "Customer_workspaceId_lifecycleStage_idx"`,
  );
  await step(
    'customers',
    `INSERT INTO "Customer" (id, "workspaceId", "userId", email, "emailOptIn", country, "lifecycleStage", tags, "orderCount",
                             traits, "firstSeenAt", "lastSeenAt", "createdAt", "updatedAt")
     SELECT md5('c' || g)::uuid, $1::uuid, 'u' || g, 'c' || g || '@example.com', g % 3 <> 0,
            (ARRAY['DE', 'FR', 'US', 'GB', 'NL'])[1 + g % 5],
            (ARRAY['NEW', 'ACTIVE', 'REPEAT', 'LAPSED'])[1 + g % 4]::"LifecycleStage",
            CASE WHEN g % 50 = 0 THEN ARRAY['vip'] ELSE ARRAY[]::text[] END, g % 7,
            jsonb_build_object('plan', (ARRAY['free', 'plus', 'pro'])[1 + g % 3], 'ltv', (g % 1000)::text),
            $2::timestamp - (g % 365) * interval '1 day', $2::timestamp - (g % 90) * interval '1 day', $2::timestamp, $2::timestamp
       FROM generate_series(1, ${CUSTOMERS}) AS g`,
    values,
  );
  // FK checks per row would double the load time; the generated ids are all valid by construction.
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    const started = process.hrtime.bigint();
    const chunk = 1_000_000;
    for (let from = 1; from <= EVENTS; from += chunk) {
      const to = Math.min(EVENTS, from + chunk - 1);
      await client.query(
        `INSERT INTO "Event" ("workspaceId", "customerId", "messageId", type, name, properties, timestamp, "receivedAt")
         SELECT $1::uuid, md5('c' || (1 + floor(random() * ${CUSTOMERS}))::int)::uuid, 'b' || g, 'TRACK',
                n.name,
                jsonb_build_object('category', (ARRAY['shoes', 'hats', 'bags', 'socks'])[1 + g % 4], 'price', g % 200),
                ts, ts
           FROM generate_series(${from}, ${to}) AS g,
                LATERAL (SELECT (ARRAY['Page Viewed', 'Page Viewed', 'Product Viewed', 'Product Viewed', 'Product Viewed',
                                        'Product Added', 'Product Added', 'Checkout Started', 'Order Completed', 'Email Opened'])[1 + (g * 7) % 10] AS name,
                                $2::timestamp - random() * interval '90 days' AS ts) AS n`,
        values,
      );
      console.log(`  events: ${to.toLocaleString()} (${round(seconds(started), 1)} s)`);
    }
    timings.events = round(seconds(started), 1);
    await client.query(`SET session_replication_role = origin`);
  } finally {
    client.release();
  }
  await step(
    'index Event (customerId, name, timestamp)',
    `CREATE INDEX "Event_customerId_name_timestamp_idx" ON "Event"("customerId", "name", "timestamp")`,
  );
  await step(
    'index Event (workspaceId, name, timestamp, customerId)',
    `CREATE INDEX "Event_workspaceId_name_timestamp_customerId_idx" ON "Event"("workspaceId", "name", "timestamp", "customerId")`,
  );
  await step(
    'index Event (workspaceId, messageId)',
    `CREATE UNIQUE INDEX "Event_workspaceId_messageId_key" ON "Event"("workspaceId", "messageId")`,
  );
  await step(
    'index Customer',
    `CREATE INDEX "Customer_workspaceId_lastSeenAt_id_idx" ON "Customer"("workspaceId", "lastSeenAt", "id");
    CREATE INDEX "Customer_workspaceId_country_idx" ON "Customer"("workspaceId", "country");
    CREATE INDEX "Customer_workspaceId_lifecycleStage_idx" ON "Customer"("workspaceId", "lifecycleStage");
    CREATE INDEX "Customer_workspaceId_email_idx" ON "Customer"("workspaceId", "email");
    CREATE INDEX "Customer_workspaceId_id_idx" ON "Customer"("workspaceId", "id")`,
  );
  await step('vacuum analyze', `VACUUM ANALYZE "Customer", "Event"`);
  const meta: Meta = {
    workspaceId: workspace.id,
    customers: CUSTOMERS,
    events: EVENTS,
    generationSeconds: timings,
  };
  await pool.query(`CREATE TABLE bench_meta (meta jsonb)`);
  await pool.query(`INSERT INTO bench_meta VALUES ($1::jsonb)`, [JSON.stringify(meta)]);
  return meta;
}

async function existingMeta(db: Db): Promise<Meta | null> {
  const exists = await poolOf(db).query(`SELECT to_regclass('bench_meta') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return null;
  const row = await poolOf(db).query<{ meta: Meta }>(`SELECT meta FROM bench_meta`);
  const meta = row.rows[0]?.meta;
  return meta && meta.customers === CUSTOMERS && meta.events === EVENTS ? meta : null;
}

const definitions = {
  cartAbandoners: {
    kind: 'and',
    conditions: [
      { kind: 'performed', event: 'Product Added', since: { kind: 'ago', amount: 7, unit: 'days' } },
      { kind: 'not_performed', event: 'Order Completed', since: { kind: 'ago', amount: 7, unit: 'days' } },
    ],
  },
  shoeBrowsers: {
    kind: 'performed',
    event: 'Product Viewed',
    where: [
      { path: 'category', op: 'eq', value: 'shoes' },
      { path: 'price', op: 'gt', value: 50 },
    ],
    count: { op: 'gte', value: 2 },
    since: { kind: 'ago', amount: 30, unit: 'days' },
  },
  lapsedBuyers: {
    kind: 'last_performed',
    event: 'Order Completed',
    op: 'before',
    at: { kind: 'ago', amount: 60, unit: 'days' },
  },
  germanRepeatVip: {
    kind: 'and',
    conditions: [
      { kind: 'trait', path: 'country', op: 'eq', value: 'DE' },
      { kind: 'trait', path: 'orderCount', op: 'gte', value: 2 },
      { kind: 'reachable', channel: 'email' },
    ],
  },
} as const;

async function timeQuery(
  run: () => Promise<unknown>,
  repeats: number,
): Promise<{ median: number; runs: number[]; result: unknown }> {
  const runs: number[] = [];
  let result: unknown;
  for (let i = 0; i < repeats; i++) {
    const started = process.hrtime.bigint();
    result = await run();
    runs.push(round(seconds(started)));
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, runs, result };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  await ensureDatabase(SERVER, DATABASE);
  const url = databaseUrlFor(SERVER, DATABASE);
  await migrate(url);
  const db = createDb(url, { max: 4 });
  const pool = poolOf(db);
  try {
    let meta = process.argv.includes('--regenerate') ? null : await existingMeta(db);
    let reused = true;
    if (!meta) {
      console.log(
        `generating ${CUSTOMERS.toLocaleString()} customers and ${EVENTS.toLocaleString()} events …`,
      );
      meta = await generate(db);
      reused = false;
    }
    const workspaceId = meta.workspaceId;
    const repeats = 3;

    const baselineCount = await timeQuery(
      () =>
        pool.query(`SELECT count(*)::int AS n FROM "Customer" WHERE "workspaceId" = $1::uuid`, [workspaceId]),
      repeats,
    );
    // The same audience as cartAbandoners, written by hand as set operations over the events table.
    const handWritten = await timeQuery(
      () =>
        pool.query(
          `SELECT count(*)::int AS n FROM (
             SELECT "customerId" FROM "Event" WHERE "workspaceId" = $1::uuid AND name = 'Product Added' AND timestamp >= $2::timestamp
             EXCEPT
             SELECT "customerId" FROM "Event" WHERE "workspaceId" = $1::uuid AND name = 'Order Completed' AND timestamp >= $2::timestamp) s`,
          [workspaceId, new Date(NOW.getTime() - 7 * 86_400_000).toISOString()],
        ),
      repeats,
    );
    const counts: Record<string, { members: number; medianSeconds: number; runs: number[] }> = {};
    for (const [name, condition] of Object.entries(definitions)) {
      const definition = SegmentDefinition.parse({ condition });
      const timed = await timeQuery(() => countSegmentDefinition(db, workspaceId, definition, NOW), repeats);
      counts[name] = { members: timed.result as number, medianSeconds: timed.median, runs: timed.runs };
      console.log(`  count ${name}: ${counts[name].members} members, ${timed.median} s`);
    }

    // Real-time path: the workspace's segments exist (memberships recomputed set-based on create), then one
    // customer at a time is re-evaluated as the consumer does after each event.
    await pool.query(`DELETE FROM "Segment" WHERE "workspaceId" = $1::uuid`, [workspaceId]);
    const recompute: Record<string, { seconds: number; entered: number }> = {};
    for (const [name, condition] of Object.entries(definitions)) {
      const started = process.hrtime.bigint();
      const created = await createSegment(db, workspaceId, { name, definition: { condition } }, NOW);
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      recompute[name] = { seconds: round(seconds(started), 2), entered: created.value.changes.length };
      console.log(
        `  create + recompute ${name}: ${recompute[name].seconds} s, ${recompute[name].entered} entered`,
      );
    }
    const latencies: number[] = [];
    const pkLatencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const g = 1 + Math.floor(Math.random() * meta.customers);
      const { rows } = await pool.query<{ id: string }>(`SELECT md5('c' || $1::int)::uuid::text AS id`, [g]);
      const customerId = rows[0]!.id;
      const pkStarted = process.hrtime.bigint();
      await pool.query(`SELECT id FROM "Customer" WHERE id = $1::uuid`, [customerId]);
      pkLatencies.push(seconds(pkStarted) * 1000);
      const started = process.hrtime.bigint();
      await evaluateCustomerSegments(db, workspaceId, customerId, new Date(NOW.getTime() + i));
      latencies.push(seconds(started) * 1000);
    }
    latencies.sort((a, b) => a - b);
    pkLatencies.sort((a, b) => a - b);
    const update = {
      samples: LATENCY_SAMPLES,
      segments: Object.keys(definitions).length,
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      maxMs: round(latencies.at(-1)!, 2),
    };
    const pk = { p50Ms: round(percentile(pkLatencies, 50), 3), p99Ms: round(percentile(pkLatencies, 99), 3) };
    console.log(`  per-event update: p50 ${update.p50Ms} ms, p99 ${update.p99Ms} ms`);

    const result = {
      name: 'segments',
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
      },
      figures: {
        customers: meta.customers,
        events: meta.events,
        dataReusedFromEarlierRun: reused,
        generationSeconds: meta.generationSeconds,
        segmentCount: counts,
        createAndRecompute: recompute,
        perEventSegmentUpdate: update,
      },
      baseline: {
        plainCustomerCountSeconds: baselineCount.median,
        handWrittenCartAbandonersSeconds: handWritten.median,
        handWrittenCartAbandonersMembers: (handWritten.result as { rows: { n: number }[] }).rows[0]!.n,
        primaryKeyLookup: pk,
      },
      ratios: {
        ...Object.fromEntries(
          Object.entries(counts).map(([name, figures]) => [
            `${name}VsPlainCount`,
            round(figures.medianSeconds / baselineCount.median, 1),
          ]),
        ),
        cartAbandonersVsHandWritten: round(counts.cartAbandoners!.medianSeconds / handWritten.median, 2),
        perEventUpdateP50VsPrimaryKeyLookup: round(update.p50Ms / pk.p50Ms, 1),
      },
    };
    mkdirSync(path.join(here, 'results'), { recursive: true });
    writeFileSync(path.join(here, 'results', 'segments.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await closeDb(db);
  }
}

await main();
