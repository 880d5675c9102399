import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, listCaughtEmails, type Db } from '@nudgeflow/db';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

describe('development SMTP catcher', () => {
  let db: Db;
  let catcher: SmtpCatcher;

  beforeAll(async () => {
    db = createDb();
    catcher = await startSmtpCatcher({ port: 0, db });
  });
  afterAll(async () => {
    await catcher.close();
    await closeDb(db);
  });

  it('stores each mail parsed, with its workspace, for the app to show', async () => {
    const workspaceId = randomUUID();
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${catcher.port}`);
    await transport.sendMail({
      from: 'shop@shop.test',
      to: 'ana@shop.test',
      subject: 'Caught',
      html: '<p>Hello</p>',
      text: 'Hello',
      headers: { 'X-Nudgeflow-Workspace': workspaceId },
    });
    transport.close();
    const [mail] = await listCaughtEmails(db, { workspaceId });
    expect(mail).toMatchObject({
      from: 'shop@shop.test',
      to: ['ana@shop.test'],
      subject: 'Caught',
      html: '<p>Hello</p>',
    });
    expect(mail?.text?.trim()).toBe('Hello');
    expect((mail?.headers as Record<string, string>)['x-nudgeflow-workspace']).toBe(workspaceId);
  });
});
