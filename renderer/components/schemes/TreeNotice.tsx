/** What the last scheme export or import did: the written file (with a download link in browser mode), or one line per imported scheme. */
import { useSchemeTree } from '../../state/scheme-tree';
import { openScheme } from '../../state/scheme-actions';

const RESULT_NAMES = { imported: 'Imported', 'already-present': 'Already present', problems: 'Not imported' } as const;

/** The last export or import result under the tree, until dismissed. */
export function TreeNotice() {
  const notice = useSchemeTree((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="written tree-notice" role="status" aria-label={notice.kind === 'export' ? 'Scheme export' : 'Scheme import'}>
      {notice.kind === 'export' ? (
        <>
          <p>
            Exported {notice.file.schemes} scheme{notice.file.schemes === 1 ? '' : 's'} to <span className="mono">{notice.file.path}</span>
          </p>
          {notice.file.downloadUrl && (
            <a className="button button-primary" href={notice.file.downloadUrl} download={notice.file.fileName}>
              Download {notice.file.fileName}
            </a>
          )}
        </>
      ) : (
        <ul className="written-files">
          {notice.results.map((r, i) => (
            <li key={i} data-result={r.result}>
              <span>
                <span className={`badge ${r.result === 'problems' ? 'badge-failed' : r.result === 'imported' ? 'badge-imported' : 'badge-duplicate'}`}>{RESULT_NAMES[r.result]}</span> {r.source}
              </span>
              <span>{r.message}</span>
              {r.problems.slice(0, 5).map((p, k) => (
                <span key={k} className={p.severity === 'error' ? 'field-error' : 'muted'}>
                  {p.message}
                </span>
              ))}
              {r.schemeStoreId !== null && (
                <button type="button" className="link-button" onClick={() => void openScheme(r.schemeStoreId!, r.version ?? undefined)}>
                  Open
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="link-button" onClick={() => useSchemeTree.getState().dismiss()}>
        Dismiss
      </button>
    </div>
  );
}
