import { afterAll, beforeAll, expect, test } from 'vitest';
import { createLogger } from '@nudgeflow/config';
import { formatWallTime, wallTimeToInstant, zonedWallTime, type CompiledNode } from '@nudgeflow/journey';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';
import { startJourneyScheduler, type JourneyScheduler } from './scheduler';

/**
 * Schedule triggers end to end: the scheduler plans and fans out fires into the outbox, the harness's
 * dispatcher enters customers through the ordinary entry path, runs execute on a real Temporal worker.
 * The scheduler's clock is shifted forward to reach the later zones' instants of one occurrence (hours
 * apart) without waiting for them; the first instant is met in real time. Schedulers keep their own loops
 * running beside the passes a test asks for (as workers do), so outcomes are read from the database.
 */
let h: JourneyHarness;
let shiftMs = 0;
const clock = () => new Date(Date.now() + shiftMs);
const log = createLogger('scheduler-test');
const schedulers: JourneyScheduler[] = [];

function scheduler(options: { batchSize?: number } = {}): JourneyScheduler {
  const started = startJourneyScheduler({
    db: h.db,
    log,
    workspaceId: h.workspaceId,
    now: clock,
    pollIntervalMs: 250,
    lookaheadMs: 60_000,
    ...options,
  });
  schedulers.push(started);
  return started;
}

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  for (const started of schedulers) await started.stop();
  await h?.close();
});

async function createSegment(members: { customerId: string; inSegment?: boolean }[]): Promise<string> {
  const segment = await h.db.segment.create({
    data: {
      workspaceId: h.workspaceId,
      name: 'Holiday audience',
      definition: { match: 'all', conditions: [] },
    },
  });
  await h.db.segmentMembership.createMany({
    data: members.map((member) => ({
      segmentId: segment.id,
      customerId: member.customerId,
      inSegment: member.inSegment ?? true,
    })),
  });
  return segment.id;
}

const runsOf = (journeyId: string, customerId: string) =>
  h.db.journeyRun.findMany({ where: { journeyId, customerId } });

/** Every outbox row of the workspace dispatched: nothing more is on its way to the journeys. */
async function drained(): Promise<boolean> {
  const pending = await h.db.outboxEntry.count({ where: { workspaceId: h.workspaceId, dispatchedAt: null } });
  return pending === 0;
}

test('customer local time: each zone enters at its own instant, exactly once, also across restarts and two workers', async () => {
  const berlin = await h.createCustomer({ timezone: 'Europe/Berlin' });
  const newYork = await h.createCustomer({ timezone: 'America/New_York' });
  const noZone = await h.createCustomer({});
  const outsider = await h.createCustomer({ timezone: 'Europe/Berlin' });
  const exited = await h.createCustomer({ timezone: 'Europe/Berlin' });
  const segmentId = await createSegment([
    { customerId: berlin },
    { customerId: newYork },
    { customerId: noZone },
    { customerId: exited, inSegment: false },
  ]);

  // 09:00-style wall time that Berlin reaches a few seconds from now; UTC (the fallback) and New York later.
  const wall = zonedWallTime(new Date(Date.now() + 8_000), 'Europe/Berlin');
  const occurrence = formatWallTime(wall);
  const berlinAt = wallTimeToInstant(wall, 'Europe/Berlin');
  const utcAt = wallTimeToInstant(wall, 'UTC');
  const newYorkAt = wallTimeToInstant(wall, 'America/New_York');
  expect(berlinAt < utcAt && utcAt < newYorkAt).toBe(true);

  const nodes: CompiledNode[] = [
    node(
      'holiday',
      'trigger.schedule',
      { when: { kind: 'once', at: occurrence }, customerLocalTime: true, timezone: 'UTC', segmentId },
      { default: null },
    ),
  ];
  // Re-entry `always`: a second entry for the same occurrence would start a second run, so only the
  // scheduler's own exactly-once keeps the counts at one.
  const { journeyId } = await h.publish({
    name: 'Holiday offer',
    settings: { entry: { reentry: { mode: 'always' }, uniqueBy: null } },
    nodes,
  });

  const first = scheduler();
  const [berlinRun] = await h.waitFor(async () => {
    const runs = await runsOf(journeyId, berlin);
    return runs.length > 0 && runs;
  }, 'the Berlin customer to enter at Berlin’s instant');
  expect((await runsOf(journeyId, noZone)).length + (await runsOf(journeyId, newYork)).length).toBe(0);
  const entered = await h.waitFor(
    () =>
      h.db.journeyStep
        .findFirst({ where: { runId: berlinRun!.id, kind: 'entered' } })
        .then((step) => step ?? undefined),
    'the entered step',
  );
  expect(entered.detail).toMatchObject({ trigger: 'holiday', occurrence, fireAt: berlinAt.toISOString() });
  const berlinEvent = await h.db.event.findFirstOrThrow({
    where: { customerId: berlin, name: 'Journey Schedule Trigger' },
  });
  expect(berlinEvent.timestamp.getTime()).toBeGreaterThanOrEqual(berlinAt.getTime());

  // UTC's instant: the customer without a known zone enters, in the trigger's zone.
  shiftMs = utcAt.getTime() - Date.now() + 50;
  await first.runOnce();
  await h.waitFor(
    async () => (await runsOf(journeyId, noZone)).length === 1,
    'the customer without a zone to enter',
  );
  expect(await runsOf(journeyId, newYork)).toHaveLength(0);

  // A restarted worker: nothing enters again.
  await first.stop();
  const restarted = scheduler();
  expect((await restarted.runOnce()).entered).toBe(0);

  // Two workers at New York's instant: New York enters once.
  shiftMs = newYorkAt.getTime() - Date.now() + 50;
  const other = scheduler();
  await Promise.all([restarted.runOnce(), other.runOnce()]);
  await h.waitFor(
    async () => (await runsOf(journeyId, newYork)).length === 1 && drained(),
    'New York to enter',
  );

  // Even with the scheduler's bookkeeping lost, the occurrence's entry ids make a second fan-out a no-op.
  await h.db.journeyScheduleFire.deleteMany({ where: { journeyId } });
  await h.db.journeySchedulePlan.deleteMany({ where: { journeyId } });
  shiftMs = newYorkAt.getTime() - Date.now() + 60_000;
  await restarted.runOnce();
  const refired = await h.waitFor(
    () =>
      h.db.journeyScheduleFire
        .findFirst({ where: { journeyId, fireAt: newYorkAt, status: 'DONE' } })
        .then((fire) => fire ?? undefined),
    'New York’s fire to be planned and fanned out again',
  );
  expect(refired).toMatchObject({
    occurrence,
    entered: 0,
    zones: expect.arrayContaining(['America/New_York']),
  });

  await h.waitFor(
    async () => (await runsOf(journeyId, newYork)).length === 1 && drained(),
    'New York to enter',
  );
  for (const customerId of [berlin, newYork, noZone])
    expect(await runsOf(journeyId, customerId)).toHaveLength(1);
  for (const customerId of [outsider, exited]) expect(await runsOf(journeyId, customerId)).toHaveLength(0);
  const events = await h.db.event.findMany({
    where: { workspaceId: h.workspaceId, name: 'Journey Schedule Trigger' },
  });
  expect(events.map((event) => event.customerId).sort()).toEqual([berlin, newYork, noZone].sort());
  shiftMs = 0;
});

test('pausing stops a schedule; publishing a new version reschedules it', async () => {
  const customer = await h.createCustomer({ timezone: 'Asia/Tokyo' });
  const segmentId = await createSegment([{ customerId: customer }]);
  const base = Date.now() + 60 * 60_000;
  const trigger = (at: Date) =>
    node(
      'offer',
      'trigger.schedule',
      { when: { kind: 'once', at: at.toISOString() }, timezone: 'UTC', segmentId },
      { default: null },
    );
  const fireAt = (at: Date, status: 'PENDING' | 'DONE' | 'SKIPPED') =>
    h.waitFor(
      () =>
        h.db.journeyScheduleFire
          .findFirst({ where: { journeyId, fireAt: at, status } })
          .then((fire) => fire ?? undefined),
      `the fire at ${at.toISOString()} to be ${status}`,
    );
  const firstAt = new Date(base);
  const { journeyId } = await h.publish({ name: 'Paused offer', nodes: [trigger(firstAt)] });
  const pass = scheduler();

  // Planned half a minute before its instant, then the journey is paused: the fire is skipped, nobody enters.
  shiftMs = firstAt.getTime() - Date.now() - 30_000;
  await pass.runOnce();
  await fireAt(firstAt, 'PENDING');
  await h.db.journey.update({ where: { id: journeyId }, data: { status: 'PAUSED' } });
  shiftMs = firstAt.getTime() - Date.now() + 1_000;
  await pass.runOnce();
  expect(await fireAt(firstAt, 'SKIPPED')).toMatchObject({ skipReason: 'journey paused', entered: 0 });

  // Version 2 plans a later occurrence; version 3 moves it again before it is due: only version 3's fires.
  const secondAt = new Date(base + 10 * 60_000);
  const thirdAt = new Date(base + 20 * 60_000);
  await h.publish({ journeyId, name: 'Paused offer', nodes: [trigger(secondAt)] });
  shiftMs = secondAt.getTime() - Date.now() - 30_000;
  await pass.runOnce();
  await fireAt(secondAt, 'PENDING');
  await h.publish({ journeyId, name: 'Paused offer', nodes: [trigger(thirdAt)] });
  shiftMs = thirdAt.getTime() - Date.now() + 1_000;
  await pass.runOnce();
  expect(await fireAt(secondAt, 'SKIPPED')).toMatchObject({ skipReason: 'superseded by version 3' });
  expect(await fireAt(thirdAt, 'DONE')).toMatchObject({ entered: 1 });
  await h.waitFor(
    async () => (await runsOf(journeyId, customer)).length === 1 && drained(),
    'the rescheduled entry',
  );
  const [run] = await runsOf(journeyId, customer);
  expect(run!.entryEvent).toMatchObject({
    properties: { occurrence: thirdAt.toISOString(), triggerNodeId: 'offer' },
  });
  shiftMs = 0;
});

test('a cron schedule enters a large audience in keyset batches, once per occurrence', async () => {
  const members = await Promise.all(
    Array.from({ length: 7 }, () => h.createCustomer({ timezone: 'Europe/Lisbon' })),
  );
  const segmentId = await createSegment(members.map((customerId) => ({ customerId })));
  const { journeyId } = await h.publish({
    name: 'Hourly digest',
    settings: { entry: { reentry: { mode: 'always' }, uniqueBy: null } },
    nodes: [
      node(
        'hourly',
        'trigger.schedule',
        { when: { kind: 'cron', expression: '0 * * * *' }, timezone: 'Europe/Lisbon', segmentId },
        { default: null },
      ),
    ],
  });
  // Two occurrences, the tops of the next two hours after publishing, in batches of three.
  const hour = 60 * 60_000;
  const firstAt = new Date(Math.ceil((Date.now() + 5_000) / hour) * hour);
  const secondAt = new Date(firstAt.getTime() + hour);
  // This scheduler alone, so its batch size is the one that walks the audience.
  for (const started of schedulers) await started.stop();
  const batched = scheduler({ batchSize: 3 });
  for (const [index, at] of [firstAt, secondAt].entries()) {
    shiftMs = at.getTime() - Date.now() - 20_000;
    await batched.runOnce();
    shiftMs = at.getTime() - Date.now() + 1_000;
    await batched.runOnce();
    const fire = await h.waitFor(
      () =>
        h.db.journeyScheduleFire
          .findFirst({ where: { journeyId, fireAt: at, status: 'DONE' } })
          .then((row) => row ?? undefined),
      `the fire at ${at.toISOString()}`,
    );
    expect(fire).toMatchObject({
      occurrence: at.toISOString(),
      entered: 7,
      cursor: [...members].sort().at(-1),
    });
    // Re-entry needs the previous run to have ended; these runs end at once.
    await h.waitFor(
      async () =>
        (await h.db.journeyRun.count({ where: { journeyId, status: 'COMPLETED' } })) === 7 * (index + 1),
      'the occurrence’s runs to complete',
    );
  }
  await h.waitFor(drained, 'the outbox to drain');
  expect(await h.db.journeyRun.count({ where: { journeyId } })).toBe(14);
  for (const customerId of members) {
    const runs = await runsOf(journeyId, customerId);
    expect(
      runs
        .map((run) => (run.entryEvent as { properties: { occurrence: string } }).properties.occurrence)
        .sort(),
    ).toEqual([firstAt.toISOString(), secondAt.toISOString()]);
  }
  shiftMs = 0;
});

test('an occurrence missed while no worker ran fires when one comes back, within the catch-up bound', async () => {
  for (const started of schedulers) await started.stop();
  const customer = await h.createCustomer({ timezone: 'America/Sao_Paulo' });
  const segmentId = await createSegment([{ customerId: customer }]);
  const once = (id: string, at: Date) =>
    node(
      id,
      'trigger.schedule',
      { when: { kind: 'once', at: at.toISOString() }, timezone: 'UTC', segmentId },
      { default: null },
    );
  const lateAt = new Date(Date.now() + 30 * 60_000);
  const lostAt = new Date(Date.now() + 60 * 60_000);
  const late = await h.publish({ name: 'Late but caught up', nodes: [once('late', lateAt)] });
  const lost = await h.publish({ name: 'Too late', nodes: [once('lost', lostAt)] });

  // A worker runs at publishing time, then none until ten minutes after the first occurrence.
  const before = scheduler();
  await before.runOnce();
  await before.stop();
  shiftMs = lateAt.getTime() - Date.now() + 10 * 60_000;
  const back = scheduler();
  await back.runOnce();
  await h.waitFor(
    async () => (await runsOf(late.journeyId, customer)).length === 1,
    'the missed occurrence to fire late',
  );

  // The second occurrence is planned, then no worker runs until two hours after it: too late to enter anyone.
  shiftMs = lostAt.getTime() - Date.now() - 30_000;
  await back.runOnce();
  await back.stop();
  shiftMs = lostAt.getTime() - Date.now() + 2 * 60 * 60_000;
  await scheduler().runOnce();
  const skipped = await h.waitFor(
    () =>
      h.db.journeyScheduleFire
        .findFirst({ where: { journeyId: lost.journeyId, status: 'SKIPPED' } })
        .then((fire) => fire ?? undefined),
    'the too-late occurrence to be skipped',
  );
  expect(skipped.skipReason).toBe('missed: later than the catch-up bound');
  await h.waitFor(drained, 'the outbox to drain');
  expect(await runsOf(lost.journeyId, customer)).toHaveLength(0);
  shiftMs = 0;
});
