import {
  builtInChannelDescriptor,
  checkOutboundUrl,
  OutboundUrlError,
  secretFieldsOf,
  type ChannelSettingsDescriptor,
} from '@nudgeflow/channels';
import {
  clearChannelSettings,
  openChannelSettings,
  openChannelWorkspace,
  regenerateSigningSecret,
  rotateWriteKey,
  saveChannelSettings,
  type Db,
} from '@nudgeflow/db';
import { z } from 'zod';
import { authoringDeps } from '../templates/authoring';
import { forgetWriteKey } from '../ingest/write-keys';

/**
 * Settings → Channels: a workspace's own channel settings (checked against the channel's descriptor,
 * secrets write-only), test sends through them, and the workspace's keys. The router only maps outcomes.
 */

export interface FieldError {
  field: string;
  message: string;
}
export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404; errors: FieldError[] };

const fail = (status: 400 | 404, field: string, message: string): Outcome<never> => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

function settingsOf(channel: string): ChannelSettingsDescriptor | undefined {
  return builtInChannelDescriptor(channel)?.settings;
}

/**
 * Saves a channel's settings. `values` holds the form's fields; a secret field left empty keeps what is
 * stored, one named in `clearSecrets` is removed. URLs the server will call (the SMS provider's) must
 * pass the outbound guard: no private or loopback addresses unless OUTBOUND_ALLOWLIST names them.
 */
export async function saveWorkspaceChannelSettings(
  db: Db,
  input: { workspaceId: string; channel: string; values: Record<string, unknown>; clearSecrets: string[] },
): Promise<Outcome<{ saved: true }>> {
  const descriptor = settingsOf(input.channel);
  if (!descriptor) return fail(404, 'channel', `channel ${input.channel} has no settings`);
  const names = new Set(descriptor.fields.map((field) => field.name));
  const secretNames = new Set(secretFieldsOf(descriptor));
  const unknown = [...Object.keys(input.values), ...input.clearSecrets].find((name) => !names.has(name));
  if (unknown) return fail(400, unknown, 'is not a setting of this channel');
  const notSecret = input.clearSecrets.find((name) => !secretNames.has(name));
  if (notSecret) return fail(400, notSecret, 'is not a secret field');

  const stored = (await openChannelSettings(db, input.workspaceId))[input.channel] ?? {};
  const secrets: Record<string, string | null | undefined> = {};
  const merged: Record<string, unknown> = {};
  for (const field of descriptor.fields) {
    const value = input.values[field.name];
    if (!secretNames.has(field.name)) {
      // An empty optional input is "not set", not an empty string the schema would refuse.
      if (value !== undefined && value !== null && value !== '') merged[field.name] = value;
      continue;
    }
    if (typeof value === 'string' && value !== '') secrets[field.name] = value;
    else if (input.clearSecrets.includes(field.name)) secrets[field.name] = null;
    const kept = secrets[field.name] === undefined ? stored[field.name] : secrets[field.name];
    if (typeof kept === 'string') merged[field.name] = kept;
  }
  const parsed = descriptor.schema.safeParse(merged);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    };
  const settings: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed.data)) {
    if (!secretNames.has(name) && names.has(name)) settings[name] = value;
  }
  for (const field of descriptor.fields) {
    const value = settings[field.name];
    if (field.kind !== 'url' || typeof value !== 'string') continue;
    const problem = await outboundProblem(value);
    if (problem) return fail(400, field.name, problem);
  }
  await saveChannelSettings(db, {
    workspaceId: input.workspaceId,
    channel: input.channel,
    settings,
    secrets,
  });
  return { ok: true, value: { saved: true } };
}

export async function clearWorkspaceChannelSettings(
  db: Db,
  workspaceId: string,
  channel: string,
): Promise<Outcome<{ cleared: boolean }>> {
  if (!settingsOf(channel)) return fail(404, 'channel', `channel ${channel} has no settings`);
  return { ok: true, value: { cleared: await clearChannelSettings(db, workspaceId, channel) } };
}

const RECIPIENTS = {
  email: z.email('Enter an email address'),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'Enter a number in international format, e.g. +4915112345678'),
  url: z.url({ protocol: /^https?$/, error: 'Enter an http(s) URL' }),
} as const;

export interface TestSendResult {
  ok: boolean;
  /** What to tell the person who pressed the button, success or not. */
  message: string;
}

/** "Send a test": the channel's fixed test message to `to`, through the workspace's own settings. */
export async function sendChannelTest(
  db: Db,
  input: { workspaceId: string; channel: string; to: string },
): Promise<Outcome<TestSendResult>> {
  const test = builtInChannelDescriptor(input.channel)?.test;
  if (!test) return fail(404, 'channel', `channel ${input.channel} cannot send a test`);
  const to = RECIPIENTS[test.recipient].safeParse(input.to.trim());
  if (!to.success) return fail(400, 'to', to.error.issues[0]?.message ?? 'invalid recipient');
  if (test.recipient === 'url') {
    const problem = await outboundProblem(to.data);
    if (problem) return fail(400, 'to', problem);
  }
  const { channels } = await authoringDeps();
  const channel = channels.find((candidate) => candidate.id === input.channel);
  if (!channel?.sendTest) return fail(404, 'channel', `channel ${input.channel} is not available`);
  const workspace = await openChannelWorkspace(db, input.workspaceId);
  if (!workspace) return fail(404, 'workspaceId', 'workspace not found');
  const result = await channel.sendTest(to.data, workspace);
  return {
    ok: true,
    value: result.ok
      ? { ok: true, message: `Sent to ${to.data}.` }
      : { ok: false, message: `Not sent: ${result.failure.message}` },
  };
}

async function outboundProblem(url: string): Promise<string | null> {
  try {
    await checkOutboundUrl(url);
    return null;
  } catch (error) {
    if (error instanceof OutboundUrlError) return error.message;
    return `cannot be reached: ${(error as Error).message}`;
  }
}

/** At most this long may an old write key keep working after a rotation. */
export const MAX_WRITE_KEY_OVERLAP_MS = 30 * 24 * 60 * 60 * 1000;

export async function rotateWorkspaceWriteKey(
  db: Db,
  input: { workspaceId: string; previousValidUntil: Date; now?: Date },
): Promise<Outcome<Awaited<ReturnType<typeof rotateWriteKey>>>> {
  const now = input.now ?? new Date();
  if (input.previousValidUntil.getTime() < now.getTime())
    return fail(400, 'previousValidUntil', 'must not be in the past');
  if (input.previousValidUntil.getTime() - now.getTime() > MAX_WRITE_KEY_OVERLAP_MS)
    return fail(400, 'previousValidUntil', 'at most 30 days from now');
  const state = await rotateWriteKey(db, input.workspaceId, input.previousValidUntil);
  // The key before the previous one stops at once: drop it from this process's lookup cache.
  forgetWriteKey();
  return { ok: true, value: state };
}

export async function regenerateWorkspaceSigningSecret(
  db: Db,
  workspaceId: string,
): Promise<{ isSet: true }> {
  await regenerateSigningSecret(db, workspaceId);
  return { isSet: true };
}
