import { isValidTimeZone, zonedWallTime } from '@nudgeflow/journey';
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
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const local = zonedWallTime(now, zone);
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  const minutesUntilEnd = (end - minute + 24 * 60) % (24 * 60);
  // Step to the end minute, then correct for a DST change in between by re-reading the wall clock.
  let candidate = new Date(
    now.getTime() + minutesUntilEnd * 60_000 - local.second * 1000 - now.getMilliseconds(),
  );
  const check = zonedWallTime(candidate, zone);
  const drift = check.hour * 60 + check.minute - end;
  if (drift !== 0 && Math.abs(drift) <= 120) candidate = new Date(candidate.getTime() - drift * 60_000);
  return candidate;
}

function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}
