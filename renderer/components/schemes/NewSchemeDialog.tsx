/**
 * "New scheme": name, scheme ID (written to the meter), meter model and the time zone of its DST rule; the
 * workstation creates version 1 from the starting template (day/night weekdays, weekend rate, one season) and
 * the editor opens it.
 */
import { useState } from 'react';
import { METER_MODELS, type MeterModel } from '../../../schemes/model';
import { useAppInfo } from '../../state/app-info';
import { openScheme } from '../../state/scheme-actions';
import { useSchemeTree } from '../../state/scheme-tree';
import { schemeIdWords } from '../../lib/scheme-id';
import { Field } from '../Field';
import { Modal } from '../Modal';
import { TIME_ZONE_LIST_ID } from '../shared/TimeZoneList';
import { FolderSelect, TreeError } from './TreeDialogs';

const MODEL_LABELS: Readonly<Record<MeterModel, string>> = { generic: 'Generic IEC 62056-21 meter', A1140: 'Elster A1140', A1700: 'Elster A1700' };

/** The "New scheme" dialog; `folderId` is the folder it starts in (null = top level). */
export function NewSchemeDialog({ folderId: start, onClose }: { folderId: number | null; onClose: () => void }) {
  const folders = useSchemeTree((s) => s.folders);
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'Europe/London');
  const [f, setF] = useState({ name: '', schemeId: '', model: 'A1140' as MeterModel, zone });
  const [busy, setBusy] = useState(false);
  const [folderId, setFolderId] = useState(start);
  const errors = {
    name: f.name.trim() === '' ? 'Enter a name.' : null,
    schemeId: f.schemeId === '' ? 'Enter the scheme ID (1 to 8 letters, digits, "-" or "_"; it is written to the meter).' : schemeIdWords(f.schemeId).error,
    zone: f.zone.trim() === '' ? 'Choose the time zone.' : null,
  };
  const bad = Object.values(errors).some((e) => e !== null);
  const create = async () => {
    setBusy(true);
    const id = await useSchemeTree.getState().createScheme({ folderId, name: f.name.trim(), schemeId: f.schemeId, meterModel: f.model, zone: f.zone.trim() });
    setBusy(false);
    if (id !== null) {
      onClose();
      await openScheme(id);
    }
  };
  return (
    <Modal title="New scheme" onClose={onClose}>
      <TreeError />
      <form
        className="folder-form"
        aria-label="New scheme"
        onSubmit={(e) => {
          e.preventDefault();
          if (!bad && !busy) void create();
        }}
      >
        <div className="form-grid two">
          <Field label="Name" error={f.name === '' ? null : errors.name}>
            {(c) => <input {...c} type="text" autoFocus value={f.name} maxLength={80} onChange={(e) => setF({ ...f, name: e.target.value })} />}
          </Field>
          <Field label="Scheme ID" error={f.schemeId === '' ? null : errors.schemeId} hint={schemeIdWords(f.schemeId).hint}>
            {(c) => <input {...c} type="text" className="mono" value={f.schemeId} spellCheck={false} onChange={(e) => setF({ ...f, schemeId: e.target.value })} />}
          </Field>
          <Field label="Meter model">
            {(c) => (
              <select {...c} value={f.model} onChange={(e) => setF({ ...f, model: e.target.value as MeterModel })}>
                {METER_MODELS.map((m) => (
                  <option key={m} value={m}>
                    {MODEL_LABELS[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <FolderSelect label="Folder" folders={folders} value={folderId} onChange={setFolderId} />
          <Field label="Time zone" error={errors.zone}>
            {(c) => <input {...c} type="text" list={TIME_ZONE_LIST_ID} value={f.zone} onChange={(e) => setF({ ...f, zone: e.target.value })} />}
          </Field>
        </div>
        <p className="muted hint">The new scheme starts as a day/night tariff on weekdays with a weekend rate; change it in the editor.</p>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={bad || busy}>
            Create scheme
          </button>
        </div>
      </form>
    </Modal>
  );
}
