/**
 * The audit records found, newest first: sequence number, time (workstation time zone), user and role, action (with
 * its object below), meter, the summary in words with units (../../lib/audit-summary.ts), and the link to the trace
 * (a stored reading opens on the Read meter screen, a certificate on the Certificates screen). "Details" opens the
 * full record under its row: every member before and after in words, the object, the trace, the hashes and the raw
 * JSON. The table fits a 1366 px wide window without cutting the Trace column (summary and object wrap).
 * "Show older records" loads the next page.
 */
import { Fragment, useState } from 'react';
import type { AuditRecordView } from '../../../contract';
import { detailRows } from '../../lib/audit-fields';
import { summaryWords } from '../../lib/audit-summary';
import { actionLabel, traceTarget } from '../../lib/audit-words';
import { formatInstantShort } from '../../lib/format';
import { roleLabel } from '../../lib/permissions';
import { openCertificate, openReading } from '../../state/actions';
import { useAppInfo } from '../../state/app-info';
import { useAudit } from '../../state/audit';

const COLUMNS = 8;

function Trace({ r }: { r: AuditRecordView }) {
  const t = traceTarget(r.traceRef);
  if (t === null) return <>—</>;
  if (t.kind === 'text') return <span className="mono">{t.label}</span>;
  const open = () => void (t.kind === 'reading' ? openReading(t.id) : openCertificate(t.id));
  const what = t.kind === 'reading' ? `the raw trace of record ${r.seq} (reading ${t.id})` : `the certificate of record ${r.seq} (programming job ${t.id})`;
  return (
    <button type="button" className="link-button" aria-label={`Open ${what}`} onClick={open}>
      {t.label}
    </button>
  );
}

/** The full record under its row: every summary member in words, then the raw facts. */
function Details({ r, zone }: { r: AuditRecordView; zone: string }) {
  const rows = detailRows(r.summary, zone);
  return (
    <tr className="audit-details-row">
      <td colSpan={COLUMNS}>
        <div className="audit-details" role="group" aria-label={`Details of record ${r.seq}`}>
          {rows.length > 0 ? (
            <table className="audit-detail-table" aria-label={`What record ${r.seq} changed`}>
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.key} data-key={d.key} className={d.changed ? 'changed' : undefined}>
                    <th scope="row">{d.label}</th>
                    <td className="wrap">{d.before ?? ''}</td>
                    <td className="wrap">{d.after ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">This record has no before/after summary.</p>
          )}
          <dl className="facts audit-detail-facts">
            <dt>Object</dt>
            <dd className="mono">{r.object ?? '—'}</dd>
            <dt>Action code</dt>
            <dd className="mono">{r.action}</dd>
            <dt>Trace</dt>
            <dd className="mono">{r.traceRef ?? '—'}</dd>
            <dt>Record hash</dt>
            <dd className="mono">{r.hash}</dd>
            <dt>Previous hash</dt>
            <dd className="mono">{r.prevHash}</dd>
          </dl>
          <details>
            <summary>Raw summary (JSON)</summary>
            <pre className="mono">{JSON.stringify(r.summary, null, 2)}</pre>
          </details>
        </div>
      </td>
    </tr>
  );
}

function Row({ r, zone, open, onToggle }: { r: AuditRecordView; zone: string; open: boolean; onToggle: () => void }) {
  return (
    <Fragment>
      <tr data-seq={r.seq} data-action={r.action} data-user={r.username} data-meter={r.meterSerial ?? ''}>
        <td className="num">{r.seq}</td>
        <td className="mono">{formatInstantShort(r.timeUtc, zone)}</td>
        <td className="wrap">
          {r.username}
          <div className="muted small">{roleLabel(r.role)}</div>
        </td>
        <td className="wrap" title={r.action}>
          {actionLabel(r.action)}
          {r.object && <div className="muted small mono audit-object">{r.object}</div>}
        </td>
        <td className="mono">{r.meterSerial ?? '—'}</td>
        <td className="wrap audit-summary" data-testid="audit-summary">
          {summaryWords(r.action, r.summary, zone) || '—'}
        </td>
        <td>
          <Trace r={r} />
        </td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} aria-label={`Details of record ${r.seq}`} onClick={onToggle}>
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open && <Details r={r} zone={zone} />}
    </Fragment>
  );
}

export function AuditTable() {
  const { records, total, nextBeforeSeq, loading } = useAudit();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
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
              <th scope="col">Action</th>
              <th scope="col">Meter</th>
              <th scope="col">Summary</th>
              <th scope="col">Trace</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <Row key={r.seq} r={r} zone={zone} open={open.has(r.seq)} onToggle={() => toggle(r.seq)} />
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
