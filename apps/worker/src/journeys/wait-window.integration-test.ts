import { afterAll, beforeAll, expect, test } from 'vitest';
import { listJourneySteps } from '@nudgeflow/db';
import { RUN_QUERY_STATE, type RunState } from '@nudgeflow/journey';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * wait.window through the real worker: the run asks for the next opening in the customer's own zone,
 * waits on a durable timer until then, and goes on. The window is computed from the clock so that it
 * opens a few seconds after the run reaches it, on that local weekday only.
 */
let h: JourneyHarness;

beforeAll(async () => {
  h = await startJourneyHarness();
});

afterAll(async () => {
  await h?.close();
});

// Half-hour offset and no DST: a run that used UTC (the fallback) or whole-hour arithmetic would wait hours.
const ZONE = 'Asia/Kolkata';

function local(instant: Date): { weekday: string; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: part('weekday').toLowerCase().slice(0, 3), hhmm: `${part('hour')}:${part('minute')}` };
}

test('a run in a closed window waits until it opens in the customer’s time zone, then proceeds', async () => {
  // The next whole minute at least 15 s away (windows have minute resolution): time enough for the run
  // to reach the window and for the checks below while it is still closed, even on a busy machine.
  const now = Date.now();
  let opening = Math.ceil(now / 60_000) * 60_000;
  if (opening - now < 15_000) opening += 60_000;
  const opensAt = new Date(opening);
  const { weekday, hhmm: from } = local(opensAt);
  const { hhmm: to } = local(new Date(opening + 10 * 60_000));

  const { journeyId } = await h.publish({
    name: 'Window',
    nodes: [
      node('start', 'trigger.event', { event: 'Window Start', where: [] }, { default: 'window' }),
      node(
        'window',
        'wait.window',
        { days: [weekday], from, to, fallbackTimezone: 'UTC' },
        { default: 'tag' },
      ),
      node('tag', 'profile.update', { operations: [{ op: 'add_tag', tag: 'in-window' }] }, { default: null }),
    ],
  });
  const customerId = await h.createCustomer({ timezone: ZONE });
  await h.emit({ customerId, name: 'Window Start' });

  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    return row?.currentNodeId === 'window' ? row : undefined;
  }, 'the run to reach the window');
  const state = await h.client.workflow.getHandle(run.id).query<RunState>(RUN_QUERY_STATE);
  expect(state.waitingFor).toEqual({ kind: 'window', until: opensAt.toISOString() });
  // Still closed: nothing after the window has happened.
  expect((await h.db.customer.findUniqueOrThrow({ where: { id: customerId } })).tags).not.toContain(
    'in-window',
  );

  const ended = await h.waitFor(
    async () => {
      const row = await h.db.journeyRun.findUniqueOrThrow({ where: { id: run.id } });
      return row.status === 'COMPLETED' ? row : undefined;
    },
    'the run to complete after the window opens',
    120_000,
  );
  expect(ended.status).toBe('COMPLETED');
  expect((await h.db.customer.findUniqueOrThrow({ where: { id: customerId } })).tags).toContain('in-window');

  const steps = await listJourneySteps(h.db, run.id);
  const waited = steps.find((step) => step.kind === 'waited' && step.nodeId === 'window');
  expect(waited?.detail).toMatchObject({ until: opensAt.toISOString(), timezone: ZONE, endedBy: 'window' });
  // The run went on only once the window was open (the durable timer never fires early).
  expect(waited!.at.getTime()).toBeGreaterThanOrEqual(opening);
  expect(steps.map((step) => `${step.kind}@${step.nodeId}`)).toContain('profile_updated@tag');
}, 180_000);

test('a run already inside the window goes on without waiting', async () => {
  const now = new Date();
  const { hhmm: from } = local(new Date(now.getTime() - 60 * 60_000));
  const { hhmm: to } = local(new Date(now.getTime() + 60 * 60_000));
  const { journeyId } = await h.publish({
    name: 'Open window',
    nodes: [
      node('start', 'trigger.event', { event: 'Open Start', where: [] }, { default: 'window' }),
      node(
        'window',
        'wait.window',
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from, to, fallbackTimezone: 'UTC' },
        { default: null },
      ),
    ],
  });
  const customerId = await h.createCustomer({ timezone: ZONE });
  await h.emit({ customerId, name: 'Open Start' });
  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    return row?.status === 'COMPLETED' ? row : undefined;
  }, 'the run to complete');
  const waited = (await listJourneySteps(h.db, run.id)).find((step) => step.kind === 'waited');
  expect(waited?.detail).toMatchObject({ timezone: ZONE, endedBy: 'window' });
  // The opening it was given is the moment it asked: inside the window.
  expect(Date.parse((waited!.detail as { until: string }).until)).toBeLessThanOrEqual(waited!.at.getTime());
});
