import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDb,
  createDb,
  createInAppMessage,
  getReachability,
  recordReceipt,
  type Db,
  type CreatedWorkspace as Workspace,
} from '@nudgeflow/db';
import { createTestWorkspace } from '@nudgeflow/db/testing';
import type { MessageRequest } from '@nudgeflow/journey';
import { createMessageSender, type MessageSender } from '../message-sender';
import { createInAppChannel } from '../in-app/in-app-channel';
import { createEmailChannel } from './email-channel';
import { processBounceMessage, readVerpAddress, SOFT_BOUNCE_LIMIT, verpAddress } from './bounces';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';
import { startSmtpReceiver, type SmtpReceiver } from '../../testing/smtp-receiver';
import { createCustomer, createTemplate, emailTemplateContent } from '../../testing/fixtures';

const BOUNCE_DOMAIN = 'bounces.shop.test';

/** An RFC 3464 report as an MTA writes it when it gives up on a message. */
function deliveryReport(input: {
  to: string;
  recipient: string;
  action: string;
  status: string;
  diagnostic: string;
}): string {
  const boundary = `dsn-${randomUUID()}`;
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>',
    `To: ${input.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'I am sorry to inform you that your message could not be delivered.',
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.test',
    'Arrival-Date: Mon, 23 Nov 2026 22:00:00 +0000',
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822;${input.recipient}`,
    `Action: ${input.action}`,
    `Status: ${input.status}`,
    'Remote-MTA: dns; mx.example.test',
    `Diagnostic-Code: smtp; ${input.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    'From: shop@shop.test',
    `To: ${input.recipient}`,
    'Subject: Your cart',
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('email bounces', () => {
  let db: Db;
  let workspace: Workspace;
  let smtp: SmtpReceiver;
  let bounceMailbox: SmtpCatcher;
  let sender: MessageSender;
  let emailTemplateId: string;
  let inAppTemplateId: string;

  beforeAll(async () => {
    db = createDb();
    workspace = await createTestWorkspace(db);
    await db.workspace.update({
      where: { id: workspace.id },
      data: { settings: { governance: { frequencyCaps: [], quietHours: null } } },
    });
    smtp = await startSmtpReceiver();
    bounceMailbox = await startSmtpCatcher({ port: 0, db });
    sender = createMessageSender({
      db,
      channels: [
        createEmailChannel({ transport: smtp.url, db, bounceDomain: BOUNCE_DOMAIN }),
        createInAppChannel({ store: (input) => createInAppMessage(db, input) }),
      ],
      publicUrl: 'https://app.test',
    });
    emailTemplateId = (await createTemplate(db, workspace.id, 'email', emailTemplateContent)).id;
    inAppTemplateId = (
      await createTemplate(db, workspace.id, 'in_app', { variants: { en: { html: '<p>Your cart</p>' } } })
    ).id;
  });

  afterAll(async () => {
    await smtp.close();
    await bounceMailbox.close();
    await closeDb(db);
  });

  const request = (customerId: string): MessageRequest => ({
    workspaceId: workspace.id,
    customerId,
    journeyId: randomUUID(),
    runId: `run-${randomUUID()}`,
    nodeId: 'message',
    visit: 1,
    channels: [
      { channel: 'email', templateId: emailTemplateId },
      { channel: 'in_app', templateId: inAppTemplateId },
    ],
    topicKey: 'marketing',
    context: {},
    governance: { frequencyCaps: false, quietHours: 'ignore' },
  });

  /** Delivers a report to the bounce mailbox over SMTP, as the remote MTA would. */
  async function mailReport(envelopeTo: string, report: string): Promise<void> {
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${bounceMailbox.port}`);
    try {
      await transport.sendMail({ envelope: { from: '', to: [envelopeTo] }, raw: report });
    } finally {
      transport.close();
    }
  }

  it('turns a 550 for the recipient into a bounced receipt, an undeliverable address and the next channel', async () => {
    const address = `gone-${randomUUID()}@shop.test`;
    smtp.rejectRecipients.add(address);
    const customer = await createCustomer(db, workspace.id, { email: address });

    const first = await sender.send(request(customer.id));
    expect(first).toMatchObject({ status: 'sent', channel: 'in_app' });
    expect(first.skipped).toEqual([
      {
        channel: 'email',
        reason: expect.stringMatching(/^unreachable: hard bounce: 550 mailbox unavailable/),
      },
    ]);
    if (first.status !== 'sent') throw new Error('unreachable');
    const receipts = await db.messageReceipt.findMany({ where: { sendId: first.sendId } });
    expect(receipts).toEqual([
      expect.objectContaining({
        type: 'bounced',
        detail: expect.objectContaining({ channel: 'email', kind: 'hard', address, source: 'smtp' }),
      }),
    ]);
    const standing = await db.emailDeliverability.findUniqueOrThrow({
      where: { workspaceId_address: { workspaceId: workspace.id, address } },
    });
    expect(standing.undeliverableAt).not.toBeNull();
    expect(standing.undeliverableReason).toMatch(/^hard bounce: 550 mailbox unavailable/);
    // The customer's reachability (customer page) says why too.
    expect((await getReachability(db, customer.id))?.email).toMatchObject({
      reachable: false,
      undeliverable: expect.stringMatching(/^hard bounce: 550 mailbox unavailable/),
    });

    // The server would now accept it, but the address is known bad: no second attempt.
    smtp.rejectRecipients.delete(address);
    const mailsBefore = smtp.mails.length;
    const second = await sender.send(request(customer.id));
    expect(second).toMatchObject({ status: 'sent', channel: 'in_app' });
    expect(second.skipped).toEqual([
      {
        channel: 'email',
        reason: expect.stringMatching(/^email address undeliverable \(hard bounce: 550 mailbox unavailable/),
      },
    ]);
    expect(smtp.mails.length).toBe(mailsBefore);
  });

  it('sends with a VERP return path and fails the send on a hard-bounce DSN delivered to the bounce mailbox', async () => {
    const address = `later-${randomUUID()}@shop.test`;
    const customer = await createCustomer(db, workspace.id, { email: address });
    const outcome = await sender.send(request(customer.id));
    expect(outcome).toMatchObject({ status: 'sent', channel: 'email' });
    if (outcome.status !== 'sent') throw new Error('unreachable');
    const mail = smtp.mails.find((item) => item.envelopeTo.includes(address))!;
    const returnPath = verpAddress({
      sendId: outcome.sendId,
      secret: workspace.signingSecret,
      domain: BOUNCE_DOMAIN,
    });
    expect(mail.envelopeFrom).toBe(returnPath);
    expect(readVerpAddress(returnPath)?.sendId).toBe(outcome.sendId);

    // A forged tag is not acted on.
    const forged = returnPath.replace(/\.[0-9a-f]{12}@/, '.000000000000@');
    const report = (to: string) =>
      deliveryReport({
        to,
        recipient: address,
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 No such user',
      });
    await mailReport(forged, report(forged));
    expect((await db.messageSend.findUniqueOrThrow({ where: { id: outcome.sendId } })).status).toBe('SENT');

    await mailReport(returnPath, report(returnPath));
    // Delivered twice (MTAs retry): one receipt.
    await mailReport(returnPath, report(returnPath));
    const send = await db.messageSend.findUniqueOrThrow({
      where: { id: outcome.sendId },
      include: { receipts: true },
    });
    expect(send.status).toBe('FAILED');
    expect(send.reason).toBe('bounced (hard): 5.1.1 550 5.1.1 No such user');
    expect(send.receipts.map((receipt) => receipt.type)).toEqual(['bounced']);
    const next = await sender.send(request(customer.id));
    expect(next.skipped[0]?.reason).toBe(
      'email address undeliverable (hard bounce: 5.1.1 550 5.1.1 No such user)',
    );
    // The report itself is kept in the catcher like any mail.
    expect(await db.caughtEmail.count({ where: { to: { has: returnPath } } })).toBe(2);
  });

  it(`makes an address undeliverable after ${SOFT_BOUNCE_LIMIT} soft bounces in a row, ignoring delay warnings`, async () => {
    const address = `full-${randomUUID()}@shop.test`;
    const customer = await createCustomer(db, workspace.id, { email: address });
    const softBounce = async (action: string) => {
      const outcome = await sender.send(request(customer.id));
      expect(outcome).toMatchObject({ status: 'sent', channel: 'email' });
      if (outcome.status !== 'sent') throw new Error('unreachable');
      const to = verpAddress({
        sendId: outcome.sendId,
        secret: workspace.signingSecret,
        domain: BOUNCE_DOMAIN,
      });
      const result = await processBounceMessage(
        db,
        deliveryReport({
          to,
          recipient: address,
          action,
          status: '4.2.2',
          diagnostic: '452 4.2.2 Mailbox full',
        }),
      );
      expect(result.status).toBe('processed');
      return result.status === 'processed' ? result.outcomes[0] : undefined;
    };
    expect(await softBounce('delayed')).toMatchObject({ result: 'ignored' });
    // A streak broken by an open starts again.
    for (let i = 1; i < SOFT_BOUNCE_LIMIT; i++) {
      expect(await softBounce('failed')).toMatchObject({ result: 'soft', undeliverable: false });
    }
    const standing = () =>
      db.emailDeliverability.findUniqueOrThrow({
        where: { workspaceId_address: { workspaceId: workspace.id, address } },
      });
    const opened = await sender.send(request(customer.id));
    if (opened.status !== 'sent') throw new Error('unreachable');
    // Opened after the last bounce (a millisecond later, whatever the clock's resolution).
    const lastBounceAt = (await standing()).lastBounceAt!;
    await recordReceipt(db, {
      sendId: opened.sendId,
      type: 'opened',
      at: new Date(lastBounceAt.getTime() + 1),
    });
    expect((await standing()).softBounceStreak).toBe(SOFT_BOUNCE_LIMIT - 1);
    for (let i = 1; i < SOFT_BOUNCE_LIMIT; i++) {
      expect(await softBounce('failed')).toMatchObject({ result: 'soft', undeliverable: false });
    }
    expect(await softBounce('failed')).toMatchObject({ result: 'soft', undeliverable: true });
    const blocked = await sender.send(request(customer.id));
    expect(blocked.skipped[0]?.reason).toBe(
      `email address undeliverable (${SOFT_BOUNCE_LIMIT} soft bounces in a row, the last: 4.2.2 452 4.2.2 Mailbox full)`,
    );
  });

  it('unsubscribes from the topic on a spam complaint (ARF) sent to the feedback-loop address', async () => {
    const address = `complains-${randomUUID()}@shop.test`;
    const customer = await createCustomer(db, workspace.id, { email: address });
    const outcome = await sender.send(request(customer.id));
    expect(outcome).toMatchObject({ status: 'sent', channel: 'email' });
    if (outcome.status !== 'sent') throw new Error('unreachable');
    const original = smtp.mails.find((item) => item.envelopeTo.includes(address))!.raw;
    const boundary = `arf-${randomUUID()}`;
    const arf = [
      'From: feedback@fbl.mailbox.test',
      `To: fbl@${BOUNCE_DOMAIN}`,
      'Subject: FW: Your cart',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'This is an email abuse report for an email message received from IP 192.0.2.1.',
      `--${boundary}`,
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: SomeGenerator/1.0',
      'Version: 1',
      `Original-Rcpt-To: <${address}>`,
      '',
      `--${boundary}`,
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      original.trimEnd(),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await mailReport(`fbl@${BOUNCE_DOMAIN}`, arf);

    const unsubscribed = await db.messageReceipt.findMany({
      where: { sendId: outcome.sendId, type: 'unsubscribed' },
    });
    expect(unsubscribed).toEqual([
      expect.objectContaining({ detail: { topic: 'marketing', source: 'complaint', feedbackType: 'abuse' } }),
    ]);
    expect(await db.consentChange.findFirst({ where: { customerId: customer.id } })).toMatchObject({
      subject: 'topic:marketing',
      granted: false,
      source: 'complaint',
    });
    const next = await sender.send(request(customer.id));
    expect(next.status).toBe('skipped');
  });

  it('leaves mail that is not a delivery report alone', async () => {
    expect(await processBounceMessage(db, 'From: a@b.test\r\nSubject: hi\r\n\r\nhello')).toEqual({
      status: 'not-a-report',
    });
    const stranger = deliveryReport({
      to: `bounces+${randomUUID()}.abcdefabcdef@${BOUNCE_DOMAIN}`,
      recipient: 'x@shop.test',
      action: 'failed',
      status: '5.1.1',
      diagnostic: '550',
    });
    expect(await processBounceMessage(db, stranger)).toEqual({
      status: 'unknown-send',
      reason: 'no such email send',
    });
  });
});
