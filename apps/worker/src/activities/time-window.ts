import { zonedWallTime, type WaitWindowConfig, type Weekday } from '@nudgeflow/journey';

/**
 * When a customer's local time next enters a weekly window (e.g. 09:00–20:00 on weekdays). Runs in an
 * activity, not the workflow: it needs the customer's zone from the database, and the answer is then an
 * instant in history that replay never recomputes with other time-zone data.
 */

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;

interface LocalTime {
  weekday: Weekday;
  minutes: number;
}

function localTime(instant: number, timeZone: string): LocalTime {
  const wall = zonedWallTime(new Date(instant), timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()]!;
  return { weekday, minutes: wall.hour * 60 + wall.minute };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
}

export function isInWindow(
  config: Pick<WaitWindowConfig, 'days' | 'from' | 'to'>,
  local: LocalTime,
): boolean {
  const from = toMinutes(config.from);
  const to = toMinutes(config.to);
  if (from < to) return config.days.includes(local.weekday) && local.minutes >= from && local.minutes < to;
  // Overnight (22:00–06:00): the window belongs to the day it opens on.
  return (
    (config.days.includes(local.weekday) && local.minutes >= from) ||
    (config.days.includes(previousDay(local.weekday)) && local.minutes < to)
  );
}

/** The instant the window next opens for a customer in `timeZone`, or `now` when they are inside it. */
export function nextWindowOpening(
  config: Pick<WaitWindowConfig, 'days' | 'from' | 'to'>,
  timeZone: string,
  now: Date,
): Date {
  const start = now.getTime();
  if (isInWindow(config, localTime(start, timeZone))) return now;
  const from = toMinutes(config.from);
  const base = start - (start % MINUTE);
  for (let day = 0; day <= 8; day++) {
    let guess = base + day * 24 * 60 * MINUTE + (from - localTime(base, timeZone).minutes) * MINUTE;
    // Two corrections absorb a DST shift between `now` and the candidate day.
    for (let i = 0; i < 2; i++) {
      let delta = from - localTime(guess, timeZone).minutes;
      if (delta > 720) delta -= 1440;
      if (delta < -720) delta += 1440;
      guess += delta * MINUTE;
    }
    if (guess > start && isInWindow(config, localTime(guess, timeZone))) return new Date(guess);
  }
  // `from` falls into a DST gap every day of the week: open at the first in-window minute instead.
  for (let minute = base + MINUTE; minute < base + 8 * 24 * 60 * MINUTE; minute += 15 * MINUTE) {
    if (isInWindow(config, localTime(minute, timeZone))) return new Date(minute);
  }
  throw new Error(`The window ${config.from}–${config.to} on ${config.days.join(',')} never opens`);
}
