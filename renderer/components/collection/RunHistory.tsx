/**
 * The run history (newest first; open one to see each meter's task: outcome, attempts, the plain error, intervals
 * stored and backfilled, clock drift and what was done about it) and the gaps report (open gaps per meter and
 * channel: from, to, missing intervals).
 */
import { driftWords, shortTime } from '../../lib/collection-words';
import { useCollection } from '../../state/collection';

export function RunHistory({ zone }: { zone: string | undefined }) {
  const runs = useCollection((s) => s.runs);
  const open = useCollection((s) => s.run);
  return (
    <section className="panel" aria-label="Run history">
      <div className="panel-head">
        <h2>Run history</h2>
      </div>
      <div className="table-scroll">
        <table aria-label="Collection runs">
          <thead>
            <tr>
              <th>Run</th><th>What</th><th>Started</th><th>By</th><th>Status</th><th>Meters</th><th>Intervals</th><th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-run={r.id}>
                <td className="num">{r.id}</td>
                <td>{r.label}</td>
                <td className="mono">{shortTime(r.startedUtc, zone)}</td>
                <td>{r.trigger === 'schedule' ? 'schedule' : r.startedBy}</td>
                <td>
                  {r.status}
                  {r.resumed ? ' (resumed)' : ''}
                </td>
                <td>
                  {r.counts.ok} ok, {r.counts.failed} failed of {r.counts.total}
                </td>
                <td className="num">{r.intervals}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => void useCollection.getState().openRun(r.id)}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <div className="table-scroll" aria-label={`Run ${open.id}`}>
          <h3>
            Run {open.id}: {open.label}
          </h3>
          <table aria-label={`Meters of run ${open.id}`}>
            <thead>
              <tr>
                <th>Meter</th><th>Outcome</th><th>Attempts</th><th>Registers</th><th>Intervals</th><th>Filled gaps</th><th>Clock</th><th>Seconds</th>
              </tr>
            </thead>
            <tbody>
              {open.tasks.map((t) => (
                <tr key={t.meterId} data-serial={t.serial} data-status={t.status}>
                  <td className="mono">{t.serial}</td>
                  <td className={t.status === 'failed' ? 'cell-error' : undefined}>
                    {t.status}
                    {t.error && t.status !== 'ok' && <div className="muted">{t.error}</div>}
                  </td>
                  <td className="num">{t.attempts}</td>
                  <td className="num">{t.registers ?? '—'}</td>
                  <td className="num">{t.intervals ?? '—'}</td>
                  <td className="num">{t.backfilled ?? '—'}</td>
                  <td>
                    {driftWords(t.clockDriftSeconds)}
                    {t.clockAction && t.clockAction !== 'none' && <div className="muted">{t.clockAction}</div>}
                  </td>
                  <td className="num">{t.seconds?.toFixed(1) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function GapsPanel({ zone }: { zone: string | undefined }) {
  const gaps = useCollection((s) => s.gaps);
  return (
    <section className="panel" aria-label="Gaps report">
      <div className="panel-head">
        <h2>Open gaps</h2>
        <span className="muted">Missing load-profile intervals; each is asked of the meter again on its next run.</span>
      </div>
      {gaps.length === 0 ? (
        <p className="muted">No open gap: every collected load profile is complete.</p>
      ) : (
        <table aria-label="Open load-profile gaps">
          <thead>
            <tr>
              <th>Meter</th><th>Channel</th><th>From</th><th>To</th><th>Intervals</th><th>Asked</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr key={g.id}>
                <td className="mono">{g.serial}</td>
                <td className="mono">{g.obis}</td>
                <td className="mono">{shortTime(g.fromUtc, zone)}</td>
                <td className="mono">{shortTime(g.toUtc, zone)}</td>
                <td className="num">{g.intervals}</td>
                <td className="num">{g.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
