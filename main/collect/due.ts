/**
 * When schedules run: cron expressions through croner (5 fields minute…weekday, or 6 with seconds first), read in
 * the schedule's IANA time zone (so "0 2 * * *" is 02:00 local all year, DST included), limited to a time window
 * of local times [start, end) in which a run may start (end before start = the window spans midnight). A start
 * that falls outside the window moves to the next cron time inside it.
 * Sources: croner documentation (pattern syntax, `timezone`, `nextRun`); the window rule is ours (docs/fleet.md).
 */
import { Cron } from 'croner';
import { DateTime } from 'luxon';

/** A cron expression croner refused; `message` is plain language and names the expression. */
export class CronError extends Error {
  override readonly name = 'CronError';
}

/** How far ahead a window search looks for the next start (cron times probed), to stay bounded. */
const MAX_PROBES = 5000;

/**
 * A checked cron expression in `timeZone`. @throws CronError with croner's reason in plain words, e.g.
 * `The schedule time "61 * * * *" is not a cron expression: the minute must be 0–59 (got 61).`
 */
export function parseCron(expression: string, timeZone: string): Cron {
  const text = expression.trim();
  const fields = text.split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    throw new CronError(`The schedule time "${text}" is not a cron expression: write 5 fields (minute hour day month weekday), e.g. "*/15 * * * *" for every 15 minutes or "0 2 * * *" for 02:00 daily.`);
  }
  try {
    return new Cron(text, { timezone: timeZone, paused: true, mode: fields === 5 ? '5-part' : '6-part' });
  } catch (e) {
    const reason = (e as Error).message.replace(/^CronPattern:\s*/, '');
    const m = /Invalid value for (\w+): (.*)$/.exec(reason);
    const words = m ? `the ${m[1]} value "${m[2]}" is out of range` : reason.charAt(0).toLowerCase() + reason.slice(1);
    throw new CronError(`The schedule time "${text}" is not a cron expression: ${words}.`);
  }
}

/** Minutes after local midnight of 'HH:MM'. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** True when local time `t` (in `zone`) is inside the window [start, end); no window = always. */
export function inWindow(t: Date, zone: string, start: string | null, end: string | null): boolean {
  if (start === null || end === null || start === end) return true;
  const local = DateTime.fromJSDate(t, { zone });
  const m = local.hour * 60 + local.minute;
  const a = minutesOf(start);
  const b = minutesOf(end);
  return a < b ? m >= a && m < b : m >= a || m < b;
}

/** A schedule's timing fields. */
export interface Timing {
  readonly cron: string;
  readonly timeZone: string;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
}

/**
 * The first start strictly after `after` that the cron expression gives inside the window, or null when there is
 * none within {@link MAX_PROBES} cron times (e.g. a yearly expression whose time lies outside the window).
 * @throws CronError for a bad expression.
 */
export function nextStart(t: Timing, after: Date): Date | null {
  const cron = parseCron(t.cron, t.timeZone);
  let at: Date | null = after;
  for (let i = 0; i < MAX_PROBES && at; i++) {
    at = cron.nextRun(at);
    if (at && inWindow(at, t.timeZone, t.windowStart, t.windowEnd)) return at;
  }
  return null;
}

/** The next `n` starts after `after` (for the schedule editor's preview). @throws CronError. */
export function upcomingStarts(t: Timing, after: Date, n: number): Date[] {
  const out: Date[] = [];
  let at: Date | null = after;
  while (out.length < n && at) {
    at = nextStart(t, at);
    if (at) out.push(at);
  }
  return out;
}
