/**
 * The meter DST rule that follows an IANA time zone, read from the zone's real clock changes (time-zone
 * database through luxon, schemes/zone-changes.ts) — for new schemes, so the starting template is valid in any
 * zone (schemes/model.ts `euDstRule` fits zones at UTC+1 only: London changes at 01:00, Berlin at 02:00).
 * Pure.
 */
import { euDstRule, WEEKDAYS, type DstMoment, type DstRule } from './model';
import { dstRuleDate, zoneChanges, type WallClock } from './zone-changes';

/** Following years compared to tell a "4th" weekday rule from a "last" one. */
const LATER_YEARS = 3;

/** Rule moments that could describe the change at `w`: `last` near the month's end (first), its ordinal week 1…4. */
function candidates(w: WallClock): DstMoment[] {
  const base = { weekday: WEEKDAYS[w.weekday - 1]!, month: w.month, hour: Math.floor(w.minute / 60) };
  const ordinal = Math.ceil(w.day / 7);
  const out: DstMoment[] = [];
  if (w.day + 7 > new Date(Date.UTC(w.year, w.month, 0)).getUTCDate()) out.push({ ...base, week: 'last' });
  if (ordinal <= 4) out.push({ ...base, week: ordinal as 1 | 2 | 3 | 4 });
  return out;
}

/** The candidate naming the most of the later years' changes `later` (ties: the first, i.e. `last`). */
function pick(options: readonly DstMoment[], later: readonly WallClock[]): DstMoment {
  const hits = (m: DstMoment) =>
    later.filter((w) => {
      const d = dstRuleDate(m, w.year);
      return d.month === w.month && d.day === w.day;
    }).length;
  return options.reduce((best, m) => (hits(m) > hits(best) ? m : best));
}

/**
 * The DST rule of `zone` as seen in `year` (the next 3 years tell "4th" from "last"; "last" when they cannot): start = the
 * change forward, end = the change back, hours as the local clock shows them just before each change,
 * deviation = the size of the change. A zone without clock changes in `year` gives a rule with
 * `enabled: false`. `repeatedHour` is `both-passes` (the meter follows the wall clock).
 * @throws RangeError when `zone` is not a known IANA zone.
 */
export function dstRuleForZone(zone: string, year: number): DstRule {
  const now = zoneChanges(zone, year);
  const later = Array.from({ length: LATER_YEARS }, (_, k) => zoneChanges(zone, year + 1 + k));
  const laterOf = (forward: boolean) =>
    later.flatMap((changes) => changes.filter((c) => c.offsetAfter > c.offsetBefore === forward).slice(0, 1).map((c) => c.wallBefore));
  const forward = now.find((c) => c.offsetAfter > c.offsetBefore);
  const back = now.find((c) => c.offsetAfter < c.offsetBefore);
  if (forward === undefined || back === undefined) return { ...euDstRule(zone), enabled: false };
  const deviation = forward.offsetAfter - forward.offsetBefore;
  return {
    enabled: true,
    zone,
    start: pick(candidates(forward.wallBefore), laterOf(true)),
    end: pick(candidates(back.wallBefore), laterOf(false)),
    deviationMinutes: deviation === 30 || deviation === 120 ? deviation : 60,
    repeatedHour: 'both-passes',
  };
}
