import type {
  DayProfile, DstMoment, DstRule, LoadProfileSettings, MaximumDemand, PulseOutput, Quantity, Season, SpecialDay, TariffScheme, WeekProfile,
} from '../schemes/model';
import { WEEKDAYS } from '../schemes/model';

/**
 * What one programming write carries, decoded back into scheme terms, whatever the meter profile (Elster W1 bytes,
 * generic W5 text): the common ground on which compareReadBack (compile.ts) explains a read-back difference
 * in plain words. A decoded part becomes a list of {@link Field}s (one per switch time, week day, setting…) named
 * with the scheme's own names, and two field lists are compared key by key.
 * Decoded calendar parts use canonical ids (`day<n>`, `week<n>`: the meter numbers its profiles from 1), which
 * map back to the scheme's names by position.
 */

/** What one TOU register (Elster 508) accumulates: `quantity` while `rate` is active (null rate = every rate); null quantity = unused. */
export interface TouSource {
  readonly quantity: Quantity | null;
  readonly rate: number | null;
}

/** An unused TOU register. */
export const UNUSED_TOU: TouSource = { quantity: null, rate: null };

/** Parts a counted list can be (generic meters write the number of entries separately). */
export type CountedPart = 'day-profiles' | 'week-profiles' | 'seasons' | 'special-days' | 'pulse-outputs';

/** One write's content in scheme terms. `first` = position (0-based) of the first entry in the scheme's list. */
export type DecodedPart =
  | { readonly kind: 'day-profiles'; readonly first: number; readonly profiles: readonly DayProfile[] }
  | { readonly kind: 'week-profiles'; readonly first: number; readonly weeks: readonly WeekProfile[] }
  | { readonly kind: 'seasons'; readonly first: number; readonly seasons: readonly Season[] }
  | { readonly kind: 'special-days'; readonly first: number; readonly days: readonly SpecialDay[] }
  | { readonly kind: 'count'; readonly of: CountedPart; readonly count: number }
  | { readonly kind: 'dst'; readonly rule: DstRule }
  | { readonly kind: 'tou-sources'; readonly sources: readonly TouSource[] }
  | { readonly kind: 'maximum-demand'; readonly md: Partial<MaximumDemand> }
  | { readonly kind: 'load-profile'; readonly lp: Partial<LoadProfileSettings> }
  | { readonly kind: 'pulse-outputs'; readonly outputs: readonly PulseOutput[] }
  | { readonly kind: 'value'; readonly path: string; readonly label: string; readonly value: string };

/** One comparable item: scheme path (key), plain label, value in words. */
export interface Field {
  readonly path: string;
  readonly label: string;
  readonly value: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** `1 October`. */
export const monthDayText = (month: number, day: number): string => `${day} ${MONTHS[month - 1] ?? `month ${month}`}`;

/** Number from a canonical id `day3` → 3 (0 when not canonical). */
const numberOf = (id: string) => Number(/^(?:day|week)(\d+)$/.exec(id)?.[1] ?? 0);

/** Names of the scheme's parts by position, for labels. */
export class SchemeNames {
  constructor(private readonly scheme: TariffScheme) {}
  /** `Day profile 'Weekday'` of position i (0-based), or `Day profile 3` beyond the scheme. */
  day(i: number): string {
    const p = this.scheme.dayProfiles[i];
    return p ? `Day profile '${p.name}'` : `Day profile ${i + 1}`;
  }
  /** `day profile 'Weekday'` of a canonical id. */
  dayRef(id: string): string {
    const n = numberOf(id);
    const p = this.scheme.dayProfiles[n - 1];
    return p ? `day profile '${p.name}'` : `day profile ${n || id}`;
  }
  /** `Week profile 'Standard week'` of position i (0-based). */
  week(i: number): string {
    const w = this.scheme.weekProfiles[i];
    return w ? `Week profile '${w.name}'` : `Week profile ${i + 1}`;
  }
  /** `week profile 'Standard week'` of a canonical id. */
  weekRef(id: string): string {
    const n = numberOf(id);
    const w = this.scheme.weekProfiles[n - 1];
    return w ? `week profile '${w.name}'` : `week profile ${n || id}`;
  }
  /** `Season 'Winter'` of position i (0-based). */
  season(i: number): string {
    const s = this.scheme.seasons[i];
    return s ? `Season '${s.name}'` : `Season ${i + 1}`;
  }
  /** `Special day 'Christmas'` of position i (0-based). */
  special(i: number): string {
    const d = this.scheme.specialDays[i];
    return d ? `Special day '${d.name}'` : `Special day ${i + 1}`;
  }
  /** `rate 2 ('Night')` of rate number n. */
  rate(n: number): string {
    const r = this.scheme.rates.find((x) => x.number === n);
    return r ? `rate ${n} ('${r.name}')` : `rate ${n}`;
  }
}

const WEEK_WORDS: Record<string, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', last: 'last' };
/** `last Sunday of March 02:00`. */
export function dstMomentText(m: DstMoment): string {
  return `${WEEK_WORDS[String(m.week)]} ${cap(m.weekday)} of ${MONTHS[m.month - 1]} ${String(m.hour).padStart(2, '0')}:00`;
}

const COUNT_LABEL: Record<CountedPart, [string, string]> = {
  'day-profiles': ['dayProfiles', 'Number of day profiles'],
  'week-profiles': ['weekProfiles', 'Number of week profiles'],
  seasons: ['seasons', 'Number of seasons'],
  'special-days': ['specialDays', 'Number of special days'],
  'pulse-outputs': ['pulseOutputs', 'Pulse outputs in use'],
};

function mdFields(md: Partial<MaximumDemand>): Field[] {
  const f: Field[] = [];
  const add = (key: keyof MaximumDemand, label: string, value: string) => f.push({ path: `maximumDemand.${key}`, label: `Maximum demand ${label}`, value });
  if (md.integrationPeriodMinutes !== undefined) add('integrationPeriodMinutes', 'integration period', `${md.integrationPeriodMinutes} min`);
  if (md.method !== undefined) add('method', 'method', md.method);
  if (md.subIntervals !== undefined) add('subIntervals', 'sub-intervals', String(md.subIntervals));
  if (md.quantities !== undefined) add('quantities', 'quantities', md.quantities.join(', ') || 'none');
  if (md.perRate !== undefined) add('perRate', 'registers per rate', md.perRate ? 'yes' : 'no');
  if (md.billingDates !== undefined) {
    add('billingDates', 'billing dates', md.billingDates.map((b) => (b.month ? monthDayText(b.month, b.day) : `day ${b.day} of every month`)).join(', ') || 'none');
  }
  if (md.resetLockoutDays !== undefined) add('resetLockoutDays', 'billing-reset lockout', `${md.resetLockoutDays} days`);
  return f;
}

function lpFields(lp: Partial<LoadProfileSettings>): Field[] {
  const f: Field[] = [];
  if (lp.capturePeriodMinutes !== undefined) f.push({ path: 'loadProfile.capturePeriodMinutes', label: 'Load profile capture period', value: `${lp.capturePeriodMinutes} min` });
  if (lp.channels !== undefined) f.push({ path: 'loadProfile.channels', label: 'Load profile channels', value: lp.channels.join(', ') });
  if (lp.depthDays !== undefined) f.push({ path: 'loadProfile.depthDays', label: 'Load profile depth', value: lp.depthDays === 0 ? 'as deep as the memory allows' : `${lp.depthDays} days` });
  return f;
}

/** The fields of a decoded part, labelled with `scheme`'s names. */
export function fieldsOf(part: DecodedPart, scheme: TariffScheme): Field[] {
  const n = new SchemeNames(scheme);
  switch (part.kind) {
    case 'day-profiles':
      return part.profiles.flatMap((p, k) => {
        const i = part.first + k;
        return p.switches.map((s, j) => ({ path: `dayProfiles.${i}.switches.${j}`, label: `${n.day(i)} switch ${j + 1}`, value: `${s.time} → rate ${s.rate}` }));
      });
    case 'week-profiles':
      return part.weeks.flatMap((w, k) => {
        const i = part.first + k;
        return WEEKDAYS.map((d) => ({ path: `weekProfiles.${i}.days.${d}`, label: `${n.week(i)} ${cap(d)}`, value: n.dayRef(w.days[d]) }));
      });
    case 'seasons':
      return part.seasons.map((s, k) => ({
        path: `seasons.${part.first + k}`, label: n.season(part.first + k), value: `from ${monthDayText(s.start.month, s.start.day)}, ${n.weekRef(s.weekProfile)}`,
      }));
    case 'special-days':
      return part.days.map((d, k) => ({
        path: `specialDays.${part.first + k}`,
        label: n.special(part.first + k),
        value: `${d.kind === 'fixed' ? d.date : `${monthDayText(d.month, d.day)} every year`} → ${n.dayRef(d.dayProfile)}`,
      }));
    case 'count': {
      const [path, label] = COUNT_LABEL[part.of];
      return [{ path: `${path}.length`, label, value: String(part.count) }];
    }
    case 'dst': {
      const r = part.rule;
      return [
        { path: 'dst.enabled', label: 'DST', value: r.enabled ? 'on' : 'off (standard time all year)' },
        { path: 'dst.start', label: 'DST start', value: dstMomentText(r.start) },
        { path: 'dst.end', label: 'DST end', value: dstMomentText(r.end) },
        { path: 'dst.deviationMinutes', label: 'DST deviation', value: `${r.deviationMinutes} min` },
        { path: 'dst.repeatedHour', label: 'DST repeated hour', value: r.repeatedHour === 'first-pass' ? 'switch in the first pass only' : 'switch in both passes' },
      ];
    }
    case 'tou-sources':
      return part.sources.map((s, i) => ({
        path: `rates.touRegister${i + 1}`,
        label: `TOU register T${i + 1}`,
        value: s.quantity === null ? 'unused' : `${s.quantity} ${s.rate === null ? 'at every rate' : `during ${n.rate(s.rate)}`}`,
      }));
    case 'maximum-demand':
      return mdFields(part.md);
    case 'load-profile':
      return lpFields(part.lp);
    case 'pulse-outputs':
      return part.outputs.map((o) => ({
        path: `pulseOutputs.output${o.output}`, label: `Pulse output ${o.output}`, value: `${o.quantity}, ${o.pulsesPerUnit} pulses per unit, ${o.widthMs} ms`,
      }));
    case 'value':
      return [{ path: part.path, label: part.label, value: part.value }];
  }
}

/** One difference between fields: what the scheme means and what the meter holds. */
export interface FieldDifference {
  readonly path: string;
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Compare expected and actual fields by path: `Day profile 'Weekday' switch 2: scheme 07:00 → rate 1, meter 07:30 → rate 1`.
 * A field on one side only shows `none` on the other.
 */
export function compareFields(expected: readonly Field[], actual: readonly Field[]): FieldDifference[] {
  const act = new Map(actual.map((f) => [f.path, f]));
  const out: FieldDifference[] = [];
  for (const e of expected) {
    const a = act.get(e.path);
    act.delete(e.path);
    if (a?.value === e.value) continue;
    out.push({ path: e.path, message: `${e.label}: scheme ${e.value}, meter ${a?.value ?? 'none'}`, expected: e.value, actual: a?.value ?? '' });
  }
  for (const a of act.values()) out.push({ path: a.path, message: `${a.label}: scheme none, meter ${a.value}`, expected: '', actual: a.value });
  return out;
}
