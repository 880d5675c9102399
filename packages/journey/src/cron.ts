/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) and the wall-time ⇄ instant
 * arithmetic schedule triggers need. Pure (Intl only), so the compiler, the canvas and the worker's
 * scheduler compute the same occurrences.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] as string[] },
  { name: 'day of month', min: 1, max: 31, names: [] as string[] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

function parseValue(raw: string, field: (typeof FIELDS)[number]): number | null {
  const nameIndex = (field.names as readonly string[]).indexOf(raw.toLowerCase());
  if (nameIndex >= 0) return nameIndex + (field.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= field.min && value <= field.max ? value : null;
}

/** Returns why the expression is invalid, or null when it is a valid five-field cron expression. */
export function cronError(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return 'A cron expression has five fields: minute hour day month weekday';
  for (const [index, part] of parts.entries()) {
    const field = FIELDS[index]!;
    for (const item of part.split(',')) {
      const [range, step, extra] = item.split('/');
      if (extra !== undefined || range === undefined || range === '')
        return `Invalid ${field.name}: "${item}"`;
      if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `Invalid step in ${field.name}: "${item}"`;
      if (range === '*') continue;
      const [from, to, more] = range.split('-');
      if (more !== undefined) return `Invalid ${field.name}: "${item}"`;
      const start = parseValue(from ?? '', field);
      const end = to === undefined ? start : parseValue(to, field);
      if (start === null || end === null) {
        return `Invalid ${field.name}: "${item}" (allowed ${field.min}–${field.max})`;
      }
      if (end < start) return `Invalid range in ${field.name}: "${item}"`;
    }
  }
  return null;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

// ───────────────────────── Occurrences (what the scheduler fires) ─────────────────────────

/** A five-field cron expression parsed into the values each field allows. */
export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday (7 is folded into 0). */
  daysOfWeek: ReadonlySet<number>;
  /** Vixie cron: when both day fields are restricted, a day matches if either does. */
  dayOr: boolean;
  domRestricted: boolean;
  dowRestricted: boolean;
}

/** Parses a valid expression (check with `cronError` first); throws on an invalid one. */
export function parseCron(expression: string): CronSchedule {
  const problem = cronError(expression);
  if (problem) throw new Error(problem);
  const parts = expression.trim().split(/\s+/);
  const sets = parts.map((part, index) => {
    const field = FIELDS[index]!;
    const values = new Set<number>();
    for (const item of part.split(',')) {
      const [range, stepText] = item.split('/') as [string, string | undefined];
      const step = stepText === undefined ? 1 : Number(stepText);
      let start: number = field.min;
      let end: number = field.name === 'day of week' ? 6 : field.max;
      if (range !== '*') {
        const [from, to] = range.split('-') as [string, string | undefined];
        start = parseValue(from, field)!;
        // "5/15" means 5, 20, 35, 50: a start with a step runs to the end of the field.
        end = to !== undefined ? parseValue(to, field)! : stepText !== undefined ? field.max : start;
      }
      for (let value = start; value <= end; value += step) values.add(value);
    }
    return values;
  });
  const daysOfWeek = new Set([...sets[4]!].map((day) => day % 7));
  const domRestricted = !parts[2]!.startsWith('*');
  const dowRestricted = !parts[4]!.startsWith('*');
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek,
    dayOr: domRestricted && dowRestricted,
    domRestricted,
    dowRestricted,
  };
}

/** A wall-clock reading (no zone): what "09:00 on 24 December" means before a time zone is chosen. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** `2026-12-24T09:00[:SS[.sss]]` → WallTime (sub-seconds dropped), or null when it is not one. */
export function parseWallTime(text: string): WallTime | null {
  const match = WALL_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = { year, month, day, hour, minute, second };
  // Round-trip through the calendar so 2026-02-30 is refused rather than rolled over.
  return wallTimeKey(wall) === naiveWallTime(naiveMs(wall)).toString() && hour < 24 ? wall : null;
}

function wallTimeKey(wall: WallTime): string {
  return `${wall.year}-${wall.month}-${wall.day}-${wall.hour}-${wall.minute}-${wall.second}`;
}

/** The wall time as if it were UTC, in ms: a monotonic number to compare and step wall times with. */
export function naiveMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

function naiveWallTime(ms: number): WallTime & { toString(): string } {
  const date = new Date(ms);
  const wall = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
  return { ...wall, toString: () => wallTimeKey(wall) };
}

/** `YYYY-MM-DDTHH:mm`, with `:ss` only when the seconds are not zero: the label of a local-time occurrence. */
export function formatWallTime(wall: WallTime): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const base = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
  return wall.second === 0 ? base : `${base}:${pad(wall.second)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall time an instant shows in a time zone. */
export function zonedWallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts['year']);
  return {
    year: parts['era'] === 'BC' || parts['era'] === 'B' ? 1 - year : year,
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** The zone's UTC offset at an instant, in ms (east positive), to the second. */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return naiveMs(zonedWallTime(new Date(whole), timeZone)) - whole;
}

const HOUR = 3_600_000;

/**
 * The instant a wall time happens in a time zone, disambiguated as RFC 5545 and JavaScript Temporal's
 * `compatible` do: a time repeated when clocks go back means the earlier instant; a time skipped when they
 * go forward is read with the offset from before the change (02:30 on a spring-forward night is 03:30).
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
  const naive = naiveMs(wall);
  // Transitions are never closer than a day apart, so the offsets 12 h either side are the only candidates.
  const before = timeZoneOffsetMs(new Date(naive - 12 * HOUR), timeZone);
  const after = timeZoneOffsetMs(new Date(naive + 12 * HOUR), timeZone);
  const candidates = [...new Set([naive - before, naive - after])].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (timeZoneOffsetMs(new Date(candidate), timeZone) === naive - candidate) return new Date(candidate);
  }
  return new Date(naive - before);
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  if (!schedule.months.has(date.getUTCMonth() + 1)) return false;
  const dom = schedule.daysOfMonth.has(date.getUTCDate());
  const dow = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.dayOr) return dom || dow;
  return (!schedule.domRestricted || dom) && (!schedule.dowRestricted || dow);
}

const DAY = 86_400_000;

/** Wall times the schedule names with `fromNaive <= naiveMs(wall) <= toNaive`, ascending (at most `limit`). */
export function cronWallTimesBetween(
  schedule: CronSchedule,
  fromNaive: number,
  toNaive: number,
  limit = 10_000,
): WallTime[] {
  const result: WallTime[] = [];
  const hours = [...schedule.hours].sort((a, b) => a - b);
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  for (let day = Math.floor(fromNaive / DAY) * DAY; day <= toNaive; day += DAY) {
    if (!dayMatches(schedule, new Date(day))) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const ms = day + hour * HOUR + minute * 60_000;
        if (ms < fromNaive || ms > toNaive) continue;
        result.push(naiveWallTime(ms));
        if (result.length >= limit) return result;
      }
    }
  }
  return result;
}

/**
 * The first instant strictly after `after` at which the cron expression fires in `timeZone`, or null when
 * it names no real day within `horizonDays` (e.g. `0 0 31 2 *`).
 */
export function nextCronInstant(
  expression: string | CronSchedule,
  after: Date,
  timeZone: string,
  horizonDays = 366 * 5,
): Date | null {
  const schedule = typeof expression === 'string' ? parseCron(expression) : expression;
  // Start a day early: a wall time before `after`'s local reading can still map past `after` (DST gaps).
  let from = naiveMs(zonedWallTime(after, timeZone)) - DAY;
  const end = from + horizonDays * DAY;
  while (from <= end) {
    const to = Math.min(from + 31 * DAY, end);
    for (const wall of cronWallTimesBetween(schedule, from, to)) {
      const instant = wallTimeToInstant(wall, timeZone);
      if (instant.getTime() > after.getTime()) return instant;
    }
    from = to + 1;
  }
  return null;
}
