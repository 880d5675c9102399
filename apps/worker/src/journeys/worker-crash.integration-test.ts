import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { saveTemplateWithCompile } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * SIGKILL the worker process (`tsx apps/worker/src/main.ts`: worker and dispatcher) while 200 customers are
 * mid-journey; after a restart every customer gets exactly one message per message node reached. And two
 * worker processes on one task queue share the runs, the standby dispatcher takes over when the active one
 * is killed, and again no message is duplicated or missing.
 */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
let h: JourneyHarness;
const workers = new Set<ChildProcess>();

function startWorkerProcess(taskQueue: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: env().DATABASE_URL,
      TEMPORAL_ADDRESS: env().TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: taskQueue,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    },
    // Its own process group, so the kill reaches every process it started.
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.add(child);
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}

beforeAll(async () => {
  h = await startJourneyHarness({ inProcess: false });
});

afterAll(async () => {
  await Promise.all([...workers].map(kill));
  await h?.close();
});

async function inAppTemplate(name: string): Promise<string> {
  const saved = await saveTemplateWithCompile(h.db, {
    workspaceId: h.workspaceId,
    name,
    channel: 'in_app',
    content: {
      variants: { en: { title: name, html: '<p>Hello {{ customer.first_name | default: "there" }}</p>' } },
    },
  });
  if (!saved.ok) throw new Error(`template ${name}: ${JSON.stringify(saved.errors)}`);
  return saved.template.id;
}

/** Trigger → in-app message → 2 s wait → in-app message: two sends per customer, through the real channel. */
async function publishTwoMessageJourney(name: string): Promise<{ journeyId: string; event: string }> {
  // The worker process sends through the real channels (in-app here), so the templates are real rows.
  const [one, two] = [await inAppTemplate(`${name} one`), await inAppTemplate(`${name} two`)];
  const event = `${name} Start`;
  const { journeyId } = await h.publish({
    name,
    nodes: [
      node('start', 'trigger.event', { event, where: [] }, { default: 'first' }),
      node(
        'first',
        'message',
        { channels: [{ channel: 'in_app', templateId: one }], topicKey: 'marketing' },
        { sent: 'pause', skipped: 'pause' },
      ),
      node('pause', 'wait.duration', { duration: { amount: 2, unit: 'seconds' } }, { default: 'second' }),
      node(
        'second',
        'message',
        { channels: [{ channel: 'in_app', templateId: two }], topicKey: 'marketing' },
        { sent: null, skipped: null },
      ),
    ],
  });
  return { journeyId, event };
}

function waitForCompletion(journeyId: string, count: number, what: string): Promise<true> {
  return h.waitFor(
    async () => (await h.db.journeyRun.count({ where: { journeyId, status: 'COMPLETED' } })) === count,
    what,
    240_000,
  );
}

/** Exactly one send record per run and message node, and one stored in-app message per send: none twice. */
async function expectEachMessageOnce(journeyId: string, customers: number): Promise<void> {
  const sends = await h.db.messageSend.findMany({
    where: { journeyId },
    select: { id: true, idempotencyKey: true },
  });
  expect(sends).toHaveLength(customers * 2);
  const runs = await h.db.journeyRun.findMany({ where: { journeyId }, select: { id: true } });
  expect(runs).toHaveLength(customers);
  const expected = runs.flatMap((run) => [`${run.id}:first:1`, `${run.id}:second:1`]).sort();
  expect(sends.map((send) => send.idempotencyKey).sort()).toEqual(expected);
  const delivered = await h.db.inAppMessage.count({
    where: { sendId: { in: sends.map((send) => send.id) } },
  });
  expect(delivered).toBe(customers * 2);
}

async function workflowPollers(taskQueue: string): Promise<Set<string>> {
  const response = await h.connection.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return new Set((response.pollers ?? []).map((poller) => poller.identity ?? ''));
}

test('200 customers mid-journey survive a SIGKILL of the worker with no duplicate and no missing message', async () => {
  const { journeyId, event } = await publishTwoMessageJourney('Crash');
  const customers = await Promise.all(Array.from({ length: 200 }, () => h.createCustomer()));
  const taskQueue = `crash-${randomUUID()}`;
  let worker = startWorkerProcess(taskQueue);
  await h.emit(customers.map((customerId) => ({ customerId, name: event })));

  // Kill once some customers have had their first message and most have not finished.
  await h.waitFor(
    async () => (await h.db.messageSend.count({ where: { journeyId } })) >= 40,
    'sends to begin',
    120_000,
  );
  await kill(worker);
  const completedAtKill = await h.db.journeyRun.count({ where: { journeyId, status: 'COMPLETED' } });
  expect(completedAtKill).toBeLessThan(customers.length);

  worker = startWorkerProcess(taskQueue);
  await waitForCompletion(journeyId, customers.length, 'every run to complete after the restart');
  await expectEachMessageOnce(journeyId, customers.length);
}, 420_000);

test('two workers share the runs; the standby dispatcher takes over from a SIGKILLed one; nothing twice or lost', async () => {
  const { journeyId, event } = await publishTwoMessageJourney('Pair');
  const taskQueue = `pair-${randomUUID()}`;

  // Worker A alone first, until it has dispatched an event: then A holds the dispatcher's leadership lock.
  const first = startWorkerProcess(taskQueue);
  const warmUp = await h.createCustomer();
  await h.emit({ customerId: warmUp, name: event });
  await h.waitFor(
    async () => (await h.db.journeyRun.count({ where: { journeyId } })) === 1,
    'worker A to dispatch',
    120_000,
  );
  const second = startWorkerProcess(taskQueue);
  await h.waitFor(async () => (await workflowPollers(taskQueue)).size >= 2, 'worker B to poll', 120_000);

  const before = await Promise.all(Array.from({ length: 150 }, () => h.createCustomer()));
  await h.emit(before.map((customerId) => ({ customerId, name: event })));
  await h.waitFor(
    async () => (await h.db.messageSend.count({ where: { journeyId } })) >= 60,
    'sends to begin on both workers',
    120_000,
  );
  await kill(first);
  expect(await h.db.journeyRun.count({ where: { journeyId, status: 'COMPLETED' } })).toBeLessThan(151);

  // Events committed after A died reach journeys only if B's dispatcher took over.
  const after = await Promise.all(Array.from({ length: 50 }, () => h.createCustomer()));
  await h.emit(after.map((customerId) => ({ customerId, name: event })));
  await waitForCompletion(journeyId, 201, 'every run to complete on worker B');
  expect(second.exitCode).toBeNull();
  await expectEachMessageOnce(journeyId, 201);
}, 420_000);
