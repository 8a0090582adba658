/** The summary `pmu report` prints: title, period, coverage, the headline figures, warnings. */
import type { Report } from '../../contract/reports';

const n = (v: number | null, unit = 'kWh') => (v === null ? 'unknown' : `${v} ${unit}`);

/** Print `r` line by line through `out`. */
export function printReport(r: Report, out: (line: string) => void): void {
  out(`${r.title}  (run ${r.runId})`);
  out(`Period: ${r.fromUtc} … ${r.toUtc} (UTC), ${r.timeZone}; coverage ${(r.coverage.share * 100).toFixed(2)} % (${r.coverage.present}/${r.coverage.expected} intervals), ${r.gapsTotal} gap${r.gapsTotal === 1 ? '' : 's'}`);
  if (r.kind === 'billing') {
    for (const m of r.meters) {
      out(`${m.serial}  ${m.label}  [${m.channel}; CT ${m.ct} VT ${m.vt}, ${m.values}]`);
      for (const x of [...m.rates, m.total]) {
        const md = x.profileMaxDemand === null ? '' : `  MD ${x.profileMaxDemand} kW at ${x.profileMaxDemandAtLocal}`;
        out(`  ${`${x.name}`.padEnd(18)} load profile ${n(x.profileEnergy).padEnd(16)} registers ${n(x.registerEnergy).padEnd(16)} difference ${n(x.difference)}${md}`);
      }
      out(`  register method: ${m.registerSource}`);
    }
    if (r.meters.length > 1) for (const t of r.totals) out(`Total ${t.name.padEnd(12)} ${n(t.profileEnergy)} (registers ${n(t.registerEnergy)})`);
  } else if (r.kind === 'balance') {
    const t = r.totals;
    out(`Input ${n(t.input)}, downstream ${n(t.downstream)}, difference ${n(t.difference)} (${t.percent === null ? '—' : `${t.percent} %`}) over ${t.completeIntervals} of ${t.intervals} complete intervals`);
    for (const x of r.nodes) out(`  ${'  '.repeat(x.depth)}${x.name} (${x.kind}): input ${n(x.input)}, downstream ${n(x.downstream)}, difference ${n(x.difference)}`);
  } else {
    out(`${r.name} v${r.version}: ${r.formula}`);
    out(`Total ${n(r.total)}; maximum demand ${n(r.maxDemand, 'kW')}${r.maxDemandAtLocal ? ` at ${r.maxDemandAtLocal}` : ''}`);
  }
  for (const note of r.notes) out(`${note.level}: ${note.message}`);
}
