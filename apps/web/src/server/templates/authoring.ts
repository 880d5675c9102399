import { createBuiltInChannels, type previewTemplate } from '@nudgeflow/channels';
import { env } from '@nudgeflow/config';
import { getDb } from '@nudgeflow/db';
import { stopTestSendCatcher, testSendSmtpUrl } from '../mailbox/mailbox-catcher';

export type AuthoringDeps = Parameters<typeof previewTemplate>[0];

// Built once per process: the push transport keeps HTTP/2 sessions and the email channel an SMTP pool.
const DEPS_KEY = Symbol.for('nudgeflow.web.authoringDeps');
type DepsSlot = { [DEPS_KEY]?: Promise<{ deps: AuthoringDeps; close(): void }> };

/**
 * The channels template preview and test sends use: the same built-in channels the worker sends with,
 * email going to SMTP_URL or to the catcher (so a test email shows up in the Mailbox).
 */
export async function authoringDeps(): Promise<AuthoringDeps> {
  const slot = globalThis as DepsSlot;
  slot[DEPS_KEY] ??= (async () => {
    const db = getDb();
    const built = createBuiltInChannels({ db, email: { transport: await testSendSmtpUrl() } });
    return { deps: { db, channels: built.channels, publicUrl: env().PUBLIC_URL }, close: built.close };
  })().catch((error: unknown) => {
    delete slot[DEPS_KEY];
    throw error;
  });
  return (await slot[DEPS_KEY]).deps;
}

/** Closes the channels and the catcher (integration tests; a server process just exits). */
export async function closeAuthoringDeps(): Promise<void> {
  const slot = globalThis as DepsSlot;
  const pending = slot[DEPS_KEY];
  delete slot[DEPS_KEY];
  (await pending)?.close();
  await stopTestSendCatcher();
}
