/**
 * The column mapping dialog for a foreign load-profile CSV: the sniffed header and sample rows, and the form
 * that says how to read them — delimiter, decimal mark, header rows, time stamp column, its format and time
 * zone, whether it marks the interval start or end, the capture period, the value columns with OBIS code and
 * unit, the status column, and the meter. First guesses come from renderer/lib/csv-guess.ts.
 */
import { useMemo, useState } from 'react';
import { COMMON_UNITS, guessMapping, TIMESTAMP_FORMATS, toMapping, type MappingDraft, type MappingErrors } from '../lib/csv-guess';
import { useAppInfo } from '../state/app-info';
import { useImportJob, type PendingCsv } from '../state/import-job';
import { Field, type FieldControlProps } from './Field';
import { Modal } from './Modal';
import { TIME_ZONE_LIST_ID, TimeZoneList } from './shared/TimeZoneList';


export function ColumnMappingDialog({ pending }: { pending: PendingCsv }) {
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const { sniff, file, problem } = pending;
  const [draft, setDraft] = useState<MappingDraft>(() => guessMapping(sniff, zone));
  // Problems are shown once the technician has tried to import, then kept up to date as fields change.
  const [tried, setTried] = useState(false);
  const running = useImportJob((s) => s.status === 'running');
  const set = (patch: Partial<MappingDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setChannel = (i: number, patch: Partial<MappingDraft['channels'][number]>) =>
    setDraft((d) => ({ ...d, channels: d.channels.map((c, k) => (k === i ? { ...c, ...patch } : c)) }));

  const columns = useMemo(() => {
    const n = Math.max(sniff.headers.length, ...sniff.sample.map((r) => r.length));
    return Array.from({ length: n }, (_, i) => `${i + 1}: ${draft.headerRows > 0 ? (sniff.headers[i] ?? '') : `column ${i + 1}`}`);
  }, [sniff, draft.headerRows]);
  const dataRows = draft.headerRows > 0 ? sniff.sample : [sniff.headers, ...sniff.sample];
  const stamps = dataRows.map((r) => r[draft.timestampColumn] ?? '').filter((s) => s.trim() !== '');

  const built = toMapping(draft, stamps);
  const errors: MappingErrors = tried && 'errors' in built ? built.errors : {};
  const submit = () => {
    setTried(true);
    if ('mapping' in built) void useImportJob.getState().applyMapping(built.mapping);
  };
  const columnSelect = (c: FieldControlProps, value: number, onChange: (v: number) => void, none?: string) => (
    <select {...c} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {none !== undefined && <option value={-1}>{none}</option>}
      {columns.map((label, i) => (
        <option key={i} value={i}>
          {label}
        </option>
      ))}
    </select>
  );

  return (
    <Modal title={`Column mapping: ${file.name}`} onClose={() => useImportJob.getState().skipMapping()} wide>
      <p className="muted">This CSV is not a PMU export. Say how to read it; the first guesses come from its first lines.</p>
      {problem && (
        <div role="alert" className="banner banner-error">
          <span className="banner-text">{problem} Change the mapping and try again, or skip the file.</span>
        </div>
      )}
      <div className="table-scroll sample">
        <table aria-label="Sample rows">
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dataRows.slice(0, 4).map((r, i) => (
              <tr key={i}>
                {columns.map((_c, k) => (
                  <td key={k} className="mono">
                    {r[k] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="mapping-form" aria-label="Column mapping" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div className="form-grid">
          <Field label="Delimiter">
            {(c) => (
              <select {...c} value={draft.delimiter} onChange={(e) => set({ delimiter: e.target.value as MappingDraft['delimiter'] })}>
                <option value=";">Semicolon ;</option>
                <option value=",">Comma ,</option>
                <option value={'\t'}>Tab</option>
              </select>
            )}
          </Field>
          <Field label="Decimal mark">
            {(c) => (
              <select {...c} value={draft.decimal} onChange={(e) => set({ decimal: e.target.value as MappingDraft['decimal'] })}>
                <option value=".">Point (12.5)</option>
                <option value=",">Comma (12,5)</option>
              </select>
            )}
          </Field>
          <Field label="Header rows">
            {(c) => <input {...c} type="number" min={0} max={20} value={draft.headerRows} onChange={(e) => set({ headerRows: Math.max(0, Number(e.target.value) || 0) })} />}
          </Field>
          <Field label="Time stamp column">{(c) => columnSelect(c, draft.timestampColumn, (v) => set({ timestampColumn: v }))}</Field>
          <Field label="Time stamp format" error={errors.timestampFormat}>
            {(c) => <input {...c} list="pmu-ts-formats" value={draft.timestampFormat} spellCheck={false} onChange={(e) => set({ timestampFormat: e.target.value })} />}
          </Field>
          <Field label="Time zone of the time stamps" error={errors.timeZone}>
            {(c) => <input {...c} list={TIME_ZONE_LIST_ID} value={draft.timeZone} spellCheck={false} onChange={(e) => set({ timeZone: e.target.value })} />}
          </Field>
          <Field label="Time stamp marks the interval">
            {(c) => (
              <select {...c} value={draft.stampIs} onChange={(e) => set({ stampIs: e.target.value as MappingDraft['stampIs'] })}>
                <option value="end">End (most meters)</option>
                <option value="start">Start</option>
              </select>
            )}
          </Field>
          <Field label="Capture period (minutes)" error={errors.periodMinutes}>
            {(c) => <input {...c} type="number" min={1} max={1440} value={draft.periodMinutes} onChange={(e) => set({ periodMinutes: Number(e.target.value) })} />}
          </Field>
          <Field label="Status column">{(c) => columnSelect(c, draft.statusColumn, (v) => set({ statusColumn: v }), 'None')}</Field>
        </div>
        <fieldset className="channels">
          <legend>Value columns (load-profile channels)</legend>
          {errors.channels && <span className="field-error">{errors.channels}</span>}
          {draft.channels.map((ch, i) => (
            <div className="channel-row" key={i}>
              <Field label={`Value column ${i + 1}`} className="inline" error={errors[`channel.${i}.column`]}>
                {(c) => columnSelect(c, ch.column, (v) => setChannel(i, { column: v }))}
              </Field>
              <Field label={`OBIS code of value column ${i + 1}`} className="inline" error={errors[`channel.${i}.obis`]}>
                {(c) => <input {...c} value={ch.obis} placeholder="1.29.0" size={12} spellCheck={false} onChange={(e) => setChannel(i, { obis: e.target.value })} />}
              </Field>
              <Field label={`Unit of value column ${i + 1}`} className="inline" error={errors[`channel.${i}.unit`]}>
                {(c) => <input {...c} list="pmu-units" value={ch.unit} placeholder="kWh" size={7} onChange={(e) => setChannel(i, { unit: e.target.value })} />}
              </Field>
              <button type="button" className="link-button" aria-label={`Remove value column ${i + 1}`} onClick={() => set({ channels: draft.channels.filter((_x, k) => k !== i) })}>
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link-button"
            onClick={() => set({ channels: [...draft.channels, { column: Math.min(columns.length - 1, draft.timestampColumn + 1), obis: '', unit: '' }] })}
          >
            Add value column
          </button>
        </fieldset>
        <fieldset className="form-grid">
          <legend>Meter the file belongs to</legend>
          <Field label="Serial number" error={errors.serial}>
            {(c) => <input {...c} value={draft.serial} spellCheck={false} onChange={(e) => set({ serial: e.target.value })} />}
          </Field>
          <Field label="Manufacturer (optional)">{(c) => <input {...c} value={draft.manufacturer} maxLength={16} onChange={(e) => set({ manufacturer: e.target.value })} />}</Field>
          <Field label="Model (optional)">{(c) => <input {...c} value={draft.model} maxLength={64} onChange={(e) => set({ model: e.target.value })} />}</Field>
        </fieldset>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={() => useImportJob.getState().skipMapping()} disabled={running}>
            Skip this file
          </button>
          <button type="submit" className="button button-primary" disabled={running}>
            {running ? 'Importing…' : 'Import with this mapping'}
          </button>
        </div>
        <datalist id="pmu-ts-formats">
          {TIMESTAMP_FORMATS.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        <TimeZoneList />
        <datalist id="pmu-units">
          {COMMON_UNITS.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </form>
    </Modal>
  );
}
