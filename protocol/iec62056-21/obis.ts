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

/** One OBIS value group: 0…255 in decimal, or a letter C, F, L, P (IEC 62056-61: 96, 97, 98, 99). */
const GROUP = '(?:[0-9]{1,3}|[CFLP])';
/**
 * `[A-B:]C.D[.E][*F|&F]`. `*` marks a billing period reset automatically, `&` one reset manually
 * (VDEW/DIN 43863-3 usage, seen on German meters); both carry the billing period number.
 */
const ADDRESS = new RegExp(
  `^(?:([0-9]{1,3})-([0-9]{1,3}):)?(${GROUP})\\.(${GROUP})(?:\\.(${GROUP}))?(?:([*&])([0-9]{1,3}))?$`,
);

function normGroup(g: string): string | null {
  if (/^[CFLP]$/.test(g)) return g;
  const n = Number(g);
  return n <= 255 ? String(n) : null;
}

/**
 * Parse a data-set address into `{ obis, code, billingPeriod }`.
 * Accepts `1-0:1.8.0*255`, `1-0:1.8.0`, `1.8.0`, `1.8.0*03`, `1.8.0&03`, `C.1.0`, `F.F`, `0-0:F.F.0*255`, `P.01`.
 * Anything else (empty address of an R1 answer, manufacturer-specific text) is returned as `obis = code =`
 * the trimmed address with `billingPeriod` null. Never throws.
 */
export function parseObisAddress(address: string): ObisAddress {
  const trimmed = address.trim();
  const m = ADDRESS.exec(trimmed);
  const fallback: ObisAddress = { obis: trimmed, code: trimmed, billingPeriod: null };
  if (!m) return fallback;
  const [, a, b, c, d, e, sep, f] = m;
  const groups = [a, b, c, d, e].map((g) => (g === undefined ? undefined : normGroup(g)));
  if (groups.some((g) => g === null)) return fallback;
  const [na, nb, nc, nd, ne] = groups as (string | undefined)[];
  let billingPeriod: number | null = null;
  if (f !== undefined) {
    const n = Number(f);
    if (n > 255) return fallback;
    if (n >= 1 && n <= 99) billingPeriod = n;
  }
  const obis =
    (na !== undefined ? `${na}-${nb}:` : '') + `${nc}.${nd}` + (ne !== undefined ? `.${ne}` : '') + (f !== undefined ? `${sep}${f}` : '');
  return { obis, code: `${nc}.${nd}.${ne ?? '0'}`, billingPeriod };
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
