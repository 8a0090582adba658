/**
 * A report as the Reports screen shows it: the header (who, when, period, parameters, data sources, coverage, gaps,
 * notes), the actions (re-run and compare, export PDF / XLSX / CSV, print), the charts and the tables.
 */
import type { Report } from '../../../contract';
import { useReports } from '../../state/reports';
import { BalanceChart, DailyRatesChart, HeatMapChart } from './ReportCharts';
import { BalanceTables, BillingTables, VirtualTables } from './ReportTables';

function Header({ report }: { report: Report }) {
  return (
    <section className="panel report-header" aria-label="Report header">
      <div className="panel-head">
        <h2>{report.title}</h2>
        <span className="badge">run {report.runId}</span>
      </div>
      <dl className="report-facts">
        <dt>Generated</dt><dd>{report.generatedUtc.replace('T', ' ').slice(0, 19)} UTC by {report.generatedBy}</dd>
        <dt>Period</dt><dd>{report.fromDate} to {report.toDate} ({report.timeZone}) = {report.fromUtc} … {report.toUtc}</dd>
        {report.parameters.filter((p) => !['Period', 'Time zone'].includes(p.name)).map((p) => (
          <div key={p.name} className="fact-pair"><dt>{p.name}</dt><dd>{p.value}</dd></div>
        ))}
        <dt>Coverage</dt>
        <dd className={report.coverage.share < 1 ? 'warn-text' : undefined}>
          {(report.coverage.share * 100).toFixed(2)} % ({report.coverage.present} of {report.coverage.expected} intervals) · {report.gapsTotal} gap{report.gapsTotal === 1 ? '' : 's'}
        </dd>
        {report.sources.map((s) => (
          <div key={s.label} className="fact-pair"><dt>{s.label}</dt><dd>{s.detail}</dd></div>
        ))}
        <dt>Figures</dt><dd className="mono">SHA-256 {report.figuresSha256}</dd>
      </dl>
      {report.notes.length > 0 && (
        <ul className="notes" aria-label="Report notes">
          {report.notes.map((n) => <li key={n.message} className={n.level === 'warning' ? 'note-warning' : undefined}>{n.message}</li>)}
        </ul>
      )}
    </section>
  );
}

function Actions() {
  const { running, written, rerun } = useReports();
  const s = useReports.getState();
  return (
    <section className="panel" aria-label="Report actions">
      <div className="actions">
        <button type="button" className="button button-light" disabled={running} onClick={() => void s.rerunShown()}>Re-run and compare</button>
        <button type="button" className="button button-light" disabled={running} onClick={() => void s.exportShown('pdf')}>Export PDF</button>
        <button type="button" className="button button-light" disabled={running} onClick={() => void s.exportShown('xlsx')}>Export XLSX</button>
        <button type="button" className="button button-light" disabled={running} onClick={() => void s.exportShown('csv')}>Export CSV</button>
        <button type="button" className="button button-light" disabled={running} onClick={() => void s.printShown()}>Print…</button>
      </div>
      {rerun && (
        <p className={rerun.same ? 'clock-result' : 'warning-box'} role="status">
          {rerun.same ? 'Re-run: the same figures (same SHA-256).' : `Re-run: the figures differ — ${rerun.differences.join('; ')}`}
        </p>
      )}
      {written.length > 0 && (
        <ul className="written-files written" aria-label="Written files">
          {written.map((w) => (
            <li key={w.format}>
              <span className="mono">{w.path}</span>{' '}
              {w.downloadUrl && <a className="button button-primary" href={w.downloadUrl} download={w.fileName}>Download {w.fileName}</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Gaps({ report }: { report: Report }) {
  if (report.gapsTotal === 0) return null;
  return (
    <section className="panel" aria-label="Gaps">
      <h3>Gaps <span className="muted">{report.gapsTotal > report.gaps.length ? `the first ${report.gaps.length} of ${report.gapsTotal}` : report.gapsTotal}</span></h3>
      <div className="table-scroll">
        <table>
          <thead><tr><th>Source</th><th>From (local)</th><th>To (local)</th><th className="num">Intervals</th></tr></thead>
          <tbody>{report.gaps.map((g) => <tr key={`${g.source}-${g.fromUtc}`}><td>{g.source}</td><td className="mono">{g.fromLocal}</td><td className="mono">{g.toLocal}</td><td className="num">{g.intervals}</td></tr>)}</tbody>
        </table>
      </div>
    </section>
  );
}

export function ReportView({ report }: { report: Report }) {
  return (
    <>
      <Header report={report} />
      <Actions />
      {report.kind === 'billing' && (
        <>
          <section className="panel" aria-label="Energy per rate by day"><h3>Energy per rate, by day</h3><DailyRatesChart report={report} /></section>
          <section className="panel" aria-label="Heat map"><h3>Energy by day and hour</h3><HeatMapChart heat={report.heatMap} zone={report.timeZone} /></section>
          <BillingTables report={report} />
        </>
      )}
      {report.kind === 'balance' && (
        <>
          <BalanceTables report={report} />
          <section className="panel" aria-label="Balance over time"><h3>Balance over time (per day)</h3><BalanceChart report={report} /></section>
        </>
      )}
      {report.kind === 'virtual' && (
        <>
          <VirtualTables report={report} />
          <section className="panel" aria-label="Heat map"><h3>Energy by day and hour</h3><HeatMapChart heat={report.heatMap} zone={report.timeZone} unit={report.unit} /></section>
        </>
      )}
      <Gaps report={report} />
    </>
  );
}
