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
import { WatchRootsPanel } from './WatchRootsPanel';
import { RowsTable } from './shared/RowsTable';

function every(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

const settingsOf = (f: WatchedFolderView) =>
  [f.mode === 'append' ? 'Append' : 'Overwrite', f.recursive ? 'with subfolders' : null, f.after === 'move' ? 'move to “imported”' : 'leave files'].filter((x) => x !== null).join(' · ');

/** A folder's buttons: Scan now, Edit, Delete (stop watching; its files are left alone). */
function FolderActions({ f }: { f: WatchedFolderView }) {
  const { scanning, edit, remove, scanNow } = useWatchedFolders();
  const denied = useDenied('readings.import');
  const busy = scanning.includes(f.id);
  return (
    <>
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
    </>
  );
}

function LastResult({ f }: { f: WatchedFolderView }) {
  const s = f.status;
  return (
    <>
      {s?.lastError ? <span className="field-error">{s.lastError}</span> : (s?.lastResult ?? 'Not scanned yet')}
      {s && s.importedTotal > 0 ? <span className="muted"> · {s.importedTotal} imported in all</span> : null}
    </>
  );
}

export function WatchedFoldersScreen() {
  const { folders, loading, draft, error, refresh, edit } = useWatchedFolders();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const denied = useDenied('readings.import');
  const when = (utc: string | null | undefined) => (utc ? formatInstantShort(utc, zone) : '—');
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
        <RowsTable
          kind="list"
          scroll="tall"
          label="Watched folders"
          rows={folders}
          rowKey={(f) => f.id}
          rowProps={(f) => ({ 'data-folder-id': f.id, 'data-path': f.path })}
          columns={[
            { header: 'Folder', className: 'mono path cell-path', cellProps: (f) => ({ title: f.path }), cell: (f) => f.path },
            { header: 'Every', cell: (f) => every(f.intervalSeconds) },
            { header: 'Settings', className: 'wrap', cell: settingsOf },
            { header: 'State', cell: (f) => (f.enabled ? 'Enabled' : 'Paused') },
            { header: `Last scan (${zone})`, className: 'mono', cellProps: () => ({ 'data-col': 'last-scan' }), cell: (f) => when(f.status?.lastScanUtc) },
            { header: 'Next scan', className: 'mono', cellProps: () => ({ 'data-col': 'next-scan' }), cell: (f) => (f.enabled ? when(f.status?.nextScanUtc) : '—') },
            { header: 'Last result', className: 'wrap', cellProps: () => ({ 'data-col': 'last-result' }), cell: (f) => <LastResult f={f} /> },
          ]}
          rowActions={(f) => <FolderActions f={f} />}
          empty={loading ? undefined : 'No folder is watched. Add one to import its .RES files automatically.'}
        />
      </section>
      <WatchRootsPanel />
      {draft && <WatchedFolderForm draft={draft} />}
    </main>
  );
}
