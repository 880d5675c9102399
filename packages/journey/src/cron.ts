/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as schedule triggers use them.
 * Validation only: the scheduler that fires schedules owns computing occurrences.
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
