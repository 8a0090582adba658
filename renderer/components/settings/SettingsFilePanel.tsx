/**
 * The settings file (issue 16 item 6): write this workstation's settings, probe profiles and port assignments as a
 * versioned file without secrets — a download in browser mode, or "Save as…" in the desktop app — and apply one from
 * another workstation: the file is checked first (nothing applied) and what would change is listed; "Apply" applies
 * it all at once.
 */
import { useState } from 'react';
import { isSettingKey, SETTINGS } from '../../../contract';
import { useAppInfo } from '../../state/app-info';
import { useCan } from '../../state/auth';
import { useSettings } from '../../state/settings';

function showValue(v: unknown): string {
  return v === null || v === undefined || v === '' ? '(default)' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function SettingsFilePanel() {
  const { busy, written, pendingImport } = useSettings();
  const desktop = useAppInfo((a) => a.info?.mode === 'desktop');
  const manage = useCan('settings.manage');
  const [file, setFile] = useState<File | null>(null);
  return (
    <section className="panel" aria-label="Settings file">
      <div className="panel-head">
        <h2>Settings file</h2>
        <span className="muted">Roll one configuration out to many workstations. The file never holds a password, key or user.</span>
      </div>
      <div className="section-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void useSettings.getState().exportFile(false)}>
          Export settings
        </button>
        {desktop && (
          <button type="button" className="button" disabled={busy} onClick={() => void useSettings.getState().exportFile(true)}>
            Save as…
          </button>
        )}
      </div>
      {written && (
        <div className="written" role="status" aria-label="Settings file written">
          <p>{written.path}</p>
          {written.downloadUrl && (
            <a className="button button-primary" href={written.downloadUrl} download={written.fileName}>
              Download {written.fileName}
            </a>
          )}
        </div>
      )}
      {manage && (
        <form
          className="settings-import"
          aria-label="Import a settings file"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) void useSettings.getState().checkImport(file);
          }}
        >
          <h3>Apply a settings file</h3>
          <input type="file" accept=".json,application/json" aria-label="Settings file to apply" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <button type="submit" className="button" disabled={busy || !file}>
            Check file
          </button>
        </form>
      )}
      {pendingImport && (
        <div className="import-preview" role="region" aria-label="Settings file check">
          <p>
            <strong>{pendingImport.name}</strong> is valid for this workstation. Applying it changes {pendingImport.preview.changed.length} setting
            {pendingImport.preview.changed.length === 1 ? '' : 's'} and brings {pendingImport.preview.profiles} probe profile
            {pendingImport.preview.profiles === 1 ? '' : 's'} and {pendingImport.preview.ports} port assignment{pendingImport.preview.ports === 1 ? '' : 's'}.
          </p>
          {pendingImport.preview.changed.length > 0 && (
            <table aria-label="Changes in the settings file">
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">Now</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {pendingImport.preview.changed.map((c) => (
                  <tr key={c.key}>
                    <td>
                      {isSettingKey(c.key) ? `${SETTINGS[c.key].label} ` : ''}
                      <span className="mono muted">{c.key}</span>
                    </td>
                    <td>{showValue(c.before)}</td>
                    <td>{showValue(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="section-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void useSettings.getState().applyImport()}>
              Apply settings file
            </button>
            <button type="button" className="button button-light" disabled={busy} onClick={() => useSettings.setState({ pendingImport: null })}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
