/**
 * The tables of a report (issue 15 item 4), as the PDF shows them: billing per meter and rate (load profile and
 * registers side by side with their difference, maximum demand with its time), balance per node and per day, a
 * virtual meter's terms and days. "—" marks a figure that is unknown (a gap), never 0.
 */
import type { BalanceReport, BillingRateView, BillingReport, VirtualReport } from '../../../contract';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toLocaleString('en', { maximumFractionDigits: digits }));
const pct = (share: number) => `${(share * 100).toFixed(2)} %`;

function RateRows({ rows }: { rows: readonly BillingRateView[] }) {
  return (
    <>
      {rows.map((x) => (
        <tr key={`${x.rate}-${x.name}`} className={x.name === 'Total' ? 'total-row' : undefined}>
          <td>{x.name}</td>
          <td className="num">{num(x.profileEnergy)}</td>
          <td className="num">{num(x.registerEnergy)}</td>
          <td className="num">{num(x.difference)}</td>
          <td className="num">{num(x.profileMaxDemand)}</td>
          <td className="mono">{x.profileMaxDemandAtLocal ?? ''}</td>
          <td className="num">{num(x.registerMaxDemand)}</td>
          <td className="num">{x.missingIntervals}</td>
        </tr>
      ))}
    </>
  );
}

const RATE_HEAD = (
  <tr>
    <th>Rate</th><th className="num">Load profile kWh</th><th className="num">Registers kWh</th><th className="num">Difference kWh</th>
    <th className="num">Max demand kW</th><th>at (local)</th><th className="num">Register MD kW</th><th className="num">Missing intervals</th>
  </tr>
);

export function BillingTables({ report }: { report: BillingReport }) {
  return (
    <>
      {report.meters.length > 1 && (
        <section className="panel" aria-label="Totals per rate">
          <h3>Totals per rate ({report.meters.length} meters)</h3>
          <table className="table"><thead>{RATE_HEAD}</thead><tbody><RateRows rows={report.totals} /></tbody></table>
          {report.aggregateMaxDemand !== null && <p className="hint">Maximum demand of the sum: {num(report.aggregateMaxDemand)} kW at {report.aggregateMaxDemandAtLocal}</p>}
        </section>
      )}
      {report.meters.map((m) => (
        <section key={`${m.serial}-${m.fromLocal}`} className="panel" aria-label={`Meter ${m.serial}`}>
          <h3>{m.values === 'virtual' ? 'Virtual meter' : 'Meter'} {m.serial} <span className="muted">{m.label}</span></h3>
          <p className="hint">
            {m.fromLocal} to {m.toLocal} · {m.channel} · CT {m.ct} / VT {m.vt} (×{m.factor}, values {m.values}) · coverage {pct(m.coverage.share)}
          </p>
          <div className="table-scroll"><table className="table"><thead>{RATE_HEAD}</thead><tbody><RateRows rows={[...m.rates, m.total]} /></tbody></table></div>
          <p className="hint">Register method: {m.registerSource}</p>
          {m.pieces.length > 1 && (
            <ul className="notes">
              {m.pieces.map((p) => (
                <li key={p.fromLocal}>{p.scheme}: {p.fromLocal} to {p.toLocal} — {p.rates.map((x) => `${x.name} ${num(x.profileEnergy)} kWh`).join(', ')}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

export function BalanceTables({ report }: { report: BalanceReport }) {
  const t = report.totals;
  return (
    <>
      <section className="panel" aria-label="Balance totals">
        <h3>Balance of {report.place.path}</h3>
        <p className="balance-figures">
          Input <strong>{num(t.input)} kWh</strong> − downstream <strong>{num(t.downstream)} kWh</strong> = <strong>{num(t.difference)} kWh</strong> ({num(t.percent)} % of the input)
        </p>
        <p className="hint">
          Over {t.completeIntervals} of {t.intervals} intervals where every meter has data. All data present: input {num(t.inputAll)} kWh ({pct(t.inputCoverage)} covered), downstream {num(t.downstreamAll)} kWh ({pct(t.downstreamCoverage)} covered).
        </p>
      </section>
      <section className="panel" aria-label="Places of the subtree">
        <h3>Places</h3>
        <div className="table-scroll">
          <table className="table">
            <thead><tr><th>Place</th><th>Kind</th><th className="num">Input kWh</th><th className="num">Downstream kWh</th><th className="num">Difference kWh</th><th className="num">%</th><th>Coverage in / down</th></tr></thead>
            <tbody>
              {report.nodes.map((n) => (
                <tr key={n.id}>
                  <td style={{ paddingLeft: 8 + n.depth * 14 }}>{n.name}</td><td>{n.kind}</td><td className="num">{num(n.input)}</td><td className="num">{num(n.downstream)}</td>
                  <td className="num">{num(n.difference)}</td><td className="num">{num(n.percent)}</td><td>{pct(n.inputCoverage)} / {pct(n.downstreamCoverage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export function VirtualTables({ report }: { report: VirtualReport }) {
  return (
    <section className="panel" aria-label="Virtual meter terms">
      <h3>{report.name} <span className="muted">version {report.version}: {report.formula}</span></h3>
      <p className="balance-figures">Total <strong>{num(report.total)} {report.unit}</strong> · maximum demand {num(report.maxDemand)} kW {report.maxDemandAtLocal ? `at ${report.maxDemandAtLocal}` : ''}</p>
      <table className="table">
        <thead><tr><th>Term</th><th className="num">Factor</th><th>Channel</th><th className="num">CT×VT</th><th>Coverage</th><th className="num">Energy kWh</th></tr></thead>
        <tbody>
          {report.terms.map((x) => (
            <tr key={`${x.text}-${x.coefficient}`}><td className="mono">{x.text}</td><td className="num">{x.coefficient}</td><td>{x.channel}</td><td className="num">{x.factor}</td><td>{pct(x.coverage.share)}</td><td className="num">{num(x.energy)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
