// Five-field cron (minute hour day-of-month month day-of-week) with names and macros, and the next time it fires in
// an IANA time zone (Intl-based wall clock; UTC by default).

export class CronError extends Error {
  override name = 'CronError';
  constructor(
    /** The field at fault: minute, hour, day_of_month, month, day_of_week, or cron for the whole expression. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export type Cron = {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Whether day-of-month / day-of-week were restricted (not `*`): both restricted → either may match (Vixie cron). */
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
};

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

type FieldSpec = { name: string; min: number; max: number; names?: string[]; namesFrom?: number };
const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day_of_month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  // 7 is Sunday too.
  { name: 'day_of_week', min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

function value(spec: FieldSpec, raw: string): number {
  const lower = raw.toLowerCase();
  const named = spec.names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + spec.namesFrom!;
  if (!/^\d{1,2}$/.test(raw)) throw new CronError(spec.name, `${spec.name}: "${raw}" is not a number${spec.names ? ' or a name' : ''}`);
  const n = Number(raw);
  if (n < spec.min || n > spec.max) throw new CronError(spec.name, `${spec.name}: ${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

function field(spec: FieldSpec, text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined || range === '') throw new CronError(spec.name, `${spec.name}: "${part}" is not a value, range or step`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d{1,2}$/.test(stepText) || Number(stepText) < 1) throw new CronError(spec.name, `${spec.name}: step "${stepText}" must be a positive number`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [spec.min, spec.max];
    else if (range!.includes('-')) {
      const [a, b, more] = range!.split('-');
      if (more !== undefined || !a || !b) throw new CronError(spec.name, `${spec.name}: "${range}" is not a range`);
      [lo, hi] = [value(spec, a), value(spec, b)];
      if (lo > hi) throw new CronError(spec.name, `${spec.name}: range "${range}" runs backwards`);
    } else {
      lo = value(spec, range!);
      // `5/15`: from 5 to the end in steps of 15.
      hi = stepText !== undefined ? spec.max : lo;
    }
    for (let n = lo; n <= hi; n += step) out.add(spec.name === 'day_of_week' && n === 7 ? 0 : n);
  }
  return out;
}

/** Parses a cron expression; throws CronError naming the field at fault. */
export function parseCron(expression: string): Cron {
  const trimmed = expression.trim();
  const expanded = trimmed.startsWith('@') ? MACROS[trimmed.toLowerCase()] : trimmed;
  if (!expanded) throw new CronError('cron', `Unknown macro "${trimmed}" (use @hourly, @daily, @weekly, @monthly or @yearly)`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) throw new CronError('cron', `A cron expression has 5 fields (minute hour day-of-month month day-of-week), not ${parts.length}`);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => field(FIELDS[i]!, p)) as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  return { minutes, hours, days, months, weekdays, daysRestricted: parts[2] !== '*', weekdaysRestricted: parts[4] !== '*' };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. Europe/Paris, UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `ms`, as milliseconds of the same fields read as UTC. */
function wallOf(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of formatOf(timeZone).formatToParts(new Date(ms))) if (type !== 'literal') p[type] = Number(value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) + (((ms % 1000) + 1000) % 1000);
}

/** The instant a wall-clock time names in `timeZone`: the earlier one when it occurs twice, the shifted one in a gap. */
function instantOf(wall: number, timeZone: string): number {
  const offsets = new Set([wallOf(wall - 86_400_000, timeZone) - (wall - 86_400_000), wallOf(wall + 86_400_000, timeZone) - (wall + 86_400_000)]);
  const candidates = [...offsets].map((off) => wall - off).filter((t) => wallOf(t, timeZone) === wall);
  if (candidates.length) return Math.min(...candidates);
  // A wall time skipped by a clock change (spring forward): the same distance past the change.
  const before = wallOf(wall - 86_400_000, timeZone) - (wall - 86_400_000);
  return wall - before;
}

function dayMatches(c: Cron, d: Date): boolean {
  const dom = c.days.has(d.getUTCDate());
  const dow = c.weekdays.has(d.getUTCDay());
  if (c.daysRestricted && c.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** How far ahead a search goes before deciding an expression never fires (e.g. `0 0 30 2 *`). */
const HORIZON_MS = 5 * 366 * 86_400_000;

/** The first instant strictly after `after` (ms) when `cron` fires in `timeZone`, or null if it never does. */
export function nextTime(cron: Cron | string, after: number, timeZone = 'UTC'): number | null {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  let from = after;
  // A wall-clock match can map to an instant not after `after` around a clock change: search on from the next minute.
  for (let attempt = 0; attempt < 4; attempt++) {
    const wall = nextWall(c, Math.floor(wallOf(from, timeZone) / 60_000) * 60_000 + 60_000);
    if (wall === null) return null;
    const t = instantOf(wall, timeZone);
    if (t > after) return t;
    from = t + 60_000;
  }
  return null;
}

/** The first wall-clock minute at or after `start` matching every field. */
function nextWall(c: Cron, start: number): number | null {
  let t = start;
  const end = start + HORIZON_MS;
  while (t <= end) {
    const d = new Date(t);
    const [y, mo, day, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
    if (!c.months.has(mo + 1)) t = Date.UTC(y, mo + 1, 1);
    else if (!dayMatches(c, d)) t = Date.UTC(y, mo, day + 1);
    else if (!c.hours.has(h)) t = Date.UTC(y, mo, day, h + 1);
    else if (!c.minutes.has(d.getUTCMinutes())) t += 60_000;
    else return t;
  }
  return null;
}
