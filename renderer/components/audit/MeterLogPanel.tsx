/**
 * The meter's own programming log beside ours (audit.meterLog), shown when the filter names a meter: the
 * programming counter and newest programming time from each stored reading of the meter, our records of programming
 * and clock sets of it, and every interval where the two disagree, flagged (programmed with another tool, or an
 * upload that did not reach the meter).
 */
import { actionLabel } from '../../lib/audit-words';
import { formatInstantShort, formatMeterLocal } from '../../lib/format';
import { useAppInfo } from '../../state/app-info';
import { useAudit } from '../../state/audit';

export function MeterLogPanel() {
  const log = useAudit((s) => s.meterLog);
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  if (!log) return null;
  const flagged = new Set(log.mismatches.flatMap((m) => [m.fromReadingId, m.toReadingId]));
  return (
    <section className="panel" aria-label={`Programming log of meter ${log.meterSerial}`} data-testid="meter-log">
      <div className="panel-head">
        <h2>Programming log of meter {log.meterSerial}</h2>
        <span className="muted">The meter&apos;s programming counter (from its readings) beside this workstation&apos;s records.</span>
      </div>
      {log.mismatches.length > 0 ? (
        <ul className="notes" aria-label="Mismatches">
          {log.mismatches.map((m) => (
            <li key={`${m.fromReadingId}-${m.toReadingId}`} className="note-warning" data-testid="meter-log-mismatch">
              {m.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="meter-log-agrees">
          {log.meter.length < 2 ? 'Fewer than two readings with a programming counter: nothing to compare yet.' : 'The meter’s counter and our records agree.'}
        </p>
      )}
      <div className="log-panels">
        <div className="table-scroll short">
          <table aria-label="The meter's counter">
            <thead>
              <tr>
                <th scope="col">Reading</th>
                <th scope="col">Read ({zone})</th>
                <th scope="col" className="num">Programming counter</th>
                <th scope="col">Last programmed (meter time)</th>
              </tr>
            </thead>
            <tbody>
              {log.meter.map((m) => (
                <tr key={m.readingId} className={flagged.has(m.readingId) ? 'note-warning' : undefined}>
                  <td className="num">{m.readingId}</td>
                  <td className="mono">{formatInstantShort(m.readUtc, zone)}</td>
                  <td className="num">{m.programmingCounter ?? '—'}</td>
                  <td className="mono">{m.lastProgrammedLocal ? formatMeterLocal(m.lastProgrammedLocal) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll short">
          <table aria-label="Our records">
            <thead>
              <tr>
                <th scope="col">Time ({zone})</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {log.ours.map((r) => (
                <tr key={r.seq}>
                  <td className="mono">{formatInstantShort(r.timeUtc, zone)}</td>
                  <td>{r.username}</td>
                  <td>{actionLabel(r.action)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.ours.length === 0 && <p className="empty">No programming or clock set recorded for this meter.</p>}
        </div>
      </div>
    </section>
  );
}
