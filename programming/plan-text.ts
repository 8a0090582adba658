import type { TariffScheme, WeekProfile } from '../schemes/model';
import { WEEKDAYS } from '../schemes/model';
import { type TouSource, dstMomentText, monthDayText } from './tariff-parts';

/**
 * The plain one-sentence descriptions of program plan writes (what the technician reads before and during an
 * upload), shared by the Elster and generic compilers: "Day profiles: 'Weekday' 3 switch times, 'Weekend' 1
 * switch time". Pure functions of a scheme part.
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `Day profile 'Weekday': 3 switch times`. */
export function dayProfileText(p: TariffScheme['dayProfiles'][number]): string {
  return `Day profile '${p.name}': ${plural(p.switches.length, 'switch time')}`;
}

/** All day profiles in one sentence. */
export function dayProfilesText(s: TariffScheme): string {
  return `Day profiles: ${s.dayProfiles.map((p) => `'${p.name}' ${plural(p.switches.length, 'switch time')}`).join(', ')}`;
}

/** `Week profile 'Standard week': Mon–Fri 'Weekday', Sat–Sun 'Weekend'` (runs of days with the same day profile). */
export function weekProfileText(w: WeekProfile, s: TariffScheme): string {
  const name = (id: string) => s.dayProfiles.find((p) => p.id === id)?.name ?? id;
  const runs: string[] = [];
  for (let i = 0; i < 7; ) {
    let j = i;
    while (j + 1 < 7 && w.days[WEEKDAYS[j + 1]!] === w.days[WEEKDAYS[i]!]) j++;
    runs.push(`${SHORT_DAYS[i]}${j > i ? `–${SHORT_DAYS[j]}` : ''} '${name(w.days[WEEKDAYS[i]!])}'`);
    i = j + 1;
  }
  return `Week profile '${w.name}': ${runs.join(', ')}`;
}

/** All seasons in one sentence. */
export function seasonsText(s: TariffScheme): string {
  const week = (id: string) => s.weekProfiles.find((w) => w.id === id)?.name ?? id;
  return `Seasons: ${s.seasons.map((x) => `'${x.name}' from ${monthDayText(x.start.month, x.start.day)} ('${week(x.weekProfile)}')`).join(', ')}`;
}

/** `Special days: none` or `Special days: 12 (first 'New Year' 1 January every year)`. */
export function specialDaysText(s: TariffScheme): string {
  const d = s.specialDays[0];
  if (!d) return 'Special days: none';
  const when = d.kind === 'fixed' ? d.date : `${monthDayText(d.month, d.day)} every year`;
  return `Special days: ${s.specialDays.length} (first '${d.name}' ${when})`;
}

/** `Special day 'Christmas': 25 December every year`. */
export function specialDayText(d: TariffScheme['specialDays'][number]): string {
  return `Special day '${d.name}': ${d.kind === 'fixed' ? d.date : `${monthDayText(d.month, d.day)} every year`}`;
}

/** `DST rule: last Sunday of March 02:00 to last Sunday of October 03:00, 60 min` or `DST rule: off`. */
export function dstText(s: TariffScheme): string {
  const r = s.dst;
  if (!r.enabled) return 'DST rule: off (the meter keeps standard time all year)';
  return `DST rule: ${dstMomentText(r.start)} to ${dstMomentText(r.end)}, ${r.deviationMinutes} min, repeated hour: ${r.repeatedHour === 'first-pass' ? 'first pass only' : 'both passes'}`;
}

/** `TOU registers: T1 rate 1 'Day', T2 rate 2 'Night' (active-import); T4…T8 unused`. */
export function touText(sources: readonly TouSource[], s: TariffScheme): string {
  const used = sources.map((x, i) => ({ x, i })).filter(({ x }) => x.quantity !== null);
  const parts = used.map(({ x, i }) => {
    const r = x.rate === null ? 'every rate' : `rate ${x.rate} '${s.rates.find((q) => q.number === x.rate)?.name ?? x.rate}'`;
    return `T${i + 1} ${r} (${x.quantity})`;
  });
  const unused = sources.length - used.length;
  return `TOU registers: ${parts.join(', ') || 'none used'}${unused > 0 ? `; ${unused} unused` : ''}`;
}

/** `Maximum demand: 30 min block, active-import, billing on day 1 of every month, reset lockout 7 days`. */
export function maximumDemandText(s: TariffScheme): string {
  const m = s.maximumDemand;
  const method = m.method === 'sliding' ? `sliding (${m.subIntervals} sub-intervals)` : 'block';
  const billing = m.billingDates.map((b) => (b.month ? monthDayText(b.month, b.day) : `day ${b.day} of every month`)).join(', ') || 'none';
  return `Maximum demand: ${m.integrationPeriodMinutes} min ${method}, ${m.quantities.join(', ') || 'no quantities'}${m.perRate ? ' per rate' : ''}, billing ${billing}, reset lockout ${m.resetLockoutDays} days`;
}

/** `Load profile: every 30 min, active-import, active-export, as deep as the memory allows`. */
export function loadProfileText(s: TariffScheme): string {
  const l = s.loadProfile;
  return `Load profile: every ${l.capturePeriodMinutes} min, ${l.channels.join(', ')}, ${l.depthDays === 0 ? 'as deep as the memory allows' : `${l.depthDays} days deep`}`;
}

/** `Pulse outputs: none` or `Pulse outputs: 1 active-import 1000/unit 80 ms`. */
export function pulseOutputsText(s: TariffScheme): string {
  if (s.pulseOutputs.length === 0) return 'Pulse outputs: none';
  return `Pulse outputs: ${s.pulseOutputs.map((o) => `${o.output} ${o.quantity} ${o.pulsesPerUnit}/unit ${o.widthMs} ms`).join('; ')}`;
}

/** `CT ratio 200/5` or `CT ratio 1/1 (direct connected)`. */
export function ratioText(which: 'CT' | 'VT', ratio: string | null): string {
  return ratio === null ? `${which} ratio 1/1 (direct connected)` : `${which} ratio ${ratio}`;
}

/** `Programmer's user ID "TECH0042" (recorded with the programming counter)`. */
export function userIdText(userId: string): string {
  return `Programmer's user ID "${userId}" (recorded with the programming counter)`;
}

/** `Scheme ID "SCHEME01" (written last: it marks the upload complete)`. */
export function schemeIdText(id: string): string {
  return `Scheme ID "${id}" (written last: it marks the upload complete)`;
}
