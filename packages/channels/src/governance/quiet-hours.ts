import type { QuietHours } from './settings';

/**
 * Whether `now` falls inside the quiet window in `timeZone`, and if so when the window ends (as an
 * instant). Windows may wrap midnight (21:00 → 08:00). Daylight-saving shifts are handled by asking Intl
 * for the wall-clock time rather than adding fixed offsets.
 */
export function quietHoursEnd(quiet: QuietHours, timeZone: string, now: Date): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = wallClock(now, safeZone(timeZone));
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  const minutesUntilEnd = (end - minute + 24 * 60) % (24 * 60);
  // Step to the end minute, then correct for a DST change in between by re-reading the wall clock.
  let candidate = new Date(
    now.getTime() + minutesUntilEnd * 60_000 - local.second * 1000 - now.getMilliseconds(),
  );
  const check = wallClock(candidate, safeZone(timeZone));
  const drift = check.hour * 60 + check.minute - end;
  if (drift !== 0 && Math.abs(drift) <= 120) candidate = new Date(candidate.getTime() - drift * 60_000);
  return candidate;
}

function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: Date, timeZone: string): { hour: number; minute: number; second: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return { hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}
