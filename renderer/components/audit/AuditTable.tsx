/**
 * The audit records found, newest first: sequence number, time (workstation time zone), user, role, action, meter,
 * object, the before/after summary in one line (the full JSON as its tooltip), and the link to the raw probe trace
 * (a stored reading: opens it on the Read meter screen). "Show older records" loads the next page.
 */
import type { AuditRecordView } from '../../../contract';
import { actionLabel, summaryText, traceReadingId } from '../../lib/audit-words';
import { formatInstantShort } from '../../lib/format';
import { roleLabel } from '../../lib/permissions';
import { openReading } from '../../state/actions';
import { useAppInfo } from '../../state/app-info';
import { useAudit } from '../../state/audit';

function Row({ r, zone }: { r: AuditRecordView; zone: string }) {
  const reading = traceReadingId(r.traceRef);
  return (
    <tr data-seq={r.seq} data-action={r.action} data-user={r.username}>
      <td className="num">{r.seq}</td>
      <td className="mono">{formatInstantShort(r.timeUtc, zone)}</td>
      <td>{r.username}</td>
      <td>{roleLabel(r.role)}</td>
      <td title={r.action}>{actionLabel(r.action)}</td>
      <td className="mono">{r.meterSerial ?? '—'}</td>
      <td className="mono">{r.object ?? '—'}</td>
      <td className="wrap audit-summary" title={JSON.stringify(r.summary, null, 1)}>
        {summaryText(r.summary) || '—'}
      </td>
      <td>
        {reading !== null ? (
          <button type="button" className="link-button" aria-label={`Open the raw trace of record ${r.seq} (reading ${reading})`} onClick={() => void openReading(reading)}>
            Reading {reading}
          </button>
        ) : (
          (r.traceRef ?? '—')
        )}
      </td>
    </tr>
  );
}

export function AuditTable() {
  const { records, total, nextBeforeSeq, loading } = useAudit();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  return (
    <section className="panel" aria-label="Audit records">
      <div className="panel-head">
        <h2>Records</h2>
        <span className="muted" data-testid="audit-count">
          {loading && records.length === 0 ? 'Loading…' : `${records.length} of ${total} shown`}
        </span>
      </div>
      <div className="table-scroll tall">
        <table className="audit-table" aria-label="Audit records">
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col">Time ({zone})</th>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Action</th>
              <th scope="col">Meter</th>
              <th scope="col">Object</th>
              <th scope="col">Summary (before → after)</th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <Row key={r.seq} r={r} zone={zone} />
            ))}
          </tbody>
        </table>
        {records.length === 0 && !loading && <p className="empty">No audit records match the filter.</p>}
      </div>
      {nextBeforeSeq !== null && (
        <button type="button" className="button button-light load-more" disabled={loading} onClick={() => void useAudit.getState().more()}>
          Show older records
        </button>
      )}
    </section>
  );
}
