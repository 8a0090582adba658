import {
  type DayProfile, type Quantity, type Season, type SpecialDay, type SwitchTime, type WeekProfile, WEEKDAYS, minuteOfDay, timeOfDay,
} from '../../schemes/model';
import { type TouSource, UNUSED_TOU } from '../tariff-parts';
import { ElsterDataError } from '../../protocol/meters/elster/errors';
import { ELSTER_TARIFF_IDS } from './ids';
import { ByteCursor, ByteWriter, badImage, countByte, daysInMonth, quantityCode, quantityOfCode, realDate } from './tariff-bytes';
import { configImageLength } from './tariff-codec-config';

export * from './tariff-codec-config';
export { type TouSource, UNUSED_TOU } from '../tariff-parts';

/**
 * The Elster A1140/A1700 tariff-scheme images: each scheme part ↔ the bytes of its W1/R1 data ID
 * (ELSTER_TARIFF_IDS in profile.ts). NO PUBLIC SOURCE GIVES THESE LAYOUTS: they are compact binary layouts of
 * our own (ASSUMPTION), each listed in ELSTER_ASSUMPTIONS and in docs/programming.md, so a real capture can correct
 * them here in one place. Numbers are single bytes unless said; "LE" = little-endian; counts come first so the
 * meter (and tariffImageLength) knows an image's length from its first bytes.
 *
 * | ID  | part             | layout |
 * |-----|------------------|--------|
 * | 901 | day profiles     | N, then per profile: S (1…255), S × (hour 0…23, minute 0…59, rate 1…32), times strictly ascending |
 * | 902 | week profiles    | N, then per week profile 7 day-profile numbers (1-based), Monday … Sunday |
 * | 903 | seasons          | N, then per season: month 1…12, day 1…31, week-profile number (1-based) |
 * | 904 | special days     | N, then per day: year − 2000 (0…254; 0xFF = every year), month, day, day-profile number (1-based) |
 * | 667 | TOU sources      | per TOU register, in register order: quantity code (0 unused, 1…10), rate (1…32; 0 = every rate; 0 when unused) |
 * | 905 | DST rule         | tariff-codec-config.ts |
 * | 906 | maximum demand   | tariff-codec-config.ts |
 * | 907 | load profile     | tariff-codec-config.ts |
 * | 908 | pulse outputs    | tariff-codec-config.ts |
 * | 616 / 617 | CT / VT ratio | tariff-codec-config.ts |
 * | 681 | user ID          | tariff-codec-config.ts |
 *
 * What the meter does not store: the ids and names of day profiles, week profiles, seasons and special days (the
 * meter numbers them), a special day's source, the DST rule's zone. Decoders give them canonical ids
 * (`day1`, `week1`, {@link dayProfileId}) and names (`Day profile 1`), so decode(encode(part)) equals the part up to
 * those. Encoders take scheme parts and throw RangeError (plain language) for what does not fit the layout;
 * decoders take meter (or client) bytes and throw ElsterDataError (code GARBLED, meter answer ERR1).
 */

/** Canonical id of the day profile numbered `n` (1-based) in a decoded image. */
export const dayProfileId = (n: number): string => `day${n}`;
/** Canonical id of the week profile numbered `n` (1-based) in a decoded image. */
export const weekProfileId = (n: number): string => `week${n}`;

function indexOf(ids: readonly string[], id: string, what: string): number {
  const i = ids.indexOf(id);
  if (i < 0) throw new RangeError(`${what} refers to "${id}", which is not in the scheme`);
  return i + 1;
}

// ---- 901 day profiles -------------------------------------------------------------------------------------

/**
 * Day profiles → 901 bytes, in the given order (profile n = the nth). Switch times must be strictly ascending.
 * @throws RangeError for more than 255 profiles or switches, times out of order, or a rate outside 1…32.
 */
export function encodeDayProfiles(profiles: readonly DayProfile[]): Uint8Array {
  const w = new ByteWriter().push(countByte(profiles.length, 'Day profiles'));
  for (const p of profiles) {
    w.push(countByte(p.switches.length, `Day profile '${p.name}'`));
    let last = -1;
    for (const s of p.switches) {
      const m = minuteOfDay(s.time);
      if (m <= last) throw new RangeError(`Day profile '${p.name}': switch times must be in ascending order without repeats (${s.time} comes after ${timeOfDay(last)})`);
      if (!Number.isInteger(s.rate) || s.rate < 1 || s.rate > 32) throw new RangeError(`Day profile '${p.name}': rate ${s.rate} is not 1…32`);
      last = m;
      w.push(Math.floor(m / 60), m % 60, s.rate);
    }
  }
  return w.bytes();
}

/** 901 bytes → day profiles `day1`, `day2`… named `Day profile n`. @throws ElsterDataError for a bad image. */
export function decodeDayProfiles(bytes: Uint8Array): DayProfile[] {
  const c = new ByteCursor(bytes, `day profiles (${ELSTER_TARIFF_IDS.dayProfiles.id})`);
  const n = c.within('the number of day profiles', 1, 255);
  const out: DayProfile[] = [];
  for (let i = 1; i <= n; i++) {
    const count = c.within(`the switch count of day profile ${i}`, 1, 255);
    const switches: SwitchTime[] = [];
    let last = -1;
    for (let k = 1; k <= count; k++) {
      const hour = c.within(`day profile ${i} switch ${k} hour`, 0, 23);
      const minute = c.within(`day profile ${i} switch ${k} minute`, 0, 59);
      const rate = c.within(`day profile ${i} switch ${k} rate`, 1, 32);
      const m = hour * 60 + minute;
      if (m <= last) throw badImage(c.what, `day profile ${i} switch ${k} (${timeOfDay(m)}) is not after the switch before it`);
      last = m;
      switches.push({ time: timeOfDay(m), rate });
    }
    out.push({ id: dayProfileId(i), name: `Day profile ${i}`, switches });
  }
  c.end();
  return out;
}

// ---- 902 week profiles ------------------------------------------------------------------------------------

/**
 * Week profiles → 902 bytes; each day refers to a day profile by its position in `dayIds` (the order of 901).
 * @throws RangeError for an unknown day profile id or more than 255 week profiles.
 */
export function encodeWeekProfiles(weeks: readonly WeekProfile[], dayIds: readonly string[]): Uint8Array {
  const w = new ByteWriter().push(countByte(weeks.length, 'Week profiles'));
  for (const wk of weeks) for (const d of WEEKDAYS) w.push(indexOf(dayIds, wk.days[d], `Week profile '${wk.name}' ${d}`));
  return w.bytes();
}

/** 902 bytes → week profiles `week1`… whose days name `day<n>`. @throws ElsterDataError for a bad image. */
export function decodeWeekProfiles(bytes: Uint8Array): WeekProfile[] {
  const c = new ByteCursor(bytes, `week profiles (${ELSTER_TARIFF_IDS.weekProfiles.id})`);
  const n = c.within('the number of week profiles', 1, 255);
  const out: WeekProfile[] = [];
  for (let i = 1; i <= n; i++) {
    const days = Object.fromEntries(WEEKDAYS.map((d) => [d, dayProfileId(c.within(`week profile ${i} ${d}`, 1, 255))])) as WeekProfile['days'];
    out.push({ id: weekProfileId(i), name: `Week profile ${i}`, days });
  }
  c.end();
  return out;
}

// ---- 903 seasons ------------------------------------------------------------------------------------------

/** Seasons → 903 bytes (week profiles by position in `weekIds`). @throws RangeError (unknown week profile, > 255). */
export function encodeSeasons(seasons: readonly Season[], weekIds: readonly string[]): Uint8Array {
  const w = new ByteWriter().push(countByte(seasons.length, 'Seasons'));
  for (const s of seasons) {
    if (s.start.day > daysInMonth(s.start.month)) throw new RangeError(`Season '${s.name}': ${s.start.day}/${s.start.month} is not a date`);
    w.push(s.start.month, s.start.day, indexOf(weekIds, s.weekProfile, `Season '${s.name}'`));
  }
  return w.bytes();
}

/** 903 bytes → seasons named `Season n`. @throws ElsterDataError for a bad image (e.g. 31 April). */
export function decodeSeasons(bytes: Uint8Array): Season[] {
  const c = new ByteCursor(bytes, `seasons (${ELSTER_TARIFF_IDS.seasons.id})`);
  const n = c.within('the number of seasons', 1, 255);
  const out: Season[] = [];
  for (let i = 1; i <= n; i++) {
    const month = c.within(`season ${i} month`, 1, 12);
    const day = c.within(`season ${i} day`, 1, daysInMonth(month));
    out.push({ name: `Season ${i}`, start: { month, day }, weekProfile: weekProfileId(c.within(`season ${i} week profile`, 1, 255)) });
  }
  c.end();
  return out;
}

// ---- 904 special days -------------------------------------------------------------------------------------

/** Year byte of a recurring special day (every year). */
export const EVERY_YEAR = 0xff;

/**
 * Special days → 904 bytes (day profiles by position in `dayIds`); an empty list is written as a count of 0.
 * @throws RangeError for a fixed date outside 2000…2254, an unknown day profile, or more than 255 days.
 */
export function encodeSpecialDays(days: readonly SpecialDay[], dayIds: readonly string[]): Uint8Array {
  const w = new ByteWriter().push(countByte(days.length, 'Special days'));
  for (const d of days) {
    const profile = indexOf(dayIds, d.dayProfile, `Special day '${d.name}'`);
    if (d.kind === 'recurring') {
      if (d.day > daysInMonth(d.month)) throw new RangeError(`Special day '${d.name}': ${d.day}/${d.month} is not a date`);
      w.push(EVERY_YEAR, d.month, d.day, profile);
    } else {
      const [y, m, day] = d.date.split('-').map(Number) as [number, number, number];
      if (y < 2000 || y > 2254 || !realDate(y, m, day)) throw new RangeError(`Special day '${d.name}': ${d.date} is not a date from 2000 to 2254 the meter can hold`);
      w.push(y - 2000, m, day, profile);
    }
  }
  return w.bytes();
}

/** 904 bytes → special days named `Special day n`. @throws ElsterDataError for a bad image (e.g. 30 February). */
export function decodeSpecialDays(bytes: Uint8Array): SpecialDay[] {
  const c = new ByteCursor(bytes, `special days (${ELSTER_TARIFF_IDS.specialDays.id})`);
  const n = c.u8();
  const out: SpecialDay[] = [];
  for (let i = 1; i <= n; i++) {
    const year = c.u8();
    const month = c.within(`special day ${i} month`, 1, 12);
    const day = c.within(`special day ${i} day`, 1, daysInMonth(month));
    const dayProfile = dayProfileId(c.within(`special day ${i} day profile`, 1, 255));
    const name = `Special day ${i}`;
    if (year === EVERY_YEAR) {
      out.push({ kind: 'recurring', month, day, name, dayProfile });
    } else {
      if (!realDate(2000 + year, month, day)) throw badImage(c.what, `special day ${i} (${day}/${month}/${2000 + year}) is not a date`);
      const p2 = (x: number) => String(x).padStart(2, '0');
      out.push({ kind: 'fixed', date: `${2000 + year}-${p2(month)}-${p2(day)}`, name, dayProfile });
    }
  }
  c.end();
  return out;
}

// ---- 667 TOU register sources (public layout) ----------------------------------------------------------------

/**
 * Source codes of 667 (public:abba1140/TariffSources.java:12-23, public:abba1140/EnergyTypeCode.java:19-29): one byte per
 * TOU register, 0 active import, 1 active export, 2…5 reactive Q1…Q4, 6 apparent import, 7 apparent export; 14/15
 * customer-defined (0 means active import, not "unused").
 */
export const TOU_SOURCE_CODES: Readonly<Partial<Record<Quantity, number>>> = {
  'active-import': 0, 'active-export': 1, 'reactive-q1': 2, 'reactive-q2': 3, 'reactive-q3': 4, 'reactive-q4': 5, 'apparent-import': 6, 'apparent-export': 7,
};

/**
 * TOU sources → 667 bytes, one source code per register. Register i is the rate register of rate i + 1 (the rate
 * numbers of 901 name registers); an unused register gets code 0 (active import: 667 has no "unused"), so it counts
 * nothing as long as the calendar never switches to its rate.
 * @throws RangeError (plain) for a register whose rate is not i + 1 or whose quantity has no 667 code.
 */
export function encodeTouSources(sources: readonly TouSource[]): Uint8Array {
  return Uint8Array.from(sources.map((s, i) => {
    if (s.quantity === null) return 0;
    if (s.rate !== i + 1) throw new RangeError(`TOU register ${i + 1} counts rate ${s.rate ?? 'every rate'}; on an Elster meter register ${i + 1} is rate ${i + 1}`);
    const code = TOU_SOURCE_CODES[s.quantity];
    if (code === undefined) throw new RangeError(`TOU register ${i + 1}: an Elster meter cannot count ${s.quantity} in a TOU register (sources: active, Q1…Q4, apparent)`);
    return code;
  }));
}

/**
 * 667 bytes → one source per register (rate = register number). Customer-defined codes (14, 15) give a null quantity.
 * @param registers the meter's TOU register count: another length is refused.
 * @throws ElsterDataError for a wrong length or an unknown code.
 */
export function decodeTouSources(bytes: Uint8Array, registers?: number): TouSource[] {
  const what = `TOU register sources (${ELSTER_TARIFF_IDS.touSources.id})`;
  if (bytes.length === 0) throw badImage(what, 'no bytes');
  if (registers !== undefined && bytes.length !== registers) throw new ElsterDataError(what, `${bytes.length} registers given, the meter has ${registers}`, 'ERR3');
  return [...bytes].map((code, i) => {
    const q = (Object.entries(TOU_SOURCE_CODES) as [Quantity, number][]).find(([, c]) => c === code)?.[0];
    if (q === undefined && code !== 14 && code !== 15) throw badImage(what, `register ${i + 1} source code ${code} is not 0…7, 14 or 15`);
    return q === undefined ? UNUSED_TOU : { quantity: q, rate: i + 1 };
  });
}

// ---- image lengths ----------------------------------------------------------------------------------------

/**
 * The total length of a tariff image from its first bytes, so a meter (the emulator) knows when a value written in
 * several W1 packets is complete: the byte count, or null when `prefix` is too short to tell.
 * @throws ElsterDataError for a data ID that is not one of this program's images (ids.ts TARIFF_IMAGE_IDS).
 */
export function tariffImageLength(dataId: string, prefix: Uint8Array): number | null {
  const n = prefix[0];
  const per: Record<string, number> = { '902': 7, '903': 3, '904': 4 };
  if (dataId in per) return n === undefined ? null : 1 + n * per[dataId]!;
  if (dataId === ELSTER_TARIFF_IDS.dayProfiles.id) {
    if (n === undefined) return null;
    let o = 1;
    for (let i = 0; i < n; i++) {
      const s = prefix[o];
      if (s === undefined) return null;
      o += 1 + 3 * s;
    }
    return o;
  }
  return configImageLength(dataId, prefix);
}
