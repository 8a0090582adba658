/**
 * What turns a meter's recorded values into billed figures: the tariff scheme versions in force over the period
 * (main/store/tariff-history.ts) and the CT/VT ratios of its installations, applied ONLY where the meter records
 * secondary values (reference billing-and-balances.md "Primary vs secondary values": primary = secondary × CT × VT;
 * a meter programmed with the ratios already records primary values; never apply a ratio twice).
 */
import type { Database } from 'better-sqlite3';
import { isoUtc } from '../../reporting/periods';
import { indexRange, type Series } from '../../reporting/series';
import type { SchemeAssignment } from '../../reporting/tou';
import { transformerFactor } from '../store/installations';
import { getSchemeVersion } from '../store/schemes';
import { tariffHistory, uncertainProgrammings } from '../store/tariff-history';
import type { MeterSegment } from './targets';

/** A meter's tariff history for reports. */
export interface MeterTariffs {
  readonly assignments: readonly SchemeAssignment[];
  /** [fromMs, primary] in time order: whether the meter records primary values from then on. */
  readonly primary: readonly (readonly [number, boolean])[];
  readonly notes: readonly string[];
}

/** The tariff history of fleet meter `fleetMeterId` (none for a meter known only from readings). */
export function meterTariffs(db: Database, fleetMeterId: number | null): MeterTariffs {
  if (fleetMeterId === null) return { assignments: [], primary: [], notes: [] };
  const entries = tariffHistory(db, fleetMeterId);
  const assignments = entries.map((e) => ({
    fromMs: Date.parse(e.fromUtc),
    scheme: getSchemeVersion(db, e.schemeId, e.schemeVersion).content,
    label: `${e.schemeName} v${e.schemeVersion} (${e.source === 'certificate' ? `programmed, job ${e.jobId}` : 'recorded'})`,
  }));
  const notes = uncertainProgrammings(db, fleetMeterId).map(
    (j) => `Programming job ${j.jobId} ended ${j.finishedUtc.slice(0, 16)}Z with "${j.status}": which scheme the meter used after it is uncertain; the history before it is kept.`,
  );
  return { assignments, primary: entries.map((e) => [Date.parse(e.fromUtc), e.valuesPrimary] as const), notes };
}

/** True when the meter records primary values at `ms`. */
export function primaryAt(t: MeterTariffs, ms: number): boolean {
  let p = false;
  for (const [from, v] of t.primary) if (from <= ms) p = v;
  return p;
}

/** How a segment's ratios were applied, in words and as the report's fields. */
export interface RatioUse {
  readonly ct: string;
  readonly vt: string;
  readonly factor: number;
  readonly values: 'direct' | 'secondary' | 'primary';
  readonly notes: readonly string[];
}

const ratioText = (r: { primary: number; secondary: number }) => `${r.primary}/${r.secondary}`;

/**
 * Multiply the segment's intervals of `s` (recorded values) by the CT × VT factor of the installation in force at
 * each interval's start, except where the meter records primary values. In place. Returns what was done.
 */
export function applyRatios(s: Series, seg: MeterSegment, tariffs: MeterTariffs): RatioUse {
  const notes: string[] = [];
  const { startMs, periodMs } = s.grid;
  const [i0, i1] = indexRange(s.grid, seg.fromMs, seg.toMs);
  let applied = false;
  let primarySeen = false;
  const v = s.values;
  for (const w of seg.ratios) {
    const f = transformerFactor(w.ct, w.vt);
    const [a, b] = indexRange(s.grid, Math.max(w.fromMs, seg.fromMs), Math.min(w.toMs, seg.toMs));
    const lo = Math.max(a, i0);
    const hi = Math.min(b, i1);
    if (tariffs.primary.length === 0) {
      // The usual case: no record of ratios programmed into the meter: secondary values throughout.
      if (f !== 1 && hi > lo) {
        for (let i = lo; i < hi; i++) v[i] = v[i]! * f;
        applied = true;
      }
      continue;
    }
    for (let i = lo; i < hi; i++) {
      if (primaryAt(tariffs, startMs + i * periodMs)) {
        primarySeen = true;
        continue;
      }
      if (f !== 1) {
        v[i] = v[i]! * f;
        applied = true;
      }
    }
  }
  const last = seg.ratios.at(-1);
  const factor = last ? transformerFactor(last.ct, last.vt) : 1;
  if (seg.ratios.length > 1 && new Set(seg.ratios.map((w) => transformerFactor(w.ct, w.vt))).size > 1) {
    notes.push(`${seg.serial}: the CT/VT ratios changed in the period (${seg.ratios.map((w) => `from ${isoUtc(w.fromMs).slice(0, 16)}Z ×${transformerFactor(w.ct, w.vt)}`).join(', ')}); each part uses its own.`);
  }
  if (seg.ratios.length === 0 && seg.fleetMeterId !== null) notes.push(`${seg.serial} is not installed at any place in this period: its values are reported as measured (no CT/VT ratio).`);
  if (primarySeen && factor !== 1) notes.push(`${seg.serial} is programmed with its CT/VT ratios: it records primary values, so no ratio is applied where that holds.`);
  const values: RatioUse['values'] = factor === 1 ? 'direct' : primarySeen && !applied ? 'primary' : 'secondary';
  return { ct: last ? ratioText(last.ct) : '1/1', vt: last ? ratioText(last.vt) : '1/1', factor, values, notes };
}

/** The multiplier applied to the segment's values at `ms` (for register snapshots taken then). */
export function multiplierAt(seg: MeterSegment, tariffs: MeterTariffs, ms: number): number {
  if (primaryAt(tariffs, ms)) return 1;
  const w = seg.ratios.find((r) => r.fromMs <= ms && ms <= r.toMs) ?? seg.ratios.at(-1);
  return w ? transformerFactor(w.ct, w.vt) : 1;
}
