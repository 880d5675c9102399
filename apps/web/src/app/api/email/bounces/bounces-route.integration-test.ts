import { randomUUID } from 'node:crypto';
import { verpAddress } from '@nudgeflow/channels';
import { closeSharedDb, getDb, type CreatedWorkspace as Workspace } from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteServer } from '~/server/testing/route-server';
import { POST } from './route';

let server: Awaited<ReturnType<typeof startRouteServer>>;
let workspace: Workspace;

beforeAll(async () => {
  server = await startRouteServer({ '/api/email/bounces': { POST } });
  workspace = await createTestWorkspace(getDb());
});
afterAll(async () => {
  await server.close();
  await closeSharedDb();
});

function report(to: string, recipient: string, status: string): string {
  return [
    'From: MAILER-DAEMON@mx.example.test',
    `To: ${to}`,
    'Subject: Delivery Status Notification (Failure)',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Delivery failed.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.test',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    `Status: ${status}`,
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '--b1--',
    '',
  ].join('\r\n');
}

const post = (body: string | Uint8Array, contentType = 'message/rfc822', query = '') =>
  fetch(`${server.url}/api/email/bounces${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: body as BodyInit,
  });

describe('POST /api/email/bounces', () => {
  it('processes a DSN addressed to a send’s VERP address and refuses what is not one with a 4xx', async () => {
    const db = getDb();
    const address = `bounced-${randomUUID()}@shop.test`;
    const customer = await db.customer.create({
      data: { workspaceId: workspace.id, email: address, emailOptIn: true },
    });
    const send = await db.messageSend.create({
      data: {
        workspaceId: workspace.id,
        customerId: customer.id,
        idempotencyKey: `bounce-route-${randomUUID()}`,
        channel: 'email',
        status: 'SENT',
        sentAt: new Date(),
      },
    });
    const verp = verpAddress({ sendId: send.id, secret: workspace.signingSecret, domain: 'b.shop.test' });

    // The envelope recipient given by the MTA is enough when the report's To is something else.
    const response = await post(
      report('postmaster@shop.test', address, '5.1.1'),
      'message/rfc822',
      `?to=${encodeURIComponent(verp)}`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'processed',
      sendId: send.id,
      outcomes: [{ address, result: 'hard', undeliverable: true }],
    });
    expect(await db.messageSend.findUniqueOrThrow({ where: { id: send.id } })).toMatchObject({
      status: 'FAILED',
    });
    expect(await db.messageReceipt.count({ where: { sendId: send.id, type: 'bounced' } })).toBe(1);

    const refusals: [Response, number, string][] = [
      [await post(report(verp, address, '5.1.1'), 'application/json'), 415, 'content-type'],
      [await post('Subject: hello\r\n\r\nnot a report'), 422, 'body'],
      [await post(report(`bounces+${randomUUID()}.0123456789ab@b.shop.test`, address, '5.1.1')), 404, 'to'],
      [await post(report(verp.replace(/\.[0-9a-f]{12}@/, '.ffffffffffff@'), address, '5.1.1')), 404, 'to'],
      [await post('x'.repeat(2 * 1024 * 1024 + 1)), 413, 'body'],
    ];
    for (const [refused, status, field] of refusals) {
      expect(refused.status).toBe(status);
      expect(((await refused.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });

  it('never answers arbitrary bytes with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((bytes) => bytes as Uint8Array),
          fc.string({ maxLength: 400 }),
          fc
            .tuple(fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }))
            .map(([to, status]) => report(to, 'x@shop.test', status)),
        ),
        async (body) => {
          const response = await post(body);
          expect([200, 404, 422]).toContain(response.status);
        },
      ),
      { numRuns: 100 },
    );
  });
});
