/**
 * OBIS data-set addresses as they appear in IEC 62056-21 readouts, and plain-English names for common codes.
 * Sources: IEC 62056-61 (OBIS: groups A-B:C.D.E*F, letters C/F/L/P for the abstract groups 96/97/98/99,
 * F = billing period), IEC 62056-21:2002 clause 6.5 (data set address), reference note
 * "OBIS conventions seen in readouts" (../shared/reference/iec62056-21.md).
 */

/** An address split into the parts the reading model needs (the `obis`, `code`, `billingPeriod` of `Register`). */
export interface ObisAddress {
  /**
   * Normalised OBIS code: the groups as sent, rebuilt as `[A-B:]C.D[.E][*F]` with leading zeros removed from
   * the numeric groups A–E (`01.08.00` → `1.8.0`) and the F suffix kept as sent (`*03`, `*255`, `&02`).
   * Missing groups stay missing (`1.8.0` → `1.8.0`, `F.F` → `F.F`). The trimmed address when not OBIS-shaped.
   */
  readonly obis: string;
  /**
   * Short form `C.D.E` for lookups and display (E = 0 when the meter sent only `C.D`, so `F.F` and
   * `0-0:F.F.0*255` both give `F.F.0`). The trimmed address when not OBIS-shaped.
   */
  readonly code: string;
  /** Billing period number 1…99 from the `*NN` (or `&NN`) suffix; null for `*255`, no suffix, or other values. */
  readonly billingPeriod: number | null;
}

/** Whether the group {@link groupAt} last read had to be normalised (a leading zero: `08` → `8`). */
let groupChanged = false;

/**
 * End index of one OBIS value group at `s[i…]` — 1–3 digits with a value 0…255, or one of the letters C, F, L,
 * P (IEC 62056-61: 96, 97, 98, 99) — or -1. Positions only, no string: the common, already normal address
 * needs none (bench/readout-parse.ts: this runs once per data set of every readout).
 */
function groupAt(s: string, i: number, end: number): number {
  const c = s.charCodeAt(i);
  groupChanged = false;
  if (c === 0x43 || c === 0x46 || c === 0x4c || c === 0x50) return i + 1;
  let n = 0;
  let k = i;
  while (k < end && k - i < 4) {
    const d = s.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    k++;
  }
  if (k === i || k - i > 3 || n > 255) return -1;
  groupChanged = k - i > 1 && c === 0x30;
  return k;
}

/** The normalised text of the group `s[a, b)`: digits without leading zeros, or the letter. */
function norm(s: string, a: number, b: number): string {
  const g = s.slice(a, b);
  return b - a > 1 && s.charCodeAt(a) === 0x30 ? String(Number(g)) : g;
}

/**
 * The result of the last {@link readObisAddress}: module state rather than an object, so the readout parser
 * allocates nothing but the two strings per data set (bench/readout-parse.ts). Read right after the call.
 */
export const lastAddress = { obis: '', code: '', billingPeriod: null as number | null };

/** An address that is not OBIS-shaped: kept as sent (trimmed). */
function notObis(s: string): void {
  lastAddress.obis = s;
  lastAddress.code = s;
  lastAddress.billingPeriod = null;
}

/**
 * Parse a data-set address into `{ obis, code, billingPeriod }`. Form `[A-B:]C.D[.E][*F|&F]`: `*` marks a
 * billing period reset automatically, `&` one reset manually (VDEW/DIN 43863-3 usage, seen on German meters);
 * both carry the billing period number. Numeric groups lose leading zeros (`01.08.00` → `1.8.0`).
 * Accepts `1-0:1.8.0*255`, `1-0:1.8.0`, `1.8.0`, `1.8.0*03`, `1.8.0&03`, `C.1.0`, `F.F`, `0-0:F.F.0*255`, `P.01`,
 * `32.7` (→ code `32.7.0`), and a maker's letter suffix `96.50.0*n` (→ code `96.50.0`, no billing period).
 * Anything else (empty address of an R1 answer, manufacturer-specific text) is returned as `obis = code =`
 * the trimmed address with `billingPeriod` null. Never throws.
 */
export function parseObisAddress(address: string): ObisAddress {
  readObisAddress(address);
  return { obis: lastAddress.obis, code: lastAddress.code, billingPeriod: lastAddress.billingPeriod };
}

/** {@link parseObisAddress} into {@link lastAddress} (no object allocated). Never throws. */
export function readObisAddress(address: string): void {
  const s = address.charCodeAt(0) <= 0x20 || address.charCodeAt(address.length - 1) <= 0x20 ? address.trim() : address;
  const end = s.length;
  let aEnd = -1;
  let bStart = -1;
  let bEnd = -1;
  let cStart = 0;
  let cEnd = groupAt(s, 0, end);
  if (cEnd < 0) return notObis(s);
  let changed = groupChanged;
  if (s.charCodeAt(cEnd) === 0x2d /* - */) {
    // A-B: prefix (numeric groups only).
    aEnd = cEnd;
    bStart = aEnd + 1;
    bEnd = groupAt(s, bStart, end);
    if (bEnd < 0 || s.charCodeAt(bEnd) !== 0x3a /* : */ || !isDigit(s, 0) || !isDigit(s, bStart)) return notObis(s);
    changed ||= groupChanged;
    cStart = bEnd + 1;
    cEnd = groupAt(s, cStart, end);
    if (cEnd < 0) return notObis(s);
    changed ||= groupChanged;
  }
  if (s.charCodeAt(cEnd) !== 0x2e /* . */) return notObis(s);
  const dEnd = groupAt(s, cEnd + 1, end);
  if (dEnd < 0) return notObis(s);
  changed ||= groupChanged;
  let eEnd = -1;
  if (s.charCodeAt(dEnd) === 0x2e) {
    eEnd = groupAt(s, dEnd + 1, end);
    if (eEnd < 0) return notObis(s);
    changed ||= groupChanged;
  }
  const i = eEnd < 0 ? dEnd : eEnd;
  let billingPeriod: number | null = null;
  if (i < end) {
    const sep = s.charCodeAt(i);
    if ((sep !== 0x2a /* * */ && sep !== 0x26) /* & */ || i + 1 === end || end - i - 1 > 3) return notObis(s);
    let n = 0;
    for (let k = i + 1; k < end && n >= 0; k++) {
      const d = s.charCodeAt(k) - 0x30;
      n = d >= 0 && d <= 9 ? n * 10 + d : -1;
    }
    if (n < 0) {
      if (!isAlnum(s.slice(i + 1))) return notObis(s);
    } else if (n > 255) return notObis(s);
    else if (n >= 1 && n <= 99) billingPeriod = n;
  }
  lastAddress.billingPeriod = billingPeriod;
  if (!changed) {
    // The common case: the address is already normal; slices instead of rebuilt strings.
    lastAddress.obis = s;
    lastAddress.code = eEnd >= 0 ? s.slice(cStart, eEnd) : `${s.slice(cStart, dEnd)}.0`;
    return;
  }
  const cd = `${norm(s, cStart, cEnd)}.${norm(s, cEnd + 1, dEnd)}`;
  const e = eEnd >= 0 ? norm(s, dEnd + 1, eEnd) : null;
  const ab = aEnd >= 0 ? `${norm(s, 0, aEnd)}-${norm(s, bStart, bEnd)}:` : '';
  lastAddress.obis = `${ab}${cd}${e !== null ? `.${e}` : ''}${s.slice(i)}`;
  lastAddress.code = `${cd}.${e ?? '0'}`;
}

function isDigit(s: string, i: number): boolean {
  const d = s.charCodeAt(i) - 0x30;
  return d >= 0 && d <= 9;
}

function isAlnum(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k) | 0x20;
    if (!isDigit(s, k) && (c < 0x61 || c > 0x7a)) return false;
  }
  return s.length <= 3;
}

/** Names of the measured quantity of group C (IEC 62056-61 table for electricity, A = 1). */
const ENERGY_QUANTITY: Readonly<Record<string, string>> = {
  '1': 'active energy import (+A)',
  '2': 'active energy export (−A)',
  '3': 'reactive energy import (+R)',
  '4': 'reactive energy export (−R)',
  '5': 'reactive energy quadrant I (QI)',
  '6': 'reactive energy quadrant II (QII)',
  '7': 'reactive energy quadrant III (QIII)',
  '8': 'reactive energy quadrant IV (QIV)',
  '9': 'apparent energy import (+VA)',
  '10': 'apparent energy export (−VA)',
};

/** Fixed names by `C.D.E` (IEC 62056-61; reference note "OBIS conventions seen in readouts"). */
const FIXED: Readonly<Record<string, string>> = {
  '1.7.0': 'Instantaneous active power import (+P)',
  '2.7.0': 'Instantaneous active power export (−P)',
  '32.7.0': 'Voltage L1',
  '52.7.0': 'Voltage L2',
  '72.7.0': 'Voltage L3',
  '31.7.0': 'Current L1',
  '51.7.0': 'Current L2',
  '71.7.0': 'Current L3',
  '13.7.0': 'Power factor',
  '14.7.0': 'Supply frequency',
  '0.9.1': 'Meter clock: time',
  '0.9.2': 'Meter clock: date',
  '0.0.0': 'Device address (meter identification number)',
  '0.0.1': 'Second device identification number',
  'C.1.0': 'Meter serial number',
  '0.2.0': 'Firmware version',
  'F.F.0': 'Error register',
  '0.1.0': 'Billing reset counter',
  '0.1.2': 'Billing period time stamp',
  '1.5.0': 'Active power import, last average demand (load-profile channel)',
  '1.29.0': 'Active energy import per capture period (load-profile channel)',
  '2.29.0': 'Active energy export per capture period (load-profile channel)',
  '3.29.0': 'Reactive energy import per capture period (load-profile channel)',
  '4.29.0': 'Reactive energy export per capture period (load-profile channel)',
};

const LETTER_FOR: Readonly<Record<string, string>> = { '96': 'C', '97': 'F', '98': 'L', '99': 'P' };

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Plain-English name of an OBIS code for display, or null when the code is not one of the common ones.
 * Accepts any address form (`1.8.1`, `1-0:1.8.1*255`, `96.1.0` = `C.1.0`); only `C.D.E` is looked at, so the
 * billing period suffix does not change the name. Covered: energy registers C = 1…10 with D = 8 (E = 0 total,
 * 1…63 rate), maximum demand 1.6.x / 2.6.x, instantaneous power, voltages, currents, power factor,
 * frequency, clock, identification, firmware, error register, billing counters, load-profile channels.
 * Source: IEC 62056-61 (group C quantities, D = 8 time integral, D = 6 maximum, E = tariff rate).
 */
export function describeObis(code: string): string | null {
  const parsed = parseObisAddress(code);
  const parts = parsed.code.split('.');
  if (parts.length !== 3) return null;
  const [c0, d, e] = parts as [string, string, string];
  const c = LETTER_FOR[c0] ?? c0;
  const key = `${c}.${LETTER_FOR[d] ?? d}.${e}`;
  const fixed = FIXED[key];
  if (fixed !== undefined) return fixed;
  const rateNo = Number(e);
  const rateOk = /^[0-9]+$/.test(e) && rateNo <= 63;
  if (!rateOk) return null;
  const rate = rateNo === 0 ? 'total' : `rate ${rateNo} (T${rateNo})`;
  const quantity = ENERGY_QUANTITY[c];
  if (d === '8' && quantity !== undefined) return `${capitalise(quantity)}, ${rate}`;
  if (d === '6' && (c === '1' || c === '2')) {
    return `Maximum demand, active power ${c === '1' ? 'import (+P)' : 'export (−P)'}, ${rate}`;
  }
  return null;
}
