import { startSmtpCatcher, type SmtpCatcher } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { getDb } from '@nudgeflow/db';

/**
 * Whether this deployment catches mail instead of delivering it: with no SMTP_URL there is no real mail
 * server, so the worker (in development) and the web app's test sends hand email to the SMTP catcher,
 * which stores it in CaughtEmail for the Mailbox page. With SMTP_URL set, mail leaves the building and
 * the Mailbox is hidden.
 */
export function mailIsCaught(): boolean {
  return !env().SMTP_URL;
}

// One catcher per process, kept on globalThis so Next's dev reloads do not open a port per reload.
const CATCHER_KEY = Symbol.for('nudgeflow.web.smtpCatcher');
type CatcherSlot = { [CATCHER_KEY]?: Promise<SmtpCatcher> };

/**
 * The SMTP URL test sends go to: SMTP_URL, or else the web app's own catcher on a free loopback port. Its
 * own rather than the worker's (port 1025), because the worker runs the catcher only in development and
 * the web app must not depend on the worker being up to show a test email.
 */
export async function testSendSmtpUrl(): Promise<string> {
  const configured = env().SMTP_URL;
  if (configured) return configured;
  const slot = globalThis as CatcherSlot;
  slot[CATCHER_KEY] ??= startSmtpCatcher({ port: 0, db: getDb() }).catch((error: unknown) => {
    delete slot[CATCHER_KEY];
    throw error;
  });
  const catcher = await slot[CATCHER_KEY];
  return `smtp://127.0.0.1:${catcher.port}`;
}

/** Stops the web app's catcher if one was started (tests; the server process simply exits). */
export async function stopTestSendCatcher(): Promise<void> {
  const slot = globalThis as CatcherSlot;
  const catcher = slot[CATCHER_KEY];
  delete slot[CATCHER_KEY];
  await (await catcher)?.close();
}
