/**
 * What changed between two runs of the same report, in words (a re-run whose figures differ says why): the headline
 * figures per kind, coverage and gaps, and how many readings were stored since the first run.
 */
import type { Database } from 'better-sqlite3';
import type { Report } from '../../contract/reports';

const fmt = (v: number | null) => (v === null ? 'unknown' : String(v));

/** Pairs (label, value) of a report's headline figures. */
function headline(r: Report): Map<string, number | null> {
  const out = new Map<string, number | null>();
  out.set('coverage share', r.coverage.share);
  out.set('gaps', r.gapsTotal);
  if (r.kind === 'billing') {
    for (const t of r.totals) {
      out.set(`${t.name} energy by load profile (kWh)`, t.profileEnergy);
      out.set(`${t.name} energy by registers (kWh)`, t.registerEnergy);
    }
    for (const m of r.meters) out.set(`${m.serial} total (kWh)`, m.total.profileEnergy);
  } else if (r.kind === 'balance') {
    out.set('input (kWh)', r.totals.input);
    out.set('downstream (kWh)', r.totals.downstream);
    out.set('difference (kWh)', r.totals.difference);
    out.set('complete intervals', r.totals.completeIntervals);
  } else {
    out.set('total (kWh)', r.total);
    out.set('maximum demand (kW)', r.maxDemand);
  }
  return out;
}

/**
 * The differences of `after` against `before`, plain; `dataReadingId` = the newest reading when `before` ran.
 * Lists at most 20 figures, then the count of the others.
 */
export function describeDifferences(db: Database, before: Report, after: Report, dataReadingId: number): string[] {
  const out: string[] = [];
  const a = headline(before);
  const b = headline(after);
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? null;
    const y = b.get(key) ?? null;
    if (x !== y) out.push(`${key}: ${fmt(x)} → ${fmt(y)}`);
  }
  const shown = out.slice(0, 20);
  if (out.length > 20) shown.push(`… and ${out.length - 20} more figures`);
  if (shown.length === 0) shown.push('Detailed figures differ (per interval or per day); the headline figures are equal.');
  const newer = db.prepare('SELECT count(*) FROM readings WHERE id > ?').pluck().get(dataReadingId) as number;
  if (newer > 0) shown.push(`${newer} reading${newer === 1 ? ' was' : 's were'} stored since the first run: new data explains differences.`);
  else shown.push('No reading was stored since the first run, yet the figures differ: the master data (installations, CT/VT, tariff history, formulas) changed.');
  return shown;
}
