/**
 * The Import screen: drop files (or "Choose files…"), choose Append or Overwrite, follow the progress, read one
 * result per file in plain words; a CSV that is not our own format opens the column mapping dialog. Below: the
 * recent import attempts (the import log), also those of watched folders.
 */
import { useEffect, useState, type DragEvent } from 'react';
import { formatInstant } from '../lib/format';
import { useAppInfo } from '../state/app-info';
import { describeOutcome, useImportJob, type ImportRow } from '../state/import-job';
import { useImportLog } from '../state/import-log';
import { ColumnMappingDialog } from './ColumnMappingDialog';
import { ErrorBanner } from './ErrorBanner';

const RESULT_NAMES: Readonly<Record<ImportRow['result'], string>> = {
  imported: 'Imported',
  duplicate: 'Duplicate',
  replaced: 'Replaced',
  quarantined: 'Quarantined',
  skipped: 'Skipped',
  failed: 'Not imported',
};

function DropZone({ disabled }: { disabled: boolean }) {
  const [over, setOver] = useState(false);
  const importFiles = useImportJob((s) => s.importFiles);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) void importFiles([...e.dataTransfer.files]);
  };
  return (
    <div
      className="dropzone"
      data-over={over}
      aria-label="Drop files here"
      role="group"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        <strong>Drop files here</strong> — .RES files, raw readout captures, load-profile CSV or JSON exports — or
      </p>
      <label className={`button button-primary${disabled ? ' is-disabled' : ''}`}>
        Choose files…
        <input
          type="file"
          multiple
          className="visually-hidden"
          disabled={disabled}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void importFiles(files);
          }}
        />
      </label>
    </div>
  );
}

function Progress() {
  const { status, progress, rows } = useImportJob();
  if (status === 'idle') return null;
  const text =
    status === 'running'
      ? progress && progress.total > 0
        ? `Importing ${Math.min(progress.done + 1, progress.total)} of ${progress.total}${progress.file ? `: ${progress.file}` : '…'}`
        : 'Reading the files…'
      : status === 'mapping'
        ? 'Waiting for the column mapping of a CSV file…'
        : `Finished: ${rows.length} file${rows.length === 1 ? '' : 's'}.`;
  return (
    <div className="import-progress" role="status" aria-label="Import progress" data-status={status}>
      <span>{text}</span>
      <progress aria-label="Files imported" max={progress?.total || 1} value={status === 'done' ? progress?.total || 1 : (progress?.done ?? 0)} />
    </div>
  );
}

function Results() {
  const rows = useImportJob((s) => s.rows);
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table aria-label="Import results">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-file={r.file} data-result={r.result}>
              <td className="mono">{r.file}</td>
              <td>
                <span className={`badge badge-${r.result}`}>{RESULT_NAMES[r.result]}</span>
              </td>
              <td className="wrap">
                {r.detail}
                {r.outcome?.signature && (
                  <span className="muted" data-testid="res-signature">
                    {' '}
                    · {r.outcome.signature}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function History() {
  const { recent, refresh } = useImportLog();
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <section className="panel" aria-label="Import history">
      <div className="panel-head">
        <h2>Import history</h2>
        <span className="muted">The last {recent.length} attempts, also from watched folders.</span>
        <button type="button" className="button button-light push-right" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <div className="table-scroll">
        <table aria-label="Import history">
          <thead>
            <tr>
              <th scope="col">When ({zone})</th>
              <th scope="col">File</th>
              <th scope="col">From</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((e) => (
              <tr key={e.id}>
                <td className="mono">{formatInstant(e.atUtc, zone)}</td>
                <td className="mono path cell-path" title={e.file}>
                  {e.file.split(/[\\/]/).pop()}
                </td>
                <td className="wrap">{e.origin ?? '—'}</td>
                <td>
                  <span className={`badge badge-${e.result}`}>{RESULT_NAMES[e.result]}</span>
                </td>
                <td className="num">{e.durationMs < 1000 ? `${Math.round(e.durationMs)} ms` : `${(e.durationMs / 1000).toFixed(1)} s`}</td>
                <td className="wrap">{describeOutcome(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {recent.length === 0 && <p className="empty">Nothing has been imported yet.</p>}
      </div>
    </section>
  );
}

export function ImportScreen() {
  const { mode, status, error, pending, setMode } = useImportJob();
  const defaultMode = useAppInfo((a) => a.info?.importDefaults?.mode);
  useEffect(() => {
    // The administrator's default import mode (Settings → Files and import), until the user picks one here.
    if (defaultMode && useImportJob.getState().status === 'idle') setMode(defaultMode);
  }, [defaultMode, setMode]);
  const busy = status === 'running' || status === 'mapping';
  return (
    <main className="main">
      <ErrorBanner message={error} onDismiss={() => useImportJob.getState().dismissError()} />
      <section className="panel" aria-label="Import files">
        <div className="panel-head">
          <h2>Import files</h2>
          <span className="muted">A file is imported whole or not at all; the same reading is never stored twice.</span>
        </div>
        <fieldset className="radio-row" disabled={busy}>
          <legend>When the same meter and session is already stored</legend>
          <label className="check">
            <input type="radio" name="import-mode" value="append" checked={mode === 'append'} onChange={() => setMode('append')} />
            Append (keep both; an identical reading is a duplicate)
          </label>
          <label className="check">
            <input type="radio" name="import-mode" value="overwrite" checked={mode === 'overwrite'} onChange={() => setMode('overwrite')} />
            Overwrite (replace the stored reading)
          </label>
        </fieldset>
        <DropZone disabled={busy} />
        <Progress />
        <Results />
      </section>
      <History />
      {busy && pending[0] && <ColumnMappingDialog key={pending[0].file.name + pending[0].file.size} pending={pending[0]} />}
    </main>
  );
}
