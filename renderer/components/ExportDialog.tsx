/**
 * The export dialog: readings (load profile, registers or both; one meter or all; a range of days in the
 * workstation's time zone) as CSV, JSON or XLSX — or the meter list as CSV or JSON. The workstation writes the
 * file into its exports folder; the dialog shows where, and in browser mode offers a download link.
 */
import { useState } from 'react';
import { dayRange } from '../lib/dates';
import { useAppInfo } from '../state/app-info';
import { useExport } from '../state/export-job';
import { meterLabel, useMeters } from '../state/meters';
import { ErrorBanner } from './ErrorBanner';
import { Field } from './Field';
import { Modal } from './Modal';

type What = 'readings' | 'meters';
type Format = 'csv' | 'json' | 'xlsx';
type Content = 'load-profile' | 'registers' | 'all';

export function ExportDialog() {
  const { preset, running, written, error, close } = useExport();
  const meters = useMeters((s) => s.list);
  const info = useAppInfo((s) => s.info);
  const zone = info?.timeZone ?? 'UTC';
  const [what, setWhat] = useState<What>('readings');
  const [format, setFormat] = useState<Format>('csv');
  const [content, setContent] = useState<Content>('load-profile');
  const [serial, setSerial] = useState(preset.meterSerial);
  const [from, setFrom] = useState(preset.from);
  const [to, setTo] = useState(preset.to);
  const range = dayRange(from, to, zone);

  const run = () => {
    const exp = useExport.getState();
    if (what === 'meters') {
      void exp.exportMeters(format === 'json' ? 'json' : 'csv');
      return;
    }
    if (range.error) return;
    void exp.exportReadings({
      format,
      content,
      ...(serial ? { meterSerial: serial } : {}),
      ...(range.fromUtc ? { fromUtc: range.fromUtc } : {}),
      ...(range.toUtc ? { toUtc: range.toUtc } : {}),
    });
  };

  return (
    <Modal title="Export" onClose={close}>
      <ErrorBanner message={error} onDismiss={() => useExport.setState({ error: null })} />
      <form
        className="export-form"
        aria-label="Export"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <fieldset className="radio-row">
          <legend>What</legend>
          <label className="check">
            <input type="radio" name="export-what" checked={what === 'readings'} onChange={() => setWhat('readings')} />
            Readings
          </label>
          <label className="check">
            <input
              type="radio"
              name="export-what"
              checked={what === 'meters'}
              onChange={() => {
                setWhat('meters');
                if (format === 'xlsx') setFormat('csv');
              }}
            />
            Meter list (parameters)
          </label>
        </fieldset>
        <div className="form-grid">
          <Field label="Format">
            {(c) => (
              <select {...c} value={format} onChange={(e) => setFormat(e.target.value as Format)}>
                <option value="csv">CSV (spreadsheets; re-importable)</option>
                <option value="json">JSON (complete; re-importable)</option>
                {what === 'readings' && <option value="xlsx">XLSX (Excel workbook)</option>}
              </select>
            )}
          </Field>
          {what === 'readings' && (
            <>
              <Field label="Content">
                {(c) => (
                  <select {...c} value={content} onChange={(e) => setContent(e.target.value as Content)}>
                    <option value="load-profile">Load profile</option>
                    <option value="registers">Registers</option>
                    <option value="all">Load profile and registers</option>
                  </select>
                )}
              </Field>
              <Field label="Meter">
                {(c) => (
                  <select {...c} value={serial} onChange={(e) => setSerial(e.target.value)}>
                    <option value="">All meters</option>
                    {meters
                      .filter((m) => m.serial !== null)
                      .map((m) => (
                        <option key={m.id} value={m.serial ?? ''}>
                          {meterLabel(m)}
                        </option>
                      ))}
                  </select>
                )}
              </Field>
              <Field label="From day">{(c) => <input {...c} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
              <Field label="To day" error={range.error}>
                {(c) => <input {...c} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
              </Field>
            </>
          )}
        </div>
        {what === 'readings' && <p className="muted">Days are in {zone}. Times in the file are given in UTC and in local time with the time zone and DST flag.</p>}
        {written && (
          <div className="written" role="status" aria-label="Export written">
            <p>Exported {written.summary}:</p>
            <ul className="written-files">
              {written.files.map((f) => (
                <li key={f.path}>
                  <span className="mono">{f.path}</span>
                  {f.downloadUrl && (
                    <a className="button button-primary" href={f.downloadUrl} download={f.fileName}>
                      Download {f.fileName}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={close}>
            Close
          </button>
          <button type="submit" className="button button-primary" disabled={running || (what === 'readings' && range.error !== null)}>
            {running ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
