/**
 * The register method of a billing report: energy per rate from the meter's own billing-period snapshots.
 *
 * Source: reference billing-and-balances.md "Registers vs load profile" — billing-period registers (`1.8.1*12`,
 * `1.8.0*VZ`) are the meter's snapshot at the end of a billing period (its billing reset, counted by `0.1.0`); the
 * time of each reset is the `0.1.2*NN` value (IEC 62056-21 readouts; protocol/iec62056-21/datasets.ts keeps it in
 * `timestampLocal`). Snapshots are matched by that reset TIME, never by the number NN: meters number periods either
 * newest-first (01 = last) or by the reset counter VZ, and NN shifts with every reset.
 *
 * Energy of the period per rate k = `C.8.k` at the snapshot ending the period − `C.8.k` at the snapshot starting
 * it (cumulative registers); maximum demand per rate = `C.6.k` of the snapshot ending the period, with its time
 * stamp (k = 0: the total / all rates). ASSUMPTION (common practice, no universal source): rate register k counts
 * tariff rate Tk of the programmed scheme. Pure.
 */
import { parseLocalStamp } from './periods';
import { unitScale } from './quantities';

/** A register as stored (main/store registers table / protocol/reading.ts `Register`). */
export interface RegisterRow {
  readonly code: string;
  readonly billingPeriod: number | null;
  readonly value: number | null;
  readonly unit: string | null;
  readonly timestampLocal: string | null;
}

/** The registers of one billing period of one reading, and when that period ended (its billing reset). */
export interface Snapshot {
  readonly resetMs: number;
  readonly readingId: number;
  readonly billingPeriod: number;
  readonly registers: ReadonlyMap<string, RegisterRow>;
}

/** The billing-period snapshots of one reading (`zone` places the meter's local reset times in UTC). */
export function snapshotsOf(readingId: number, rows: readonly RegisterRow[], zone: string): Snapshot[] {
  const byPeriod = new Map<number, Map<string, RegisterRow>>();
  for (const r of rows) {
    if (r.billingPeriod === null) continue;
    let m = byPeriod.get(r.billingPeriod);
    if (!m) byPeriod.set(r.billingPeriod, (m = new Map()));
    m.set(r.code, r);
  }
  const out: Snapshot[] = [];
  for (const [billingPeriod, registers] of byPeriod) {
    const stamp = registers.get('0.1.2')?.timestampLocal ?? null;
    const resetMs = stamp === null ? null : parseLocalStamp(stamp, zone);
    if (resetMs !== null) out.push({ resetMs, readingId, billingPeriod, registers });
  }
  return out.sort((a, b) => a.resetMs - b.resetMs);
}

/** The snapshot whose reset is nearest to `atMs` within `toleranceMs`, newest reading first on a tie; else null. */
export function snapshotAt(snaps: readonly Snapshot[], atMs: number, toleranceMs: number): Snapshot | null {
  let best: Snapshot | null = null;
  for (const s of snaps) {
    const d = Math.abs(s.resetMs - atMs);
    if (d > toleranceMs) continue;
    if (best === null || d < Math.abs(best.resetMs - atMs) || (d === Math.abs(best.resetMs - atMs) && s.readingId > best.readingId)) best = s;
  }
  return best;
}

/** Register figures of one rate (k = 0: total). Energies in the kilo-unit (kWh), demand in kW. */
export interface RegisterRate {
  readonly rate: number;
  readonly energy: number | null;
  readonly maxDemand: number | null;
  readonly maxDemandAtMs: number | null;
}

/** The register method's result for one quantity: per rate, and which snapshots were used. */
export interface RegisterFigures {
  readonly start: Snapshot;
  readonly end: Snapshot;
  readonly rates: readonly RegisterRate[];
  /** Problems with single registers (unit not an energy, value missing), plain. */
  readonly notes: readonly string[];
}

const kilo = (r: RegisterRow | undefined, want: string): number | null => {
  if (r === undefined || r.value === null) return null;
  const s = unitScale(r.unit ?? 'kWh');
  if (s === null || s.base !== want) return null;
  return (r.value * s.factor) / 1000;
};

/**
 * Energy per rate and maximum demand per rate of quantity `c` (OBIS value group C: '1' active import, '2' export…)
 * between two snapshots. Rates are every k for which `c.8.k` exists in both snapshots (k = 0 included).
 * @param zone the meter's IANA zone (places the maximum-demand time stamps, meter local time, in UTC).
 * @param energyUnit the base unit of the energy (`Wh`, `varh`, `VAh`); demand uses the same without `h`.
 */
export function registerFigures(start: Snapshot, end: Snapshot, c: string, zone: string, energyUnit = 'Wh'): RegisterFigures {
  const notes: string[] = [];
  const rates = new Set<number>();
  for (const snap of [start, end]) {
    for (const code of snap.registers.keys()) {
      const m = /^(\w+)\.(8|6)\.(\d+)$/.exec(code);
      if (m && m[1] === c) rates.add(Number(m[3]));
    }
  }
  const out: RegisterRate[] = [];
  for (const k of [...rates].sort((a, b) => a - b)) {
    const e1 = kilo(end.registers.get(`${c}.8.${k}`), energyUnit);
    const e0 = kilo(start.registers.get(`${c}.8.${k}`), energyUnit);
    const mdRow = end.registers.get(`${c}.6.${k}`);
    const md = kilo(mdRow, energyUnit.replace(/h$/, ''));
    const mdAt = mdRow?.timestampLocal ?? null;
    if ((end.registers.has(`${c}.8.${k}`) || start.registers.has(`${c}.8.${k}`)) && (e1 === null || e0 === null)) {
      notes.push(`Register ${c}.8.${k} is missing or not in ${energyUnit} in one of the two billing snapshots.`);
    }
    const energy = e1 !== null && e0 !== null ? e1 - e0 : null;
    if (energy !== null && energy < 0) notes.push(`Register ${c}.8.${k} went backwards between the snapshots (${e0} → ${e1}): the meter was reset or exchanged.`);
    out.push({ rate: k, energy, maxDemand: md, maxDemandAtMs: mdAt === null ? null : parseLocalStamp(mdAt, zone) });
  }
  return { start, end, rates: out, notes };
}
