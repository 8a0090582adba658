/**
 * DST checks: is `dst.zone` a real IANA zone; does the meter's DST rule (start/end moment, deviation) match the
 * zone's real clock changes in the years asked for; and which switch times of the day profiles in force on a
 * change day fall into the spring-forward gap (they never happen: error) or the repeated hour of the fall-back
 * day (they happen twice: warning explaining the `dst.repeatedHour` policy). All DST facts come from the
 * time-zone database through luxon (schemes/zone-changes.ts); which day profile runs on a date comes from
 * schemes/calendar.ts compileCalendar.
 */
import { compileCalendar, rateAtMinute, type CompiledCalendar } from './calendar';
import { type DstMoment, type TariffScheme, minuteOfDay, timeOfDay } from './model';
import { type ProblemList, jsonPath, listWords, named } from './problems';
import { type ZoneChange, describeDstMoment, dstRuleDate, isKnownTimeZone, isoDate, zoneChanges } from './zone-changes';

const sameDate = (a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }) =>
  a.year === b.year && a.month === b.month && a.day === b.day;
const onDates = (dates: readonly string[]) => listWords(dates.map((d) => `on ${d}`));

/** Check `scheme.dst` against its zone for `years`; problems go to `out`. */
export function checkDst(scheme: TariffScheme, years: readonly number[], out: ProblemList): void {
  const dst = scheme.dst;
  if (!isKnownTimeZone(dst.zone)) {
    out.add('dst.zone', 'unknown-time-zone', `The DST rule: "${dst.zone}" is not a time zone of the time-zone database; use an IANA name such as Europe/London`);
    return;
  }
  if (years.length === 0) return; // no year asked for: only the zone name is checked
  const byYear = years.map((year) => ({ year, changes: zoneChanges(dst.zone, year) }));
  const all = byYear.flatMap((y) => y.changes);
  if (!dst.enabled) {
    if (all.length > 0) {
      out.add(
        'dst.enabled',
        'dst-disabled',
        `The DST rule is off: the meter keeps standard time all year, while ${dst.zone} changes clocks (${onDates(all.map((c) => isoDate(c.wallBefore)))}); in summer the switch times then happen ${Math.abs(all[0]!.offsetAfter - all[0]!.offsetBefore)} min off the local clock`,
      );
    }
    return;
  }
  if (all.length === 0) {
    out.add('dst.enabled', 'dst-zone-has-no-dst', `The DST rule is on, but ${dst.zone} does not change clocks in ${listWords(years.map(String), 'or')}; turn the DST rule off (enabled: false)`);
    return;
  }
  const regular: { year: number; forward: ZoneChange | null; back: ZoneChange | null }[] = [];
  for (const { year, changes } of byYear) {
    const forward = changes.filter((c) => c.offsetAfter > c.offsetBefore);
    const back = changes.filter((c) => c.offsetAfter < c.offsetBefore);
    if (forward.length > 1 || back.length > 1) {
      out.add('dst', 'dst-zone-irregular', `${dst.zone} changes clocks ${changes.length} times in ${year}; a meter DST rule follows one change forward and one back, so the meter clock will be wrong for part of the year`);
      continue;
    }
    regular.push({ year, forward: forward[0] ?? null, back: back[0] ?? null });
  }
  compareMoment('start', dst.start, regular.map((r) => ({ year: r.year, change: r.forward })), dst.zone, out);
  compareMoment('end', dst.end, regular.map((r) => ({ year: r.year, change: r.back })), dst.zone, out);
  const deviations = [...new Set(regular.flatMap((r) => (r.forward ? [r.forward.offsetAfter - r.forward.offsetBefore] : [])))];
  const wrong = deviations.filter((d) => d !== dst.deviationMinutes);
  if (wrong.length > 0) {
    out.add('dst.deviationMinutes', 'dst-deviation-mismatch', `The DST rule moves the clock by ${dst.deviationMinutes} min, but ${dst.zone} changes by ${listWords(wrong.map(String))} min`);
  }
  checkSwitchTimes(scheme, regular, out);
}

function compareMoment(which: 'start' | 'end', rule: DstMoment, perYear: { year: number; change: ZoneChange | null }[], zone: string, out: ProblemList): void {
  const actual: string[] = [];
  for (const { year, change } of perYear) {
    if (!change) {
      actual.push(`does not change clocks ${which === 'start' ? 'forward' : 'back'} in ${year}`);
      continue;
    }
    const w = change.wallBefore;
    if (!sameDate(w, dstRuleDate(rule, year)) || w.minute !== rule.hour * 60) actual.push(`changes on ${isoDate(w)} at ${timeOfDay(w.minute)}`);
  }
  if (actual.length === 0) return;
  const verb = which === 'start' ? 'starts' : 'ends';
  const words = actual.map((a, i) => (i > 0 && a.startsWith('changes on ') && actual[i - 1]!.startsWith('changes on ') ? a.slice('changes '.length) : a));
  out.add(`dst.${which}`, 'dst-rule-mismatch', `The DST rule ${verb} summer time on ${describeDstMoment(rule)}, but ${zone} ${listWords(words)}`);
}

/** Local minutes [from, to) of one change day in which switch times are checked, with what happens there. */
interface Window {
  readonly date: ZoneChange['wallBefore'];
  readonly from: number;
  readonly to: number;
  readonly forward: boolean;
}

function checkSwitchTimes(scheme: TariffScheme, regular: { forward: ZoneChange | null; back: ZoneChange | null }[], out: ProblemList): void {
  let calendar: CompiledCalendar;
  try {
    calendar = compileCalendar(scheme);
  } catch {
    return; // unresolved references: already reported by the structure checks
  }
  const windows: Window[] = [];
  for (const r of regular) {
    // Forward: wall-clock times from the old reading (02:00) up to the new one (03:00) do not exist.
    if (r.forward) windows.push({ date: r.forward.wallBefore, from: r.forward.wallBefore.minute, to: r.forward.wallBefore.minute + r.forward.offsetAfter - r.forward.offsetBefore, forward: true });
    // Back: wall-clock times from the new reading (02:00) up to the old one (03:00) happen twice.
    if (r.back) windows.push({ date: r.back.wallBefore, from: r.back.wallBefore.minute - (r.back.offsetBefore - r.back.offsetAfter), to: r.back.wallBefore.minute, forward: false });
  }
  const found = new Map<string, { profile: number; sw: number; forward: boolean; range: string; dates: string[] }>();
  for (const w of windows) {
    const profile = calendar.assign(w.date).dayProfile;
    const index = scheme.dayProfiles.indexOf(profile);
    profile.switches.forEach((s, j) => {
      const m = minuteOfDay(s.time);
      if (m < w.from || m >= w.to) return;
      const range = w.forward ? `clocks go from ${timeOfDay(w.from)} to ${timeOfDay(w.to % 1440)}` : `clocks go back from ${timeOfDay(w.to)} to ${timeOfDay(Math.max(0, w.from))}`;
      const key = `${index}|${j}|${w.forward}|${range}`;
      const entry = found.get(key) ?? { profile: index, sw: j, forward: w.forward, range, dates: [] };
      entry.dates.push(isoDate(w.date));
      found.set(key, entry);
    });
  }
  const zone = scheme.dst.zone;
  for (const f of found.values()) {
    const p = scheme.dayProfiles[f.profile]!;
    const s = p.switches[f.sw]!;
    const path = jsonPath('dayProfiles', f.profile, 'switches', f.sw, 'time');
    const dates = listWords(f.dates);
    if (f.forward) {
      out.add(path, 'switch-in-dst-gap', `${named.dayProfile(p)}: switch at ${s.time} does not exist on ${dates} in ${zone} (${f.range}); move it out of the gap`);
      continue;
    }
    const table = calendar.tables.get(p.id)!;
    const m = minuteOfDay(s.time);
    const before = rateAtMinute(table, (m + 1439) % 1440);
    const policy =
      scheme.dst.repeatedHour === 'both-passes'
        ? `with repeatedHour 'both-passes' the meter switches in both passes, so rate ${before} is in force again before ${s.time} in the second pass`
        : `with repeatedHour 'first-pass' the meter switches to rate ${s.rate} in the first pass only and keeps it through the second`;
    out.add(path, 'switch-in-repeated-hour', `${named.dayProfile(p)}: switch at ${s.time} happens twice on ${dates} in ${zone} (${f.range}); ${policy}`);
  }
}
