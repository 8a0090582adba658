/**
 * One setting's editor, chosen by its kind (contract/settings.ts SETTINGS): a folder (typed, or "Browse…" in the
 * desktop app, with "Check" — exists and can be written — and the folder in use when empty), a choice, a number with its
 * unit, a switch, a time zone, a probe profile, or text. Under it: what the setting does and who changed it last.
 * Read-only without `settings.manage`.
 */
import type { SettingView } from '../../../contract';
import { api, messageOf } from '../../api/client';
import { formatInstantShort } from '../../lib/format';
import { timeZoneNames } from '../../lib/time-zones';
import { useAppInfo } from '../../state/app-info';
import { useProbes } from '../../state/probes';
import { useSettings, type DraftValue } from '../../state/settings';
import { Field } from '../Field';

function FolderInput({ s, value, disabled, control }: { s: SettingView; value: string; disabled: boolean; control: object }) {
  const desktop = useAppInfo((a) => a.info?.mode === 'desktop');
  const check = useSettings((st) => st.folderChecks[s.key]);
  const { edit, checkFolder } = useSettings.getState();
  const browse = async () => {
    try {
      const picked = await api.chooseFolder({});
      if (picked.path) edit(s.key, picked.path);
    } catch (err) {
      useSettings.setState({ error: messageOf(err) });
    }
  };
  return (
    <>
      <span className="row">
        <input {...control} value={value} spellCheck={false} disabled={disabled} placeholder={s.effective === null ? 'Empty: see below' : `Default: ${String(s.effective)}`} onChange={(e) => edit(s.key, e.target.value)} onBlur={() => void checkFolder(s.key)} />
        {desktop && !disabled && (
          <button type="button" className="button button-light" onClick={() => void browse()}>
            Browse…
          </button>
        )}
        {!disabled && (
          <button type="button" className="button button-light" aria-label={`Check ${s.label}`} disabled={value.trim() === ''} onClick={() => void checkFolder(s.key)}>
            Check
          </button>
        )}
      </span>
      {check && <span className={check.ok ? 'hint ok' : 'field-error'} role="status">{check.message}</span>}
    </>
  );
}

function Control({ s, value, disabled, control }: { s: SettingView; value: DraftValue; disabled: boolean; control: object }) {
  const profiles = useProbes((p) => p.profiles);
  const edit = useSettings.getState().edit;
  const text = String(value);
  switch (s.kind) {
    case 'folder':
      return <FolderInput s={s} value={text} disabled={disabled} control={control} />;
    case 'boolean':
      return (
        <label className="check">
          <input {...control} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => edit(s.key, e.target.checked)} />
          {value === true ? 'On' : 'Off'}
        </label>
      );
    case 'choice':
      return (
        <select {...control} value={text} disabled={disabled} onChange={(e) => edit(s.key, e.target.value)}>
          {(s.choices ?? []).map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      );
    case 'integer':
    case 'number':
      return (
        <span className="row">
          <input {...control} type="number" step={s.kind === 'integer' ? 1 : 0.1} value={text} disabled={disabled} onChange={(e) => edit(s.key, e.target.value)} />
          {s.unit && <span className="muted">{s.unit}</span>}
        </span>
      );
    case 'timeZone':
      return (
        <select {...control} value={text} disabled={disabled} onChange={(e) => edit(s.key, e.target.value)}>
          <option value="">This computer&apos;s ({String(s.effective)})</option>
          {timeZoneNames().map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      );
    case 'profile':
      return (
        <select {...control} value={text} disabled={disabled} onChange={(e) => edit(s.key, e.target.value)}>
          {profiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      );
    default:
      return <input {...control} value={text} spellCheck={false} disabled={disabled} onChange={(e) => edit(s.key, e.target.value)} />;
  }
}

/** The editor of setting `s` (see the file comment). */
export function SettingField({ s, manage }: { s: SettingView; manage: boolean }) {
  const value = useSettings((st) => st.drafts[s.key]) ?? '';
  const zone = useAppInfo((a) => a.info?.timeZone ?? 'UTC');
  const changed = s.updatedUtc && s.updatedBy ? ` Last changed by ${s.updatedBy}, ${formatInstantShort(s.updatedUtc, zone)}.` : ' Built-in default.';
  return (
    <div className="setting" data-key={s.key}>
      <Field label={s.label}>{(c) => <Control s={s} value={value} disabled={!manage} control={c} />}</Field>
      <p className="hint muted">
        {s.help}
        {changed}
      </p>
      {s.outsideAudit && (
        <p className="field-error" role="note" aria-label={`${s.label}: changed outside the workstation`}>
          {s.outsideAudit}
        </p>
      )}
    </div>
  );
}
