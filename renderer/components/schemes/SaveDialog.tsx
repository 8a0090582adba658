/**
 * "Save version": a note for the history (what changed and why), what the save makes (the next version), and
 * the scheme's state — errors are allowed in a saved version but block staging it for a meter.
 */
import { useState } from 'react';
import { saveScheme, useSchemeIo } from '../../state/scheme-actions';
import { useSchemeEditor } from '../../state/scheme-editor';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';

/** The "Save a new version" dialog of the open scheme. */
export function SaveDialog({ onClose }: { onClose: () => void }) {
  const base = useSchemeEditor((s) => s.baseVersion ?? 0);
  const problems = useSchemeEditor((s) => s.problems);
  const { saving, error } = useSchemeIo();
  const [note, setNote] = useState('');
  const errors = problems.filter((p) => p.severity === 'error').length;
  // Shape problems (a missing or half-typed value) make content the workstation cannot store at all.
  const incomplete = problems.filter((p) => p.code.startsWith('shape-')).length;
  return (
    <Modal title="Save a new version" onClose={onClose}>
      <ErrorBanner message={error} onDismiss={() => useSchemeIo.getState().dismissError()} />
      <form
        className="folder-form"
        aria-label="Save a new version"
        onSubmit={(e) => {
          e.preventDefault();
          void saveScheme(note).then((v) => v !== null && onClose());
        }}
      >
        <p>
          The changes are saved as <strong>version {base + 1}</strong>; earlier versions stay in the history.
        </p>
        {incomplete > 0 && (
          <p className="field-error" role="alert">
            {incomplete} value{incomplete === 1 ? ' is' : 's are'} missing or not complete (see Problems). Complete {incomplete === 1 ? 'it' : 'them'} before saving.
          </p>
        )}
        {errors > 0 && incomplete === 0 && (
          <p className="note-warning warning-box">
            The scheme has {errors} error{errors === 1 ? '' : 's'}. It can be saved, but a version with errors cannot be staged for a meter.
          </p>
        )}
        <Field label="Note (what changed and why)">
          {(c) => <textarea {...c} rows={3} maxLength={500} autoFocus value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving || incomplete > 0}>
            {saving ? 'Saving…' : `Save version ${base + 1}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
