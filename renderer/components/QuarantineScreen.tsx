/**
 * The quarantine: files that could not be imported (their latest attempt), with the plain reason and the line
 * of the file where the problem is, so the technician can fix or re-export them and import again.
 */
import { useEffect } from 'react';
import { formatInstant } from '../lib/format';
import { useAppInfo } from '../state/app-info';
import { useImportLog } from '../state/import-log';
import { ErrorBanner } from './ErrorBanner';

const KIND_NAMES: Readonly<Record<string, string>> = { res: '.RES file', readout: 'Readout capture', csv: 'CSV', json: 'JSON export' };

export function QuarantineScreen() {
  const { quarantine, loading, error, refresh } = useImportLog();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <main className="main">
      <ErrorBanner message={error} onDismiss={() => useImportLog.getState().dismissError()} />
      <section className="panel" aria-label="Quarantine">
        <div className="panel-head">
          <h2>Quarantine</h2>
          <span className="muted">
            {quarantine.length} file{quarantine.length === 1 ? '' : 's'} could not be imported. Nothing of them was stored; fix the file and import it again.
          </span>
          <button type="button" className="button button-light push-right" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </button>
        </div>
        <div className="table-scroll tall">
          <table aria-label="Quarantined files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">When ({zone})</th>
                <th scope="col">Kind</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">Line</th>
              </tr>
            </thead>
            <tbody>
              {quarantine.map((e) => (
                <tr key={e.id} data-file={e.file.split(/[\\/]/).pop()}>
                  <td className="mono path cell-path" title={e.file}>
                    {e.file.split(/[\\/]/).pop()}
                  </td>
                  <td className="mono">{formatInstant(e.atUtc, zone)}</td>
                  <td>{e.kind ? (KIND_NAMES[e.kind] ?? e.kind) : 'Unknown'}</td>
                  <td className="wrap">{e.reason ?? '—'}</td>
                  <td className="num">{e.line ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {quarantine.length === 0 && !loading && <p className="empty">No file is in quarantine.</p>}
        </div>
      </section>
    </main>
  );
}
