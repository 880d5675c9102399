import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { saveTemplateWithCompile } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * SIGKILL the worker process (`tsx apps/worker/src/main.ts`: worker and dispatcher) while 200 customers are
 * mid-journey; after a restart every customer gets exactly one message per message node reached.
 */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const taskQueue = `crash-${randomUUID()}`;
let h: JourneyHarness;
let worker: ChildProcess | undefined;

function startWorkerProcess(): ChildProcess {
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
  if (worker) await kill(worker);
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

test('200 customers mid-journey survive a SIGKILL of the worker with no duplicate and no missing message', async () => {
  // The worker process sends through the real channels (in-app here), so the templates are real rows.
  const [one, two] = [await inAppTemplate('Crash one'), await inAppTemplate('Crash two')];
  const { journeyId } = await h.publish({
    name: 'Crash',
    nodes: [
      node('start', 'trigger.event', { event: 'Crash Start', where: [] }, { default: 'first' }),
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
  const customers = await Promise.all(Array.from({ length: 200 }, () => h.createCustomer()));
  worker = startWorkerProcess();
  await h.emit(customers.map((customerId) => ({ customerId, name: 'Crash Start' })));

  // Kill once some customers have had their first message and most have not finished.
  await h.waitFor(
    async () => (await h.db.messageSend.count({ where: { journeyId } })) >= 40,
    'sends to begin',
    120_000,
  );
  await kill(worker);
  const completedAtKill = await h.db.journeyRun.count({ where: { journeyId, status: 'COMPLETED' } });
  expect(completedAtKill).toBeLessThan(customers.length);

  worker = startWorkerProcess();
  await h.waitFor(
    async () =>
      (await h.db.journeyRun.count({ where: { journeyId, status: 'COMPLETED' } })) === customers.length,
    'every run to complete after the restart',
    240_000,
  );

  const sends = await h.db.messageSend.findMany({
    where: { journeyId },
    select: { runId: true, nodeId: true, idempotencyKey: true },
  });
  expect(sends).toHaveLength(customers.length * 2);
  const runs = await h.db.journeyRun.findMany({ where: { journeyId }, select: { id: true } });
  const expected = runs.flatMap((run) => [`${run.id}:first:1`, `${run.id}:second:1`]).sort();
  expect(sends.map((send) => send.idempotencyKey).sort()).toEqual(expected);
  // Every send went out for real: one stored in-app message per send record, none twice.
  const delivered = await h.db.inAppMessage.count({ where: { workspaceId: h.workspaceId } });
  expect(delivered).toBe(customers.length * 2);
}, 420_000);
