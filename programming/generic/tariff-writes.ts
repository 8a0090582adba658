import {
  type DayProfile, type DstMoment, type DstRule, type PulseOutput, type Season, type SpecialDay, type WeekProfile, WEEKDAYS, minuteOfDay,
  timeOfDay,
} from '../../schemes/model';
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { parseObisAddress } from '../../protocol/iec62056-21/obis';
import { daysInMonth, quantityCode, quantityOfCode, realDate } from '../elster/tariff-bytes';
import type { DecodedPart } from '../tariff-parts';

/**
 * A tariff scheme as IEC 62056-21 programming-mode data sets `address(value)`: written with W5, read back with R5
 * `address()`. IEC 62056-21 defines the commands but not WHAT a mode C meter stores where: real meters use
 * manufacturer-specific programming. So the addresses and value formats below are ASSUMPTIONS of this program,
 * built on the DLMS/COSEM objects that hold the same data (IEC 62056-62: activity calendar class 20 =
 * 0-0:13.0.0, special days table class 11 = 0-0:11.0.0) and on OBIS codes where one exists (1-0:0.8.0 demand
 * integration period, 1-0:0.8.4 load-profile recording interval, 1-0:0.4.2/0.4.5 CT and 0.4.3/0.4.6 VT ratio
 * numerator/denominator); the rest uses the manufacturer-specific range C = 128.
 *
 * | address            | value |
 * |--------------------|-------|
 * | 0-0:128.0.1        | programmer's user ID (1…8 of A–Z a–z 0–9 . _ -) |
 * | 0-0:13.3.n         | day profile n (1-based): `hhmm:r,hhmm:r,…` switch times ascending, r = rate 1…32 |
 * | 0-0:13.3.0         | number of day profiles |
 * | 0-0:13.2.n / .0    | week profile n: 7 day-profile numbers `d,d,d,d,d,d,d` Monday first / number of week profiles |
 * | 0-0:13.1.n / .0    | season n: `MMDD:w` (start, week-profile number) / number of seasons |
 * | 0-0:11.0.n / .0    | special day n: `YYYYMMDD:d` (YYYY 0000 = every year) / number of special days |
 * | 0-0:128.0.2        | DST rule `e;W.D.MM.HH;W.D.MM.HH;dev;r`: e 1 on / 0 off, W week 1…4 or 5 = last, D ISO weekday, dev minutes, r 0 both passes / 1 first pass |
 * | 1-0:0.8.0          | maximum demand integration period, minutes |
 * | 0-0:128.1.0        | maximum demand `method;sub;perRate;lockout;q,q;DD-MM,DD-MM` (method `block`/`sliding`, quantity codes 1…10, MM 00 = every month) |
 * | 1-0:0.8.4          | load-profile capture period, minutes |
 * | 0-0:128.1.1        | load profile `q,q;depth` (channel quantity codes in order, depth days) |
 * | 0-0:128.2.n / .0   | pulse output n: `q;constant;widthMs` / the output numbers in use `n,n` (`0` = none) |
 * | 1-0:0.4.2, 0.4.5   | CT ratio primary, secondary (1, 1 = direct) |
 * | 1-0:0.4.3, 0.4.6   | VT ratio primary, secondary |
 * | 0-0:13.0.0         | scheme ID (the calendar name), written LAST as the commit marker |
 * Quantity codes as the Elster layouts (tariff-bytes.ts quantityCode). A value holds at most
 * GENERIC_MAX_VALUE_CHARS characters (ASSUMPTION) and never `(`, `)`, `*`, `/` or `!`.
 */

/** Largest W5 value this program writes, characters (ASSUMPTION; IEC 62056-21 leaves it to the meter). */
export const GENERIC_MAX_VALUE_CHARS = 128;

/** The data-set addresses (see the module comment). Entry n of a list is `<list>.n`, its count `<list>.0`. */
export const GENERIC_TARIFF_OBIS = {
  userId: '0-0:128.0.1',
  dst: '0-0:128.0.2',
  schemeId: '0-0:13.0.0',
  seasons: '0-0:13.1',
  weekProfiles: '0-0:13.2',
  dayProfiles: '0-0:13.3',
  specialDays: '0-0:11.0',
  mdPeriod: '1-0:0.8.0',
  mdConfig: '0-0:128.1.0',
  lpPeriod: '1-0:0.8.4',
  lpConfig: '0-0:128.1.1',
  pulseOutputs: '0-0:128.2',
  ctPrimary: '1-0:0.4.2',
  ctSecondary: '1-0:0.4.5',
  vtPrimary: '1-0:0.4.3',
  vtSecondary: '1-0:0.4.6',
} as const;

/** A W5 value that is not a valid tariff value (code GARBLED); the generic emulator answers it with its "refused" error. */
export class TariffValueError extends ProtocolError {
  constructor(address: string, problem: string) {
    super('GARBLED', `The value of data set ${address} is not a valid tariff setting: ${problem}.`, `${address}: ${problem}`);
  }
}

const p2 = (n: number) => String(n).padStart(2, '0');
const LISTS = ['seasons', 'weekProfiles', 'dayProfiles', 'specialDays', 'pulseOutputs'] as const;
type ListName = (typeof LISTS)[number];

/** Address of entry `n` (1-based; 0 = the count) of a list. */
export function listAddress(list: ListName, n: number): string {
  return `${GENERIC_TARIFF_OBIS[list]}.${n}`;
}

/** `hhmm:r,…` of a day profile. @throws RangeError (plain) for times out of order or a value too long. */
export function encodeDayProfileValue(p: DayProfile): string {
  let last = -1;
  const v = p.switches
    .map((s) => {
      const m = minuteOfDay(s.time);
      if (m <= last) throw new RangeError(`Day profile '${p.name}': switch times must be in ascending order without repeats (${s.time} comes after ${timeOfDay(last)})`);
      last = m;
      return `${s.time.replace(':', '')}:${s.rate}`;
    })
    .join(',');
  return checkLength(v, `Day profile '${p.name}'`);
}

function checkLength(value: string, what: string): string {
  if (value.length > GENERIC_MAX_VALUE_CHARS) throw new RangeError(`${what} needs ${value.length} characters; a W5 value holds at most ${GENERIC_MAX_VALUE_CHARS}`);
  return value;
}

/** `W.D.MM.HH` of a DST moment. */
const momentValue = (m: DstMoment) => `${m.week === 'last' ? 5 : m.week}.${WEEKDAYS.indexOf(m.weekday) + 1}.${p2(m.month)}.${p2(m.hour)}`;

/** The DST rule value. */
export function encodeDstValue(r: DstRule): string {
  return `${r.enabled ? 1 : 0};${momentValue(r.start)};${momentValue(r.end)};${r.deviationMinutes};${r.repeatedHour === 'first-pass' ? 1 : 0}`;
}

/** Week profile value `d,…` (day profiles by position in `dayIds`). @throws RangeError for an unknown day profile. */
export function encodeWeekValue(w: WeekProfile, dayIds: readonly string[]): string {
  return WEEKDAYS.map((d) => {
    const i = dayIds.indexOf(w.days[d]);
    if (i < 0) throw new RangeError(`Week profile '${w.name}' ${d} refers to "${w.days[d]}", which is not in the scheme`);
    return i + 1;
  }).join(',');
}

/** Season value `MMDD:w`. @throws RangeError for an unknown week profile. */
export function encodeSeasonValue(s: Season, weekIds: readonly string[]): string {
  const i = weekIds.indexOf(s.weekProfile);
  if (i < 0) throw new RangeError(`Season '${s.name}' refers to "${s.weekProfile}", which is not in the scheme`);
  return `${p2(s.start.month)}${p2(s.start.day)}:${i + 1}`;
}

/** Special day value `YYYYMMDD:d` (0000 = every year). @throws RangeError for an unknown day profile. */
export function encodeSpecialDayValue(d: SpecialDay, dayIds: readonly string[]): string {
  const i = dayIds.indexOf(d.dayProfile);
  if (i < 0) throw new RangeError(`Special day '${d.name}' refers to "${d.dayProfile}", which is not in the scheme`);
  return `${d.kind === 'fixed' ? d.date.replace(/-/g, '') : `0000${p2(d.month)}${p2(d.day)}`}:${i + 1}`;
}

/** Pulse output value `q;constant;width`. */
export function encodePulseValue(o: PulseOutput): string {
  return `${quantityCode(o.quantity)};${o.pulsesPerUnit};${o.widthMs}`;
}

/** Text of a ratio side as written (`200`, `0.5`). */
export function ratioSides(ratio: string | null): [string, string] {
  const [p, s] = (ratio ?? '1/1').split('/') as [string, string];
  return [String(Number(p)), String(Number(s))];
}

// ---- decoding (read back, and the generic emulator's validation) ------------------------------------------

function fail(address: string, problem: string): never {
  throw new TariffValueError(address, problem);
}
function int(address: string, text: string, what: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(text)) fail(address, `${what} "${text}" is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) fail(address, `${what} ${n} is not ${min}…${max}`);
  return n;
}
function positive(address: string, text: string, what: string): number {
  if (!/^\d{1,6}(\.\d{1,3})?$/.test(text) || !(Number(text) > 0)) fail(address, `${what} "${text}" is not a number above 0 with at most 3 decimals`);
  return Number(text);
}
function quantity(address: string, text: string) {
  return quantityOfCode(int(address, text, 'quantity code', 1, 10))!;
}
const codes = (address: string, text: string) => (text === '' ? [] : text.split(',').map((q) => quantity(address, q)));

function moment(address: string, text: string, which: string): DstMoment {
  const m = /^([1-5])\.([1-7])\.(\d{2})\.(\d{2})$/.exec(text) ?? fail(address, `DST ${which} "${text}" is not W.D.MM.HH`);
  const w = Number(m[1]);
  return { week: w === 5 ? 'last' : (w as 1 | 2 | 3 | 4), weekday: WEEKDAYS[Number(m[2]) - 1]!, month: int(address, m[3]!, `DST ${which} month`, 1, 12), hour: int(address, m[4]!, `DST ${which} hour`, 0, 23) };
}

function decodeEntry(list: ListName, n: number, address: string, value: string): DecodedPart {
  const first = n - 1;
  switch (list) {
    case 'dayProfiles': {
      if (value === '') fail(address, 'a day profile needs at least one switch time');
      let last = -1;
      const switches = value.split(',').map((s, j) => {
        const m = /^(\d{2})(\d{2}):(\d{1,2})$/.exec(s) ?? fail(address, `switch ${j + 1} "${s}" is not hhmm:rate`);
        const minute = int(address, m[1]!, 'hour', 0, 23) * 60 + int(address, m[2]!, 'minute', 0, 59);
        if (minute <= last) fail(address, `switch ${j + 1} (${timeOfDay(minute)}) is not after the switch before it`);
        last = minute;
        return { time: timeOfDay(minute), rate: int(address, m[3]!, 'rate', 1, 32) };
      });
      return { kind: 'day-profiles', first, profiles: [{ id: `day${n}`, name: `Day profile ${n}`, switches }] };
    }
    case 'weekProfiles': {
      const d = value.split(',');
      if (d.length !== 7) fail(address, `${d.length} day profiles given, a week has 7`);
      const days = Object.fromEntries(WEEKDAYS.map((wd, i) => [wd, `day${int(address, d[i]!, `${wd} day profile`, 1, 255)}`])) as WeekProfile['days'];
      return { kind: 'week-profiles', first, weeks: [{ id: `week${n}`, name: `Week profile ${n}`, days }] };
    }
    case 'seasons': {
      const m = /^(\d{2})(\d{2}):(\d{1,3})$/.exec(value) ?? fail(address, `"${value}" is not MMDD:week`);
      const month = int(address, m[1]!, 'month', 1, 12);
      const day = int(address, m[2]!, 'day', 1, daysInMonth(month));
      return { kind: 'seasons', first, seasons: [{ name: `Season ${n}`, start: { month, day }, weekProfile: `week${int(address, m[3]!, 'week profile', 1, 255)}` }] };
    }
    case 'specialDays': {
      const m = /^(\d{4})(\d{2})(\d{2}):(\d{1,3})$/.exec(value) ?? fail(address, `"${value}" is not YYYYMMDD:day profile`);
      const [y, mo, d] = [Number(m[1]), int(address, m[2]!, 'month', 1, 12), Number(m[3])];
      const dayProfile = `day${int(address, m[4]!, 'day profile', 1, 255)}`;
      const name = `Special day ${n}`;
      if (y === 0) {
        int(address, m[3]!, 'day', 1, daysInMonth(mo));
        return { kind: 'special-days', first, days: [{ kind: 'recurring', month: mo, day: d, name, dayProfile }] };
      }
      if (!realDate(y, mo, d)) fail(address, `${m[1]}-${m[2]}-${m[3]} is not a date`);
      return { kind: 'special-days', first, days: [{ kind: 'fixed', date: `${m[1]}-${m[2]}-${m[3]}`, name, dayProfile }] };
    }
    case 'pulseOutputs': {
      const f = value.split(';');
      if (f.length !== 3) fail(address, `"${value}" is not quantity;constant;width`);
      return { kind: 'pulse-outputs', outputs: [{ output: int(address, String(n), 'output', 1, 8), quantity: quantity(address, f[0]!), pulsesPerUnit: positive(address, f[1]!, 'pulse constant'), widthMs: int(address, f[2]!, 'pulse width', 1, 1000) }] };
    }
  }
}

/**
 * Decode the value of a generic tariff data set (as written, or as read back with R5) into scheme terms.
 * @param zone the IANA zone given to a decoded DST rule. @returns null when `address` is not a tariff data set.
 * @throws TariffValueError (GARBLED, plain) for a value that is not valid for its address.
 */
export function decodeGenericTariffValue(address: string, value: string, zone: string): DecodedPart | null {
  const O = GENERIC_TARIFF_OBIS;
  const a = parseObisAddress(address).obis;
  if (/[()*/!]/.test(value)) fail(a, 'it contains a bracket, "*", "/" or "!"');
  for (const list of LISTS) {
    const m = new RegExp(`^${O[list].replace(/[.]/g, '\\.')}\\.(\\d{1,3})$`).exec(a);
    if (!m) continue;
    const n = Number(m[1]);
    if (n > 255) return null;
    if (n > 0) return decodeEntry(list, n, a, value);
    const of = ({ seasons: 'seasons', weekProfiles: 'week-profiles', dayProfiles: 'day-profiles', specialDays: 'special-days', pulseOutputs: 'pulse-outputs' } as const)[list];
    if (list === 'pulseOutputs') {
      const outs = value === '0' ? [] : value.split(',').map((x) => int(a, x, 'output', 1, 8));
      return { kind: 'value', path: 'pulseOutputs.length', label: 'Pulse outputs in use', value: outs.join(', ') || 'none' };
    }
    return { kind: 'count', of, count: int(a, value, 'count', list === 'specialDays' ? 0 : 1, 255) };
  }
  switch (a) {
    case O.userId:
      if (!/^[A-Za-z0-9._-]{1,8}$/.test(value)) fail(a, 'a user ID is 1 to 8 letters, digits, ".", "_" or "-"');
      return { kind: 'value', path: 'operator', label: "Programmer's user ID", value };
    case O.schemeId:
      if (!/^[A-Za-z0-9_-]{1,8}$/.test(value)) fail(a, 'a scheme ID is 1 to 8 letters, digits, "-" or "_"');
      return { kind: 'value', path: 'id', label: 'Scheme ID', value };
    case O.dst: {
      const f = value.split(';');
      if (f.length !== 5) fail(a, `"${value}" is not enabled;start;end;deviation;repeated`);
      const dev = int(a, f[3]!, 'deviation', 30, 120);
      if (![30, 60, 120].includes(dev)) fail(a, `deviation ${dev} min is not 30, 60 or 120`);
      const rule: DstRule = {
        enabled: int(a, f[0]!, 'enabled flag', 0, 1) === 1, zone, start: moment(a, f[1]!, 'start'), end: moment(a, f[2]!, 'end'),
        deviationMinutes: dev as DstRule['deviationMinutes'], repeatedHour: int(a, f[4]!, 'repeated-hour rule', 0, 1) === 1 ? 'first-pass' : 'both-passes',
      };
      return { kind: 'dst', rule };
    }
    case O.mdPeriod: {
      const p = int(a, value, 'integration period', 5, 60);
      if (![5, 10, 15, 30, 60].includes(p)) fail(a, `integration period ${p} min is not 5, 10, 15, 30 or 60`);
      return { kind: 'maximum-demand', md: { integrationPeriodMinutes: p as 5 | 10 | 15 | 30 | 60 } };
    }
    case O.mdConfig: {
      const f = value.split(';');
      if (f.length !== 6 || (f[0] !== 'block' && f[0] !== 'sliding')) fail(a, `"${value}" is not method;sub-intervals;per-rate;lockout;quantities;billing dates`);
      const billingDates = f[5] === '' ? [] : f[5]!.split(',').map((b) => {
        const m = /^(\d{2})-(\d{2})$/.exec(b) ?? fail(a, `billing date "${b}" is not DD-MM`);
        const day = int(a, m[1]!, 'billing day', 1, 28);
        const month = int(a, m[2]!, 'billing month', 0, 12);
        return month === 0 ? { day } : { day, month };
      });
      return {
        kind: 'maximum-demand',
        md: { method: f[0] as 'block' | 'sliding', subIntervals: int(a, f[1]!, 'sub-intervals', 1, 15), perRate: int(a, f[2]!, 'per-rate flag', 0, 1) === 1, resetLockoutDays: int(a, f[3]!, 'lockout', 0, 31), quantities: codes(a, f[4]!), billingDates },
      };
    }
    case O.lpPeriod:
      return { kind: 'load-profile', lp: { capturePeriodMinutes: int(a, value, 'capture period', 1, 60) } };
    case O.lpConfig: {
      const f = value.split(';');
      if (f.length !== 2 || f[0] === '') fail(a, `"${value}" is not channels;depth`);
      return { kind: 'load-profile', lp: { channels: codes(a, f[0]!), depthDays: int(a, f[1]!, 'depth', 0, 1000) } };
    }
    case O.ctPrimary: return { kind: 'value', path: 'meter.ctRatio.primary', label: 'CT ratio primary', value: String(positive(a, value, 'CT primary')) };
    case O.ctSecondary: return { kind: 'value', path: 'meter.ctRatio.secondary', label: 'CT ratio secondary', value: String(positive(a, value, 'CT secondary')) };
    case O.vtPrimary: return { kind: 'value', path: 'meter.vtRatio.primary', label: 'VT ratio primary', value: String(positive(a, value, 'VT primary')) };
    case O.vtSecondary: return { kind: 'value', path: 'meter.vtRatio.secondary', label: 'VT ratio secondary', value: String(positive(a, value, 'VT secondary')) };
    default: return null;
  }
}
