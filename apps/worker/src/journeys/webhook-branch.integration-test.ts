import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createBuiltInChannels,
  createMessageSender,
  saveTemplateWithCompile,
  verifyWebhookSignature,
} from '@nudgeflow/channels';
import { closeDb, createDb, listJourneySteps, workspaceSigningSecret, type Db } from '@nudgeflow/db';
import { startHttpReceiver, type HttpReceiver } from '@nudgeflow/channels/testing/http-receiver';
import { node, startJourneyHarness, type JourneyHarness } from '../testing/journey-harness';

/**
 * A webhook message node followed by a branch on the receiver's answer, through the real worker, Temporal,
 * Postgres, message sender and a local HTTP receiver: 201 → "created", 422 → "rejected", a 503 that
 * outlasts the webhook's retries → "receiver down".
 */
let h: JourneyHarness;
let receiver: HttpReceiver;
let senderDb: Db;
let closeChannels: () => void;
let journeyId: string;

const ANSWERS: Record<string, { status: number; body: unknown }> = {
  'new@shop.test': { status: 201, body: { id: 'lead-1', score: 7 } },
  'bad@shop.test': { status: 422, body: { error: 'email domain not accepted' } },
  'down@shop.test': { status: 503, body: { error: 'maintenance' } },
};

beforeAll(async () => {
  receiver = await startHttpReceiver((request) => {
    const { email } = JSON.parse(request.body) as { email: string };
    return ANSWERS[email] ?? { status: 500, body: {} };
  });
  senderDb = createDb();
  // Loopback is refused by the SSRF guard unless allowed, as OUTBOUND_ALLOWLIST does in deployments.
  const built = createBuiltInChannels({ db: senderDb, webhook: { allowlist: '127.0.0.1', backoffMs: 10 } });
  closeChannels = built.close;
  const sender = createMessageSender({
    db: senderDb,
    channels: built.channels,
    publicUrl: 'https://app.test',
  });
  h = await startJourneyHarness({ sendMessage: (request) => sender.send(request) });
  const saved = await saveTemplateWithCompile(h.db, {
    workspaceId: h.workspaceId,
    name: 'CRM lead',
    channel: 'webhook',
    content: {
      url: `${receiver.url}/leads`,
      maxAttempts: 2,
      variants: { en: { body: '{"email": "{{ customer.email }}"}' } },
    },
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  const whenAnswered = (id: string, label: string, status: unknown) => ({
    id,
    label,
    condition: { kind: 'webhook_response', nodeId: 'notify_crm', status },
  });
  ({ journeyId } = await h.publish({
    name: 'Lead to CRM',
    nodes: [
      node('start', 'trigger.event', { event: 'Lead Captured', where: [] }, { default: 'notify_crm' }),
      node(
        'notify_crm',
        'message',
        { channels: [{ channel: 'webhook', templateId: saved.template.id }], topicKey: 'marketing' },
        { sent: 'answer', skipped: 'answer' },
      ),
      node(
        'answer',
        'branch',
        {
          paths: [
            whenAnswered('created', 'CRM created the lead', { op: 'eq', value: 201 }),
            whenAnswered('rejected', 'CRM rejected it', { op: 'class', value: '4xx' }),
            whenAnswered('down', 'CRM down', { op: 'in', values: [500, 502, 503, 504] }),
          ],
        },
        {
          'branch:created': 'x_created',
          'branch:rejected': 'x_rejected',
          'branch:down': 'x_down',
          default: 'x_none',
        },
      ),
      node('x_created', 'exit', { reason: 'created' }),
      node('x_rejected', 'exit', { reason: 'rejected' }),
      node('x_down', 'exit', { reason: 'receiver down' }),
      node('x_none', 'exit', { reason: 'no answer' }),
    ],
  }));
});

afterAll(async () => {
  await h?.close();
  closeChannels?.();
  if (senderDb) await closeDb(senderDb);
  await receiver?.close();
});

async function runFor(email: string) {
  const customerId = await h.createCustomer({ email });
  await h.emit({ customerId, name: 'Lead Captured' });
  const run = await h.waitFor(async () => {
    const row = await h.db.journeyRun.findFirst({ where: { journeyId, customerId } });
    return row && row.status !== 'RUNNING' ? row : undefined;
  }, `the run of ${email} to end`);
  const steps = await listJourneySteps(h.db, run.id);
  const send = await h.db.messageSend.findFirstOrThrow({ where: { runId: run.id, nodeId: 'notify_crm' } });
  const branched = steps.find((step) => step.kind === 'branched')!.detail as {
    pathId: string | null;
    evaluated: { pathId: string; matched: boolean; values: Record<string, unknown>[] }[];
  };
  return { run, steps, send, branched };
}

test('a 201 answer is stored on the send, returned with the outcome, and takes the "created" path', async () => {
  const { run, steps, send, branched } = await runFor('new@shop.test');
  expect(run.exitReason).toBe('created');
  expect(send).toMatchObject({
    status: 'SENT',
    responseStatus: 201,
    responseBody: { id: 'lead-1', score: 7 },
  });
  const sent = steps.find((step) => step.kind === 'message_sent')!.detail;
  expect(sent).toMatchObject({ status: 'sent', response: { status: 201, body: { id: 'lead-1', score: 7 } } });
  expect(branched.pathId).toBe('created');
  expect(branched.evaluated).toEqual([
    {
      pathId: 'created',
      matched: true,
      values: [
        {
          at: '',
          kind: 'webhook_response',
          held: true,
          nodeId: 'notify_crm',
          expected: { op: 'eq', value: 201 },
          actual: 201,
          sendId: send.id,
        },
      ],
    },
  ]);
  const request = receiver.requests.find((item) => item.body.includes('new@shop.test'))!;
  expect(request.headers['idempotency-key']).toBe(`${run.id}:notify_crm:1`);
  const signingSecret = (await workspaceSigningSecret(h.db, h.workspaceId))!;
  expect(
    verifyWebhookSignature(String(request.headers['nudgeflow-signature']), request.body, signingSecret),
  ).toBe(true);
});

test('a 422 refusal leaves the node on skipped with the answer kept, and takes the "rejected" path', async () => {
  const { run, steps, send, branched } = await runFor('bad@shop.test');
  expect(run.exitReason).toBe('rejected');
  expect(send).toMatchObject({
    status: 'SKIPPED',
    responseStatus: 422,
    responseBody: { error: 'email domain not accepted' },
  });
  expect(steps.map((step) => step.kind)).toEqual([
    'entered',
    'message_requested',
    'message_skipped',
    'branched',
    'exited',
  ]);
  // 4xx is the receiver's final word: one attempt, no retry.
  expect(receiver.requests.filter((item) => item.body.includes('bad@shop.test'))).toHaveLength(1);
  expect(branched.pathId).toBe('rejected');
  expect(branched.evaluated.map((path) => [path.pathId, path.matched, path.values[0]!.actual])).toEqual([
    ['created', false, 422],
    ['rejected', true, 422],
  ]);
});

test('a 503 that outlasts the webhook retries is final: the node moves on and the branch sees the 503', async () => {
  const { run, send, branched } = await runFor('down@shop.test');
  expect(run.exitReason).toBe('receiver down');
  expect(send).toMatchObject({ status: 'SKIPPED', responseStatus: 503 });
  expect(send.reason).toContain('gave up after 2 attempts: HTTP 503');
  expect(receiver.requests.filter((item) => item.body.includes('down@shop.test'))).toHaveLength(2);
  expect(branched.evaluated.map((path) => [path.pathId, path.matched, path.values[0]!.actual])).toEqual([
    ['created', false, 503],
    ['rejected', false, 503],
    ['down', true, 503],
  ]);
});
