import { z } from 'zod';

/**
 * Delivery governance a workspace configures, read from `Workspace.settings.governance`. Defaults are
 * conservative shop practice: at most 2 pushes a day and 5 marketing messages a week per customer,
 * no push or SMS between 21:00 and 08:00 in the customer's time zone.
 */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as "21:00"');

export const FrequencyCap = z.object({
  /** "all" counts every channel together; otherwise one channel id. */
  channel: z.string().min(1),
  max: z.number().int().min(0),
  /** Rolling window length in hours (24 = a day, 168 = a week). */
  windowHours: z
    .number()
    .positive()
    .max(24 * 90),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const QuietHours = z.object({
  start: ClockTime,
  end: ClockTime,
  /** Channels that respect quiet hours; in-app and webhooks never interrupt anyone. */
  channels: z.array(z.string()).default(['push', 'sms']),
});
export type QuietHours = z.infer<typeof QuietHours>;

export const GovernanceSettings = z.object({
  frequencyCaps: z
    .array(FrequencyCap)
    .max(20)
    .default([
      { channel: 'push', max: 2, windowHours: 24 },
      { channel: 'all', max: 5, windowHours: 24 * 7 },
    ]),
  quietHours: QuietHours.nullable().default({ start: '21:00', end: '08:00', channels: ['push', 'sms'] }),
  /** Messages per second per channel, per worker process (token bucket). */
  rateLimits: z.record(z.string(), z.number().positive().max(100_000)).default({}),
});
export type GovernanceSettings = z.infer<typeof GovernanceSettings>;

/** Reads governance from workspace settings; an invalid block falls back to defaults rather than sending unchecked. */
export function governanceSettings(settings: unknown): GovernanceSettings {
  const raw =
    settings && typeof settings === 'object' ? (settings as Record<string, unknown>).governance : undefined;
  const parsed = GovernanceSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : GovernanceSettings.parse({});
}

/** Caps that apply to a send on `channel`: its own and the cross-channel ones. */
export function capsFor(settings: GovernanceSettings, channel: string): FrequencyCap[] {
  return settings.frequencyCaps.filter((cap) => cap.channel === 'all' || cap.channel === channel);
}
