/**
 * What a register or load-profile channel measures, from its OBIS code and unit: the facts reports need to add,
 * scale and attribute values correctly.
 *
 * Sources: IEC 62056-61 / DLMS Blue Book (OBIS value groups for electricity, A = 1): C = the physical quantity
 * (1 active import +A, 2 active export −A, 3/4 reactive import/export, 5…8 reactive Q1…Q4, 9/10 apparent
 * import/export, 13 power factor, 14 frequency, 21/41/61 active import per phase, 31/51/71 current L1…L3,
 * 32/52/72 voltage L1…L3, 33/53/73 power factor L1…L3, 81 phase angles, 91 neutral current); D = the processing
 * (4 current average, 5 last average = demand of the current / last integration period, 6 maximum demand,
 * 7 instantaneous value, 8 time integral = cumulative energy register, 9 time integral over the current billing
 * period, 29 time integral 5 = energy of one load-profile capture period); reference note billing-and-balances.md
 * "Registers vs load profile" and "Additivity".
 *
 * Additivity (the virtual-meter and aggregate guard): energies and interval energies, in one unit family and over
 * the same intervals, may be summed; demand, instantaneous power, voltage, current, power factor, frequency and
 * anything else may not. Pure: no I/O.
 */

/** What kind of value a register or channel holds. */
export type QuantityKind =
  | 'energy-register' // D = 8, 9: cumulative (or billing-period) energy
  | 'interval-energy' // D = 29: energy of one capture period
  | 'average-demand' // D = 4, 5: average power over one integration period
  | 'maximum-demand' // D = 6 (and 2, 12, 16: maxima)
  | 'instantaneous' // D = 7 on a power quantity
  | 'voltage'
  | 'current'
  | 'power-factor'
  | 'frequency'
  | 'other';

/** Energy family of a power or energy quantity (C = 1…10, 21/41/61), null for the others. */
export type EnergyFamily = 'active' | 'reactive' | 'apparent';

/** What a code measures, with its additivity and unit. */
export interface QuantityInfo {
  /** Short OBIS `C.D.E` (e.g. `1.29.0`), or the code as given when it is not OBIS-shaped. */
  readonly code: string;
  readonly kind: QuantityKind;
  /** True for energies and interval energies: values may be summed across meters and intervals. */
  readonly additive: boolean;
  readonly family: EnergyFamily | null;
  /** Plain words for messages and table headers, e.g. `active energy import, interval (1.29.0)`. */
  readonly label: string;
}

/** A parsed OBIS code: value groups C, D, E (numbers; letters C/F and others as their text), billing period F. */
export interface ObisParts {
  readonly c: string;
  readonly d: string;
  readonly e: string;
  /** Billing period (VZ) from `*NN`, null for `*255` or none. */
  readonly billingPeriod: number | null;
}

/**
 * Parse `A-B:C.D.E*F`, `C.D.E*F`, `C.D.E` (IEC 62056-61 reduced forms as readouts send them).
 * @returns null when the text is not of that shape.
 */
export function parseObis(text: string): ObisParts | null {
  const m = /^(?:\d{1,3}-\d{1,3}:)?([0-9A-Za-z]{1,3})\.([0-9A-Za-z]{1,3})\.([0-9A-Za-z]{1,3})(?:[*&](\d{1,3}|VZ))?$/.exec(text.trim());
  if (!m) return null;
  const f = m[4];
  const period = f === undefined || f === '255' || f === 'VZ' ? null : Number(f);
  return { c: m[1]!.toUpperCase(), d: m[2]!.toUpperCase(), e: m[3]!.toUpperCase(), billingPeriod: period };
}

/** The short code `C.D.E` of an OBIS text (billing period dropped), or the trimmed text when not OBIS-shaped. */
export function shortCode(text: string): string {
  const p = parseObis(text);
  return p ? `${p.c}.${p.d}.${p.e}` : text.trim();
}

const FAMILY: Readonly<Record<string, readonly [EnergyFamily, string]>> = {
  '1': ['active', 'active energy import'], '2': ['active', 'active energy export'],
  '3': ['reactive', 'reactive energy import'], '4': ['reactive', 'reactive energy export'],
  '5': ['reactive', 'reactive energy Q1'], '6': ['reactive', 'reactive energy Q2'],
  '7': ['reactive', 'reactive energy Q3'], '8': ['reactive', 'reactive energy Q4'],
  '9': ['apparent', 'apparent energy import'], '10': ['apparent', 'apparent energy export'],
  '15': ['active', 'active energy absolute'], '16': ['active', 'active energy net'],
  '21': ['active', 'active energy import L1'], '41': ['active', 'active energy import L2'], '61': ['active', 'active energy import L3'],
  '22': ['active', 'active energy export L1'], '42': ['active', 'active energy export L2'], '62': ['active', 'active energy export L3'],
};

const POWER_WORDS: Readonly<Record<string, string>> = {
  'active energy import': 'active power import', 'active energy export': 'active power export',
};

/** What `code` (any OBIS form) with `unit` measures. Unknown codes are `other` and not additive. */
export function describeQuantity(codeText: string, unit: string | null = null): QuantityInfo {
  const p = parseObis(codeText);
  const code = shortCode(codeText);
  const make = (kind: QuantityKind, family: EnergyFamily | null, words: string): QuantityInfo => ({
    code, kind, additive: kind === 'energy-register' || kind === 'interval-energy', family, label: `${words} (${code})`,
  });
  if (p === null) return make('other', null, 'not an OBIS code');
  const { c, d } = p;
  if (['32', '52', '72', '12'].includes(c)) return make('voltage', null, 'voltage');
  if (['31', '51', '71', '91', '11'].includes(c)) return make('current', null, 'current');
  if (['13', '33', '53', '73'].includes(c)) return make('power-factor', null, 'power factor');
  if (c === '14') return make('frequency', null, 'frequency');
  const fam = FAMILY[c];
  if (fam === undefined) return make('other', null, 'quantity');
  const [family, words] = fam;
  const power = POWER_WORDS[words] ?? words.replace('energy', 'power');
  switch (d) {
    case '8': case '9': case '10': return make('energy-register', family, `${words}, register`);
    case '29': return make('interval-energy', family, `${words}, interval`);
    case '4': case '5': case '14': case '15': return make('average-demand', family, `${power}, average demand`);
    case '2': case '6': case '12': case '16': return make('maximum-demand', family, `${power}, maximum demand`);
    case '7': return make('instantaneous', family, `${power}, instantaneous`);
    default: return make('other', family, words);
  }
}

/** Base unit of an energy family and of its power. */
const BASE: Readonly<Record<EnergyFamily, { energy: string; power: string }>> = {
  active: { energy: 'Wh', power: 'W' },
  reactive: { energy: 'varh', power: 'var' },
  apparent: { energy: 'VAh', power: 'VA' },
};

const PREFIX: Readonly<Record<string, number>> = { '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };

/**
 * A unit text as a multiple of its base unit: `kWh` → { base: 'Wh', factor: 1000 }, `MW` → { base: 'W', factor: 1e6 },
 * `kvarh` → varh, `kVA` → VA, `mWh` → 0.001 Wh (prefixes m, k/K, M, G; the base compared without regard to case).
 * @returns null for a unit that is not an energy or power of the three families (V, A, Hz, '' …).
 */
export function unitScale(unit: string | null): { base: string; factor: number } | null {
  if (unit === null) return null;
  const u = unit.trim();
  // Longest bases first, so `varh` is not read as `var` + `h` nor `VAh` as `VA`.
  for (const base of ['varh', 'VAh', 'Wh', 'var', 'VA', 'W']) {
    if (u.length <= base.length - 1 || u.slice(u.length - base.length).toLowerCase() !== base.toLowerCase()) continue;
    const factor = PREFIX[u.slice(0, u.length - base.length)];
    if (factor !== undefined) return { base, factor };
  }
  return null;
}

/** The kilo-unit reports show energies in: `kWh`, `kvarh`, `kVAh` (and kW, kvar, kVA for demand). */
export function reportUnit(family: EnergyFamily, what: 'energy' | 'power'): string {
  return `k${BASE[family][what]}`;
}

/**
 * Factor that turns one value of a channel into kilo-unit ENERGY of one interval of `periodMinutes`:
 * interval energy or register in Wh/kWh/MWh → × prefix / 1000; average demand in W/kW → × prefix / 1000 × h.
 * @returns null when the channel's values are not energies or average demands of its family (e.g. a unit of V on
 *   an energy code, or a maximum demand), with the reason.
 */
export function toIntervalEnergyFactor(info: QuantityInfo, unit: string | null, periodMinutes: number): { factor: number } | { reason: string } {
  if (info.family === null) return { reason: `${info.label} is not an energy` };
  const scale = unitScale(unit);
  const want = info.kind === 'average-demand' ? BASE[info.family].power : BASE[info.family].energy;
  if (info.kind !== 'interval-energy' && info.kind !== 'energy-register' && info.kind !== 'average-demand') {
    return { reason: `${info.label} cannot be turned into energy per interval` };
  }
  if (scale === null || scale.base !== want) return { reason: `${info.label} is recorded in "${unit ?? ''}", not in ${want} or k${want}` };
  const hours = info.kind === 'average-demand' ? periodMinutes / 60 : 1;
  return { factor: (scale.factor / 1000) * hours };
}
