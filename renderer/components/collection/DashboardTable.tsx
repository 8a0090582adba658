/**
 * The collection dashboard: one row per meter — its place, link, when it was last collected and how that went (the
 * plain error of a failure), the next scheduled run, the end of its stored load profile, open gaps and the clock
 * drift last seen. Failures first, so the meters that need attention are on top.
 */
import { driftWords, shortTime } from '../../lib/collection-words';
import { useCollection } from '../../state/collection';

const ORDER = { failed: 0, retry: 1, running: 2, pending: 3, ok: 4 } as const;

export function DashboardTable({ zone }: { zone: string | undefined }) {
  const rows = [...useCollection((s) => s.dashboard)].sort(
    (a, b) => (a.outcome ? ORDER[a.outcome] : 5) - (b.outcome ? ORDER[b.outcome] : 5) || a.serial.localeCompare(b.serial),
  );
  const failed = rows.filter((r) => r.outcome === 'failed').length;
  return (
    <section className="panel" aria-label="Collection dashboard">
      <div className="panel-head">
        <h2>Meters</h2>
        <span className="muted" data-testid="dashboard-summary">
          {rows.length} meters · {failed} failed last time · {rows.reduce((n, r) => n + r.openGaps, 0)} open gaps
        </span>
      </div>
      <div className="table-scroll">
        <table aria-label="Meters and their collection">
          <thead>
            <tr>
              <th>Meter</th>
              <th>Place</th>
              <th>Last run</th>
              <th>Outcome</th>
              <th>Next run</th>
              <th>Load profile to</th>
              <th>Gaps</th>
              <th>Clock</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.meterId} data-serial={r.serial} data-outcome={r.outcome ?? 'never'}>
                <td className="mono" title={r.link}>
                  {r.serial}
                  {r.enabled ? '' : ' (disabled)'}
                </td>
                <td>{r.placePath ?? '—'}</td>
                <td className="mono">{shortTime(r.lastRunUtc, zone)}</td>
                <td className={r.outcome === 'failed' ? 'cell-error' : undefined}>
                  {r.outcome ?? 'never collected'}
                  {r.error && <div className="muted">{r.error}</div>}
                </td>
                <td className="mono">{shortTime(r.nextRunUtc, zone)}</td>
                <td className="mono">{shortTime(r.lastIntervalUtc, zone)}</td>
                <td className="num">{r.openGaps ? `${r.openGaps} (${r.missingIntervals} intervals)` : '—'}</td>
                <td>{driftWords(r.clockDriftSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
