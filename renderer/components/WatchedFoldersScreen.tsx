/**
 * Watched folders: the folders the workstation scans for new reading files, with their settings and live
 * status (last scan, next scan, last result or error, files imported so far); add, edit, delete, "Scan now".
 */
import { useEffect } from 'react';
import type { WatchedFolderView } from '../../contract';
import { formatInstantShort } from '../lib/format';
import { useAppInfo } from '../state/app-info';
import { useDenied } from '../state/auth';
import { newFolderDraft, useWatchedFolders } from '../state/watched-folders';
import { ErrorBanner } from './ErrorBanner';
import { WatchedFolderForm } from './WatchedFolderForm';
import { ActionsHeader } from './shared/ActionsHeader';

function every(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function Row({ f, zone }: { f: WatchedFolderView; zone: string }) {
  const { scanning, edit, remove, scanNow } = useWatchedFolders();
  const denied = useDenied('readings.import');
  const busy = scanning.includes(f.id);
  const s = f.status;
  const when = (utc: string | null | undefined) => (utc ? formatInstantShort(utc, zone) : '—');
  const settings = [f.mode === 'append' ? 'Append' : 'Overwrite', f.recursive ? 'with subfolders' : null, f.after === 'move' ? 'move to “imported”' : 'leave files'];
  return (
    <tr data-folder-id={f.id} data-path={f.path}>
      <td className="mono path cell-path" title={f.path}>
        {f.path}
      </td>
      <td>{every(f.intervalSeconds)}</td>
      <td className="wrap">{settings.filter((x) => x !== null).join(' · ')}</td>
      <td>{f.enabled ? 'Enabled' : 'Paused'}</td>
      <td className="mono" data-col="last-scan">{when(s?.lastScanUtc)}</td>
      <td className="mono" data-col="next-scan">{f.enabled ? when(s?.nextScanUtc) : '—'}</td>
      <td className="wrap" data-col="last-result">
        {s?.lastError ? <span className="field-error">{s.lastError}</span> : (s?.lastResult ?? 'Not scanned yet')}
        {s && s.importedTotal > 0 ? <span className="muted"> · {s.importedTotal} imported in all</span> : null}
      </td>
      <td>
        <div className="actions">
        <button type="button" className="link-button" aria-label={`Scan ${f.path} now`} disabled={busy || !f.enabled || denied !== undefined} title={denied} onClick={() => void scanNow(f.id)}>
          {busy ? 'Scanning…' : 'Scan now'}
        </button>
        <button
          type="button"
          className="link-button"
          aria-label={`Edit ${f.path}`}
          disabled={denied !== undefined}
          title={denied}
          onClick={() => edit({ id: f.id, path: f.path, interval: String(f.intervalSeconds), mode: f.mode, recursive: f.recursive, after: f.after, enabled: f.enabled })}
        >
          Edit
        </button>
        <button
          type="button"
          className="link-button danger"
          aria-label={`Stop watching ${f.path}`}
          disabled={denied !== undefined}
          title={denied}
          onClick={() => {
            if (window.confirm(`Stop watching ${f.path}? Its files are left alone.`)) void remove(f.id);
          }}
        >
          Delete
        </button>
        </div>
      </td>
    </tr>
  );
}

export function WatchedFoldersScreen() {
  const { folders, loading, draft, error, refresh, edit } = useWatchedFolders();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const denied = useDenied('readings.import');
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <main className="main">
      {!draft && <ErrorBanner message={error} onDismiss={() => useWatchedFolders.getState().dismissError()} />}
      <section className="panel" aria-label="Watched folders">
        <div className="panel-head">
          <h2>Watched folders</h2>
          <span className="muted">New files in these folders are imported automatically while the workstation runs.</span>
          <button type="button" className="button button-light push-right" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </button>
          <button type="button" className="button button-primary" disabled={denied !== undefined} title={denied} onClick={() => edit(newFolderDraft(useAppInfo.getState().info?.importDefaults))}>
            Add folder…
          </button>
        </div>
        <div className="table-scroll tall">
          <table aria-label="Watched folders">
            <thead>
              <tr>
                <th scope="col">Folder</th>
                <th scope="col">Every</th>
                <th scope="col">Settings</th>
                <th scope="col">State</th>
                <th scope="col">Last scan ({zone})</th>
                <th scope="col">Next scan</th>
                <th scope="col">Last result</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {folders.map((f) => (
                <Row key={f.id} f={f} zone={zone} />
              ))}
            </tbody>
          </table>
          {folders.length === 0 && !loading && <p className="empty">No folder is watched. Add one to import its .RES files automatically.</p>}
        </div>
      </section>
      {draft && <WatchedFolderForm draft={draft} />}
    </main>
  );
}
