/**
 * Exports of the audit trail: the records of the current filter as CSV, the whole chain as a signed JSON bundle
 * (records, signed heads, public key: `pmu audit verify --bundle` checks it offline), and the anchor alone (the latest
 * signed head: kept away from the workstation, it proves later that nothing was cut or rewritten). Each is written
 * into the workstation's exports folder; the panel shows where, and in browser mode a download link.
 */
import { useCan, useDenied } from '../../state/auth';
import { useAudit } from '../../state/audit';

export function AuditExports() {
  const exporting = useAudit((s) => s.exporting);
  const exported = useAudit((s) => s.exported);
  const denied = useDenied('audit.export');
  const can = useCan('audit.export');
  return (
    <section className="panel" aria-label="Audit exports">
      <div className="panel-head">
        <h2>Export</h2>
        <span className="muted">CSV of the records shown by the filter, or the whole signed chain for an offline check.</span>
        <div className="actions push-right">
          <button type="button" className="button button-light" disabled={!can || exporting !== null} title={denied} onClick={() => void useAudit.getState().exportCsv()}>
            {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button type="button" className="button button-light" disabled={!can || exporting !== null} title={denied} onClick={() => void useAudit.getState().exportBundle()}>
            {exporting === 'bundle' ? 'Exporting…' : 'Export signed bundle'}
          </button>
          <button
            type="button"
            className="button button-light"
            disabled={!can || exporting !== null}
            title={denied ?? 'The latest signed head: keep it away from this computer, then verify against it later.'}
            onClick={() => void useAudit.getState().exportAnchor()}
          >
            {exporting === 'anchor' ? 'Exporting…' : 'Export anchor'}
          </button>
        </div>
      </div>
      {exported.length > 0 && (
        <ul className="written written-files" aria-label="Audit exports written">
          {exported.map((e) => (
            <li key={e.kind} data-kind={e.kind}>
              <span>
                {e.kind === 'anchor' ? `Anchor: signed head of record ${e.records}` : `${e.kind === 'csv' ? 'CSV' : 'Signed bundle'}: ${e.records} record${e.records === 1 ? '' : 's'}`}
                {e.keyFingerprint ? ` · key fingerprint ${e.keyFingerprint}` : ''}
              </span>
              <span className="mono">{e.path}</span>
              {e.downloadUrl && (
                <a className="button button-primary" href={e.downloadUrl} download={e.fileName}>
                  Download {e.fileName}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
