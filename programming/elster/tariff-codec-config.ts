import {
  type DstMoment, type DstRule, type LoadProfileSettings, type MaximumDemand, type PulseOutput, type Quantity, WEEKDAYS,
} from '../../schemes/model';
import { ElsterDataError } from '../../protocol/meters/elster/errors';
import { LP_INTERVAL_MINUTES } from '../../protocol/meters/elster/profile';
import { ELSTER_TARIFF_IDS } from './ids';
import { ByteCursor, ByteWriter, badImage, countByte, quantityCode, quantityOfCode } from './tariff-bytes';

/**
 * The Elster configuration images of a tariff scheme and of the staged meter data (see tariff-codec.ts for the
 * calendar images and the rules they share). Every layout is an ASSUMPTION (ELSTER_ASSUMPTIONS, profile.ts):
 *
 * | ID  | part           | layout (bytes) |
 * |-----|----------------|----------------|
 * | 905 | DST rule       | enabled 0/1; start: week 1…4 or 5 = last, ISO weekday 1…7, month, hour; end: the same 4; deviation minutes 30/60/120; repeated hour 0 both passes / 1 first pass (11 bytes) |
 * | 906 | maximum demand | integration period min (5/10/15/30/60), method 0 block / 1 sliding, sub-intervals 1…15, per rate 0/1, reset lockout days 0…31, Q, Q quantity codes, B, B × (day 1…28, month 0 = every month / 1…12) |
 * | 907 | load profile   | interval code 0…10 (LP_INTERVAL_MINUTES, as the E4/E8 marker), channel mask 2 bytes LE (LP_CHANNELS bits, as ID 777), depth days 2 bytes LE (5 bytes) |
 * | 908 | pulse outputs  | N, then per output: number 1…8, quantity code, pulses per kWh (kvarh, kVAh) × 1000 4 bytes LE, width ms 2 bytes LE |
 * | 616 / 617 | CT / VT ratio | primary × 1000, secondary × 1000, 4 bytes LE each (8 bytes); 1/1 = direct connected |
 * | 681 | user ID        | write: 8 ASCII bytes, space-padded; read: 3 × 8 bytes, the last three programmings' user IDs, newest first |
 */

// ---- 905 DST rule -----------------------------------------------------------------------------------------

/** Week byte of a DST moment: 1…4, 5 = last. */
const weekByte = (w: DstMoment['week']) => (w === 'last' ? 5 : w);

/** DST rule → 905 bytes (the zone is not written). @throws RangeError for a field outside the layout. */
export function encodeDstRule(rule: DstRule): Uint8Array {
  const moment = (m: DstMoment) => [weekByte(m.week), WEEKDAYS.indexOf(m.weekday) + 1, m.month, m.hour];
  return new ByteWriter()
    .push(rule.enabled ? 1 : 0, ...moment(rule.start), ...moment(rule.end), rule.deviationMinutes, rule.repeatedHour === 'first-pass' ? 1 : 0)
    .bytes();
}

/** 905 bytes → the DST rule; `zone` (not stored in the meter) is filled in. @throws ElsterDataError for a bad image. */
export function decodeDstRule(bytes: Uint8Array, zone: string): DstRule {
  const c = new ByteCursor(bytes, `DST rule (${ELSTER_TARIFF_IDS.dstRule.id})`);
  const enabled = c.within('the enabled flag', 0, 1) === 1;
  const moment = (which: string): DstMoment => {
    const week = c.within(`the ${which} week`, 1, 5);
    return {
      week: week === 5 ? 'last' : (week as 1 | 2 | 3 | 4),
      weekday: WEEKDAYS[c.within(`the ${which} weekday`, 1, 7) - 1]!,
      month: c.within(`the ${which} month`, 1, 12),
      hour: c.within(`the ${which} hour`, 0, 23),
    };
  };
  const start = moment('start');
  const end = moment('end');
  const deviation = c.u8();
  if (deviation !== 30 && deviation !== 60 && deviation !== 120) throw badImage(c.what, `deviation ${deviation} min is not 30, 60 or 120`);
  const repeated = c.within('the repeated-hour rule', 0, 1);
  c.end();
  return { enabled, zone, start, end, deviationMinutes: deviation, repeatedHour: repeated === 1 ? 'first-pass' : 'both-passes' };
}

// ---- 906 maximum demand -----------------------------------------------------------------------------------

/** Maximum demand settings → 906 bytes. @throws RangeError for more than 255 quantities or billing dates. */
export function encodeMaximumDemand(md: MaximumDemand): Uint8Array {
  const w = new ByteWriter().push(md.integrationPeriodMinutes, md.method === 'sliding' ? 1 : 0, md.subIntervals, md.perRate ? 1 : 0, md.resetLockoutDays);
  w.push(countByte(md.quantities.length, 'Maximum demand quantities'), ...md.quantities.map(quantityCode));
  w.push(countByte(md.billingDates.length, 'Billing dates'));
  for (const b of md.billingDates) w.push(b.day, b.month ?? 0);
  return w.bytes();
}

function quantity(c: ByteCursor, field: string): Quantity {
  return quantityOfCode(c.within(field, 1, 10))!;
}

/** 906 bytes → maximum demand settings. @throws ElsterDataError for a bad image. */
export function decodeMaximumDemand(bytes: Uint8Array): MaximumDemand {
  const c = new ByteCursor(bytes, `maximum demand configuration (${ELSTER_TARIFF_IDS.maximumDemand.id})`);
  const period = c.u8();
  if (![5, 10, 15, 30, 60].includes(period)) throw badImage(c.what, `integration period ${period} min is not 5, 10, 15, 30 or 60`);
  const method = c.within('the method', 0, 1) === 1 ? 'sliding' : 'block';
  const subIntervals = c.within('the sub-interval count', 1, 15);
  const perRate = c.within('the per-rate flag', 0, 1) === 1;
  const resetLockoutDays = c.within('the reset lockout', 0, 31);
  const q = c.within('the quantity count', 0, 8);
  const quantities = Array.from({ length: q }, (_, i) => quantity(c, `quantity ${i + 1}`));
  const b = c.within('the billing date count', 0, 12);
  const billingDates = Array.from({ length: b }, (_, i) => {
    const day = c.within(`billing date ${i + 1} day`, 1, 28);
    const month = c.within(`billing date ${i + 1} month`, 0, 12);
    return month === 0 ? { day } : { day, month };
  });
  c.end();
  return { integrationPeriodMinutes: period as MaximumDemand['integrationPeriodMinutes'], method, subIntervals, quantities, perRate, billingDates, resetLockoutDays };
}

// ---- 907 load profile -------------------------------------------------------------------------------------

/** Load-profile mask bit of each quantity the Elster load profile can record (LP_CHANNELS); reactive import/export have none. */
export const LP_QUANTITY_BITS: Readonly<Partial<Record<Quantity, number>>> = {
  'active-import': 0, 'active-export': 1, 'reactive-q1': 2, 'reactive-q2': 3, 'reactive-q3': 4, 'reactive-q4': 5, 'apparent-import': 6, 'apparent-export': 7,
};

/**
 * Load-profile settings → 907 bytes. Channels are a mask, so their order is the meter's (mask-bit order).
 * @throws RangeError for a capture period the meter cannot record (not 1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60) or a
 *   channel it has no bit for (reactive import / export: use Q1…Q4).
 */
export function encodeLoadProfileSettings(lp: LoadProfileSettings, model = 'A1140'): Uint8Array {
  const code = LP_INTERVAL_MINUTES.indexOf(lp.capturePeriodMinutes);
  if (code < 0) throw new RangeError(`The ${model} load profile records every ${LP_INTERVAL_MINUTES.join(', ')} minutes; ${lp.capturePeriodMinutes} is not one of them.`);
  let mask = 0;
  for (const q of lp.channels) {
    const bit = LP_QUANTITY_BITS[q];
    if (bit === undefined) throw new RangeError(`The ${model} load profile cannot record ${q}; choose reactive Q1…Q4 channels instead.`);
    mask |= 1 << bit;
  }
  return new ByteWriter().push(code).uintLE(mask, 2).uintLE(lp.depthDays, 2).bytes();
}

/** 907 bytes → load-profile settings (channels in mask-bit order). @throws ElsterDataError for a bad image. */
export function decodeLoadProfileSettings(bytes: Uint8Array): LoadProfileSettings {
  const c = new ByteCursor(bytes, `load profile configuration (${ELSTER_TARIFF_IDS.loadProfile.id})`);
  const minutes = LP_INTERVAL_MINUTES[c.within('the interval code', 0, LP_INTERVAL_MINUTES.length - 1)]!;
  const mask = c.uintLE(2);
  const depthDays = c.uintLE(2);
  c.end();
  if (mask === 0 || (mask & ~0xff) !== 0) throw badImage(c.what, `channel mask 0x${mask.toString(16)} names no channel or one the configuration cannot set`);
  if (depthDays > 1000) throw badImage(c.what, `depth ${depthDays} days is over 1000`);
  const channels = (Object.entries(LP_QUANTITY_BITS) as [Quantity, number][]).filter(([, bit]) => mask & (1 << bit)).map(([q]) => q);
  return { capturePeriodMinutes: minutes, channels, depthDays };
}

// ---- 908 pulse outputs ------------------------------------------------------------------------------------

/** Pulse outputs → 908 bytes. @throws RangeError for a constant with more than 3 decimals or outside the layout. */
export function encodePulseOutputs(outputs: readonly PulseOutput[]): Uint8Array {
  const w = new ByteWriter().push(countByte(outputs.length, 'Pulse outputs'));
  for (const o of outputs) {
    const milli = Math.round(o.pulsesPerUnit * 1000);
    if (Math.abs(milli - o.pulsesPerUnit * 1000) > 1e-6 || milli < 1) throw new RangeError(`Pulse output ${o.output}: the constant ${o.pulsesPerUnit} has more than 3 decimals or is below 0.001`);
    w.push(o.output, quantityCode(o.quantity)).uintLE(milli, 4).uintLE(o.widthMs, 2);
  }
  return w.bytes();
}

/** 908 bytes → pulse outputs. @throws ElsterDataError for a bad image. */
export function decodePulseOutputs(bytes: Uint8Array): PulseOutput[] {
  const c = new ByteCursor(bytes, `pulse outputs (${ELSTER_TARIFF_IDS.pulseOutputs.id})`);
  const n = c.within('the number of pulse outputs', 0, 8);
  const out: PulseOutput[] = [];
  for (let i = 1; i <= n; i++) {
    const output = c.within(`pulse output ${i} number`, 1, 8);
    const q = quantity(c, `pulse output ${i} quantity`);
    const milli = c.uintLE(4);
    const widthMs = c.uintLE(2);
    if (milli < 1 || milli > 100_000_000) throw badImage(c.what, `pulse output ${i} constant ${milli / 1000} is not above 0 and at most 100000`);
    if (widthMs < 1 || widthMs > 1000) throw badImage(c.what, `pulse output ${i} width ${widthMs} ms is not 1…1000`);
    out.push({ output, quantity: q, pulsesPerUnit: milli / 1000, widthMs });
  }
  c.end();
  return out;
}

// ---- 617 A1140 VT ratio (our layout) ------------------------------------------------------------------------

/** `primary/secondary` → 617 bytes (× 1000, 4-byte LE each); null (direct connected) → 1/1. @throws RangeError for a ratio outside the layout. */
export function encodeRatio(ratio: string | null): Uint8Array {
  const [p, s] = (ratio ?? '1/1').split('/').map((x) => Math.round(Number(x) * 1000)) as [number, number];
  if (!(p >= 1 && s >= 1 && p < 2 ** 32 && s < 2 ** 32)) throw new RangeError(`The ratio ${ratio} does not fit the meter (each side above 0 and below 4 294 967, 3 decimals)`);
  return new ByteWriter().uintLE(p, 4).uintLE(s, 4).bytes();
}

/** 617 bytes → `primary/secondary` text (`200/5`, `1/1` for direct). @throws ElsterDataError for a bad image. */
export function decodeRatio(bytes: Uint8Array, what = 'ratio'): string {
  const c = new ByteCursor(bytes, what);
  const p = c.uintLE(4);
  const s = c.uintLE(4);
  c.end();
  if (p === 0 || s === 0) throw badImage(what, 'a side of the ratio is 0');
  return `${p / 1000}/${s / 1000}`;
}

// ---- 681 user ID ------------------------------------------------------------------------------------------

/** Programmer's user ID → 8 space-padded ASCII bytes. @throws RangeError for more than 8 or non-printable characters. */
export function encodeUserId(userId: string): Uint8Array {
  if (userId.length > 8 || !/^[\x20-\x7e]*$/.test(userId)) throw new RangeError(`The programmer's user ID "${userId}" must be at most 8 printable ASCII characters`);
  const out = new Uint8Array(8).fill(0x20);
  for (let i = 0; i < userId.length; i++) out[i] = userId.charCodeAt(i);
  return out;
}

/** 681 bytes (8 × n) → user IDs, trailing spaces/NUL removed, newest first. @throws ElsterDataError for a bad length or byte. */
export function decodeUserIds(bytes: Uint8Array): string[] {
  const what = `user IDs (${ELSTER_TARIFF_IDS.userId.id})`;
  if (bytes.length === 0 || bytes.length % 8 !== 0) throw new ElsterDataError(what, `${bytes.length} bytes is not 8 per user ID`);
  const out: string[] = [];
  for (let o = 0; o < bytes.length; o += 8) {
    const slot = bytes.subarray(o, o + 8);
    if (![...slot].every((b) => b === 0 || (b >= 0x20 && b < 0x7f))) throw badImage(what, `user ID ${o / 8 + 1} has a byte that is not printable ASCII`);
    out.push(String.fromCharCode(...slot.filter((b) => b !== 0)).trimEnd());
  }
  return out;
}

/** Length of a configuration image from its first bytes (see tariff-codec.ts tariffImageLength); null = too short to tell. */
export function configImageLength(dataId: string, prefix: Uint8Array): number | null {
  const T = ELSTER_TARIFF_IDS;
  switch (dataId) {
    case T.dstRule.id: return 11;
    case T.loadProfile.id: return 5;
    case T.vtRatioA1140.id: return 8;
    case T.userId.id: return 8;
    case T.pulseOutputs.id: return prefix[0] === undefined ? null : 1 + 8 * prefix[0];
    case T.maximumDemand.id: {
      const q = prefix[5];
      if (q === undefined) return null;
      const b = prefix[6 + q];
      return b === undefined ? null : 7 + q + 2 * b;
    }
    default:
      throw new ElsterDataError(`data item ${dataId}`, 'it is not a tariff image', 'ERR2');
  }
}
