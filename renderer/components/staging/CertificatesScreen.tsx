/** The "Certificates" screen: every programming certificate (newest first); choosing one shows it in full. */
import { useEffect } from 'react';
import { formatInstantShort } from '../../lib/format';
import { useAppInfo } from '../../state/app-info';
import { useCertificates } from '../../state/certificates';
import { ErrorBanner } from '../ErrorBanner';
import { CERTIFICATE_STATUS, CertificateView } from './CertificateView';
import { ActionsHeader } from '../shared/ActionsHeader';

/** The Certificates screen. */
export function CertificatesScreen() {
  const { list, current, loading, error, refresh, open, dismissError } = useCertificates();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  useEffect(() => {
    void useCertificates.getState().refresh();
  }, []);
  return (
    <main className="main" aria-label="Certificates">
      <ErrorBanner message={error} onDismiss={dismissError} />
      <section className="panel" aria-label="Programming certificates">
        <div className="panel-head">
          <h2>Programming certificates</h2>
          <span className="muted">One for every time a meter was programmed, with what was written and read back.</span>
          <button type="button" className="button button-light push-right" disabled={loading} onClick={() => void refresh()}>
            Refresh
          </button>
        </div>
        <div className="table-scroll">
          <table aria-label="Certificates">
            <thead>
              <tr>
                <th scope="col">Finished ({zone})</th>
                <th scope="col">Meter</th>
                <th scope="col">Scheme</th>
                <th scope="col">Result</th>
                <th scope="col">Who</th>
                <th scope="col">Port</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.jobId} data-testid="certificate-row" data-status={c.status} aria-current={current?.jobId === c.jobId ? 'true' : undefined}>
                  <td className="mono">{formatInstantShort(c.finishedUtc, zone)}</td>
                  <td className="mono">{c.meterSerial}</td>
                  <td>
                    {c.schemeName} ({c.schemeId}), saved version {c.schemeVersion}
                  </td>
                  <td>
                    <span className={`badge cert-${c.status}`}>{CERTIFICATE_STATUS[c.status]}</span>
                    {c.error ? <span className="field-error"> {c.error}</span> : null}
                  </td>
                  <td>{c.operator}</td>
                  <td>{c.port}</td>
                  <td>
                    <button type="button" className="link-button" aria-label={`Open certificate ${c.jobId}`} onClick={() => void open(c.jobId)}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.length === 0 && !loading && <p className="empty">No meter has been programmed yet.</p>}
        </div>
      </section>
      {current && <CertificateView certificate={current} />}
    </main>
  );
}
