/**
 * A programming certificate: the outcome (verified / differences / partially programmed / failed), the scheme
 * version and meter, who and when, the programming counter before and after, what was written and not
 * written, what was read back and every difference; export as JSON or text (download in browser mode).
 */
import { useEffect, useRef } from 'react';
import type { ProgrammingCertificate } from '../../../programming/plan';
import { formatInstantShort, formatMeterLocal } from '../../lib/format';
import { useCertificates } from '../../state/certificates';
import { ErrorBanner } from '../ErrorBanner';
import { WritesTable } from './PlanTable';

/** Plain names of the certificate statuses. */
export const CERTIFICATE_STATUS = {
  verified: 'Verified',
  differences: 'Differences found',
  'partially-programmed': 'Partially programmed',
  failed: 'Failed',
} as const;

function counter(c: ProgrammingCertificate['counterBefore']): string {
  return c ? `${c.count}` : 'not available';
}

function Export({ jobId }: { jobId: number }) {
  const { written, error, exportAs, dismissError } = useCertificates();
  return (
    <div className="certificate-export">
      <ErrorBanner message={error} onDismiss={dismissError} />
      <div className="section-actions">
        <button type="button" className="button button-light" onClick={() => void exportAs(jobId, 'json')}>
          Export JSON
        </button>
        <button type="button" className="button button-light" onClick={() => void exportAs(jobId, 'txt')}>
          Export text
        </button>
      </div>
      {written && (
        <div className="written" role="status" aria-label="Certificate export">
          <p>
            Written to <span className="mono">{written.path}</span>
          </p>
          {written.downloadUrl && (
            <a className="button button-primary" href={written.downloadUrl} download={written.fileName}>
              Download {written.fileName}
            </a>
          )}
        </div>
      )}
    </div>
  );
}

/** One programming certificate in full, with its export buttons. */
export function CertificateView({ certificate: c }: { certificate: ProgrammingCertificate }) {
  const zone = c.meter.timeZone;
  const ref = useRef<HTMLElement>(null);
  // A certificate that just opened (after programming, or chosen in the list) is brought into view. (Block body:
  // newer browsers return a promise from scrollIntoView, which React would take for a cleanup function.)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, [c.jobId]);
  return (
    <section ref={ref} className="panel certificate" aria-label={`Programming certificate ${c.jobId}`} data-testid="certificate" data-status={c.status}>
      <div className="panel-head">
        <h2>Programming certificate {c.jobId}</h2>
        <span className={`badge cert-${c.status}`} data-testid="certificate-status">
          {CERTIFICATE_STATUS[c.status]}
        </span>
      </div>
      {c.error && (
        <p className="banner banner-error" role="alert">
          {c.error}
        </p>
      )}
      <dl className="facts cert-facts">
        <dt>Scheme</dt>
        <dd>
          {c.scheme.name} (<span className="mono">{c.scheme.id}</span>), saved version {c.scheme.version}
        </dd>
        <dt>Meter</dt>
        <dd data-testid="certificate-meter">
          <span className="mono">{c.meter.serial}</span> · {c.meter.model}
          {c.meter.identification ? ` · ${c.meter.identification}` : ''}
          {c.seenSerial !== null && c.seenSerial !== c.meter.serial && (
            <strong className="field-error"> — the meter on the probe was {c.seenSerial}</strong>
          )}
        </dd>
        <dt>CT / VT</dt>
        <dd>
          {c.meter.ctRatio ?? 'direct'} / {c.meter.vtRatio ?? 'direct'}
        </dd>
        <dt>Staged by</dt>
        <dd data-testid="certificate-staged-by">{c.stagedBy ?? 'not recorded'}</dd>
        <dt>Approved by</dt>
        <dd data-testid="certificate-approved-by">
          {c.approvedBy ?? 'not recorded'}
          {c.approvedUtc ? ` (${formatInstantShort(c.approvedUtc, zone)})` : ''}
        </dd>
        <dt>Programmed by</dt>
        <dd data-testid="certificate-programmed-by">
          {c.operator} (ID on the meter <span className="mono">{c.meterUserId}</span>)
        </dd>
        <dt>When ({zone})</dt>
        <dd>
          {formatInstantShort(c.startedUtc, zone)} – {formatInstantShort(c.finishedUtc, zone)}
        </dd>
        <dt>Port</dt>
        <dd>
          {c.port}
          {c.emulated ? ' (a built-in emulated meter)' : ''}
        </dd>
        <dt>Meter definitions</dt>
        <dd data-testid="certificate-definitions">built-in{c.definitionFiles.length > 0 ? ` + ${c.definitionFiles.join(', ')}` : ''}</dd>
        <dt>Meter clock</dt>
        <dd>{c.meterTimeLocal ? formatMeterLocal(c.meterTimeLocal) : 'not read'}</dd>
        <dt>Programming counter</dt>
        <dd data-testid="certificate-counter">
          {counter(c.counterBefore)} before → {counter(c.counterAfter)} after
        </dd>
        <dt>Writes</dt>
        <dd>
          {c.written.length} written, {c.notWritten.length} not written, {c.readBack.length} read back, {c.differences.length} difference
          {c.differences.length === 1 ? '' : 's'}
        </dd>
      </dl>
      {c.differences.length > 0 && (
        <div className="table-scroll short">
          <table aria-label="Differences after read-back">
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">What differs</th>
                <th scope="col">Meant</th>
                <th scope="col">Meter holds</th>
              </tr>
            </thead>
            <tbody>
              {c.differences.map((d, i) => (
                <tr key={i}>
                  <td className="mono">{d.path}</td>
                  <td className="wrap">{d.message}</td>
                  <td className="mono wrap">{d.expected}</td>
                  <td className="mono wrap">{d.actual}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.notWritten.length > 0 && (
        <details open>
          <summary>Not written ({c.notWritten.length})</summary>
          <WritesTable writes={c.notWritten} label="Not written" />
        </details>
      )}
      <details>
        <summary>Written ({c.written.length})</summary>
        <WritesTable writes={c.written} label="Written" />
      </details>
      <details>
        <summary>Read back ({c.readBack.length})</summary>
        <div className="table-scroll short">
          <table aria-label="Read back">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Value read</th>
              </tr>
            </thead>
            <tbody>
              {c.readBack.map((r, i) => (
                <tr key={i}>
                  <td className="mono">{r.address}</td>
                  <td className="mono value-cell" title={r.value}>
                    {r.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p className="muted hint">Scheme content SHA-256: <span className="mono">{c.scheme.contentSha256}</span></p>
      <Export jobId={c.jobId} />
    </section>
  );
}
