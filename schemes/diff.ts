/**
 * What differs between two tariff schemes (e.g. two saved versions), for the "Compare versions" view: a flat
 * list of entries with the JSON path, a plain label naming the object by its name ("Day profile 'Weekday' ›
 * switch 2 › time"), whether the thing was added, removed or changed, and both values as short text.
 *
 * Lists are matched by identity, not position: rates by number, day and week profiles by id, seasons by name,
 * special days by date (fixed) or month/day (recurring), pulse outputs by output number; the switch times of a
 * day profile by position (switch 1, 2, …). Scalars are compared by value. The order is stable: scheme fields,
 * rates (by number), day profiles, week profiles, seasons (left order, then new ones in right order), special
 * days (recurring by month/day, then fixed by date), DST rule, maximum demand, load profile, pulse outputs.
 * Pure: no I/O.
 */
import { z } from 'zod';
import type { DayProfile, DstMoment, MaximumDemand, SpecialDay, TariffScheme } from './model';
import { WEEKDAYS } from './model';
import { dayMonth, monthName } from './problems';

/**
 * One difference (THE shape: the contract's `schemes.diff` result is this schema). `path`: JSON path (right-hand
 * index, or left for removed things); `label`: plain, e.g. `Day profile 'Weekday' › switch 2 › time`; values as
 * plain text (null where the thing is absent).
 */
export const schemeDiffEntrySchema = z.object({
  path: z.string(),
  label: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  left: z.string().nullable(),
  right: z.string().nullable(),
});

/** One difference (see {@link schemeDiffEntrySchema}). */
export type SchemeDiffEntry = z.infer<typeof schemeDiffEntrySchema>;

type Text = string | null;
const SEP = ' › ';

/** A list item with its index in its scheme. */
interface Indexed<T> {
  readonly item: T;
  readonly index: number;
}

/** Collects entries. */
class Diff {
  readonly entries: SchemeDiffEntry[] = [];
  /** Adds a `changed` entry when the texts differ. */
  value(path: string, label: string, left: Text, right: Text): void {
    if (left === right) return;
    const kind = left === null ? 'added' : right === null ? 'removed' : 'changed';
    this.entries.push({ path, label, kind, left, right });
  }
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const list = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.join(', '));

/** `last Sunday of March at 02:00`. */
function moment(m: DstMoment): string {
  const which = m.week === 'last' ? 'last' : ['first', 'second', 'third', 'fourth'][m.week - 1];
  return `${which} ${cap(m.weekday)} of ${monthName(m.month)} at ${String(m.hour).padStart(2, '0')}:00`;
}

const switches = (p: DayProfile): string => p.switches.map((s) => `${s.time} T${s.rate}`).join(', ');
const billingDates = (md: MaximumDemand): string[] =>
  md.billingDates.map((d) => (d.month === undefined ? `day ${d.day} of every month` : dayMonth(d.day, d.month)));

/** The identity key of a special day: the date, or `--MM-DD` for a recurring one. */
function specialKey(d: SpecialDay): string {
  return d.kind === 'fixed' ? d.date : `--${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
const specialWhen = (d: SpecialDay): string => (d.kind === 'fixed' ? d.date : `every ${dayMonth(d.day, d.month)}`);

/**
 * Pairs the items of two lists by `key` (a repeated key pairs its n-th occurrences), in this order: keys of
 * `left` in left order, then keys only in `right` in right order; `sort` reorders the keys when given.
 */
function pair<T>(left: readonly T[], right: readonly T[], key: (t: T) => string, sort?: (a: string, b: string) => number) {
  const keyed = (xs: readonly T[]) => {
    const seen = new Map<string, number>();
    return xs.map((item, index) => {
      const k = key(item);
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      return [n === 1 ? k : `${k}#${n}`, { item, index }] as const;
    });
  };
  const l = new Map(keyed(left));
  const r = new Map(keyed(right));
  const keys = [...l.keys(), ...[...r.keys()].filter((k) => !l.has(k))];
  if (sort) keys.sort(sort);
  return keys.map((k) => ({ key: k, left: l.get(k) ?? null, right: r.get(k) ?? null }));
}

/** Diff of one keyed list: `summary` for added/removed items, `fields` for items on both sides. */
function keyedList<T>(
  d: Diff,
  section: string,
  pairs: ReturnType<typeof pair<T>>,
  label: (l: T | null, r: T | null) => string,
  summary: (t: T) => string,
  fields: (path: string, label: string, l: Indexed<T>, r: Indexed<T>) => void,
): void {
  for (const p of pairs) {
    const name = label(p.left?.item ?? null, p.right?.item ?? null);
    if (p.left && p.right) fields(`${section}.${p.right.index}`, name, p.left, p.right);
    else if (p.right) d.value(`${section}.${p.right.index}`, name, null, summary(p.right.item));
    else if (p.left) d.value(`${section}.${p.left.index}`, name, summary(p.left.item), null);
  }
}

/** Every difference between `left` and `right` (see file comment). Empty when they are equal. */
export function diffSchemes(left: TariffScheme, right: TariffScheme): SchemeDiffEntry[] {
  const d = new Diff();
  d.value('id', 'Scheme ID', left.id, right.id);
  d.value('name', 'Name', left.name, right.name);
  d.value('version', 'Version', String(left.version), String(right.version));
  d.value('description', 'Description', left.description, right.description);
  d.value('meterModel', 'Meter model', left.meterModel, right.meterModel);

  keyedList(
    d, 'rates', pair(left.rates, right.rates, (r) => String(r.number), (a, b) => Number(a) - Number(b) || a.localeCompare(b)),
    (l, r) => `Rate T${(r ?? l)!.number}`,
    (r) => `T${r.number} '${r.name}'`,
    (path, label, l, r) => {
      d.value(`${path}.name`, `${label}${SEP}name`, l.item.name, r.item.name);
      d.value(`${path}.colour`, `${label}${SEP}colour`, l.item.colour ?? null, r.item.colour ?? null);
    },
  );

  keyedList(
    d, 'dayProfiles', pair(left.dayProfiles, right.dayProfiles, (p) => p.id),
    (l, r) => `Day profile '${(r ?? l)!.name}'`,
    switches,
    (path, label, l, r) => {
      d.value(`${path}.name`, `${label}${SEP}name`, l.item.name, r.item.name);
      const n = Math.max(l.item.switches.length, r.item.switches.length);
      for (let k = 0; k < n; k++) {
        const a = l.item.switches[k];
        const b = r.item.switches[k];
        const at = `${path}.switches.${k}`;
        const what = `${label}${SEP}switch ${k + 1}`;
        if (a && b) {
          d.value(`${at}.time`, `${what}${SEP}time`, a.time, b.time);
          d.value(`${at}.rate`, `${what}${SEP}rate`, `T${a.rate}`, `T${b.rate}`);
        } else {
          d.value(at, what, a ? `${a.time} T${a.rate}` : null, b ? `${b.time} T${b.rate}` : null);
        }
      }
    },
  );

  const dayName = (s: TariffScheme, id: string) => `'${s.dayProfiles.find((p) => p.id === id)?.name ?? id}'`;
  keyedList(
    d, 'weekProfiles', pair(left.weekProfiles, right.weekProfiles, (w) => w.id),
    (l, r) => `Week profile '${(r ?? l)!.name}'`,
    (w) => WEEKDAYS.map((day) => `${cap(day).slice(0, 3)} ${w.days[day]}`).join(', '),
    (path, label, l, r) => {
      d.value(`${path}.name`, `${label}${SEP}name`, l.item.name, r.item.name);
      for (const day of WEEKDAYS) {
        const a = l.item.days[day];
        const b = r.item.days[day];
        if (a !== b) {
          d.value(`${path}.days.${day}`, `${label}${SEP}${cap(day)}`, dayName(left, a), dayName(right, b));
        }
      }
    },
  );

  keyedList(
    d, 'seasons', pair(left.seasons, right.seasons, (s) => s.name),
    (l, r) => `Season '${(r ?? l)!.name}'`,
    (s) => `from ${dayMonth(s.start.day, s.start.month)}, week profile ${s.weekProfile}`,
    (path, label, l, r) => {
      d.value(`${path}.start`, `${label}${SEP}start`, dayMonth(l.item.start.day, l.item.start.month), dayMonth(r.item.start.day, r.item.start.month));
      d.value(`${path}.weekProfile`, `${label}${SEP}week profile`, l.item.weekProfile, r.item.weekProfile);
    },
  );

  keyedList(
    d, 'specialDays', pair(left.specialDays, right.specialDays, specialKey, (a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    (l, r) => `Special day '${(r ?? l)!.name}' (${specialWhen((r ?? l)!)})`,
    (s) => `${specialWhen(s)}: day profile ${s.dayProfile}`,
    (path, label, l, r) => {
      d.value(`${path}.name`, `${label}${SEP}name`, l.item.name, r.item.name);
      if (l.item.dayProfile !== r.item.dayProfile) {
        d.value(`${path}.dayProfile`, `${label}${SEP}day profile`, dayName(left, l.item.dayProfile), dayName(right, r.item.dayProfile));
      }
      d.value(`${path}.source`, `${label}${SEP}source`, l.item.source ?? null, r.item.source ?? null);
    },
  );

  const dst = 'DST rule';
  d.value('dst.enabled', `${dst}${SEP}enabled`, yesNo(left.dst.enabled), yesNo(right.dst.enabled));
  d.value('dst.zone', `${dst}${SEP}time zone`, left.dst.zone, right.dst.zone);
  d.value('dst.start', `${dst}${SEP}summer time starts`, moment(left.dst.start), moment(right.dst.start));
  d.value('dst.end', `${dst}${SEP}summer time ends`, moment(left.dst.end), moment(right.dst.end));
  d.value('dst.deviationMinutes', `${dst}${SEP}deviation (minutes)`, String(left.dst.deviationMinutes), String(right.dst.deviationMinutes));
  d.value('dst.repeatedHour', `${dst}${SEP}repeated hour`, left.dst.repeatedHour, right.dst.repeatedHour);

  const md = 'Maximum demand';
  const [lm, rm] = [left.maximumDemand, right.maximumDemand];
  d.value('maximumDemand.integrationPeriodMinutes', `${md}${SEP}integration period (minutes)`, String(lm.integrationPeriodMinutes), String(rm.integrationPeriodMinutes));
  d.value('maximumDemand.method', `${md}${SEP}method`, lm.method, rm.method);
  d.value('maximumDemand.subIntervals', `${md}${SEP}sub-intervals`, String(lm.subIntervals), String(rm.subIntervals));
  d.value('maximumDemand.quantities', `${md}${SEP}quantities`, list(lm.quantities), list(rm.quantities));
  d.value('maximumDemand.perRate', `${md}${SEP}per rate`, yesNo(lm.perRate), yesNo(rm.perRate));
  d.value('maximumDemand.billingDates', `${md}${SEP}billing dates`, list(billingDates(lm)), list(billingDates(rm)));
  d.value('maximumDemand.resetLockoutDays', `${md}${SEP}reset lockout (days)`, String(lm.resetLockoutDays), String(rm.resetLockoutDays));

  const lp = 'Load profile';
  const [ll, rl] = [left.loadProfile, right.loadProfile];
  d.value('loadProfile.capturePeriodMinutes', `${lp}${SEP}capture period (minutes)`, String(ll.capturePeriodMinutes), String(rl.capturePeriodMinutes));
  d.value('loadProfile.channels', `${lp}${SEP}channels`, list(ll.channels), list(rl.channels));
  d.value('loadProfile.depthDays', `${lp}${SEP}depth (days)`, String(ll.depthDays), String(rl.depthDays));

  keyedList(
    d, 'pulseOutputs', pair(left.pulseOutputs, right.pulseOutputs, (p) => String(p.output), (a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b)),
    (l, r) => `Pulse output ${(r ?? l)!.output}`,
    (p) => `${p.quantity}, ${p.pulsesPerUnit} pulses per unit, ${p.widthMs} ms`,
    (path, label, l, r) => {
      d.value(`${path}.quantity`, `${label}${SEP}quantity`, l.item.quantity, r.item.quantity);
      d.value(`${path}.pulsesPerUnit`, `${label}${SEP}pulses per unit`, String(l.item.pulsesPerUnit), String(r.item.pulsesPerUnit));
      d.value(`${path}.widthMs`, `${label}${SEP}pulse width (ms)`, String(l.item.widthMs), String(r.item.widthMs));
    },
  );
  return d.entries;
}
