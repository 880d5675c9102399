import type { SendRefusal } from './consent';

/**
 * Frequency caps, pure: the window a cap counts over and whether a count breaks it. governance.ts counts the
 * sends in the window with SQL (PENDING ones included, so an in-flight send cannot be overtaken).
 */

export interface SendCap {
  /** "all" (every customer-facing channel) or a channel id. */
  channel: string;
  max: number;
  windowHours: number;
}

/** The start of the cap's window: sends created after it count. */
export function capWindowStart(cap: SendCap, now: Date): Date {
  return new Date(now.getTime() - cap.windowHours * 3600_000);
}

/** The refusal when `sentInWindow` sends already reach the cap, else null. */
export function capRefusal(cap: SendCap, sentInWindow: number): SendRefusal | null {
  if (sentInWindow < cap.max) return null;
  const what = cap.channel === 'all' ? 'messages' : `${cap.channel} messages`;
  return {
    reason: `frequency cap: at most ${cap.max} ${what} per ${describeWindow(cap.windowHours)}`,
    scope: cap.channel === 'all' ? 'customer' : 'channel',
  };
}

function describeWindow(hours: number): string {
  if (hours === 24) return 'day';
  if (hours === 168) return 'week';
  if (hours % 24 === 0) return `${hours / 24} days`;
  return `${hours} h`;
}
