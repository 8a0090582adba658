/**
 * Add / edit a watched folder: path (typed, or "Browse…" in the desktop app), scan interval in seconds (at
 * least 10), append or overwrite, subfolders, what to do with an imported file, enabled. Checked as typed; the
 * workstation checks again (and that the folder exists) when saving.
 */
import { MIN_SCAN_INTERVAL_S } from '../../contract';
import { api, messageOf } from '../api/client';
import { useAppInfo } from '../state/app-info';
import { checkDraft, useWatchedFolders, type FolderDraft } from '../state/watched-folders';
import { ErrorBanner } from './ErrorBanner';
import { Field } from './Field';
import { Modal } from './Modal';

export function WatchedFolderForm({ draft }: { draft: FolderDraft }) {
  const { saving, error, edit, save } = useWatchedFolders();
  const desktop = useAppInfo((s) => s.info?.mode === 'desktop');
  const checked = checkDraft(draft);
  const errors = 'errors' in checked ? checked.errors : {};
  const set = (patch: Partial<FolderDraft>) => edit({ ...draft, ...patch });
  const browse = async () => {
    try {
      const picked = await api.chooseFolder({});
      if (picked.path) set({ path: picked.path });
    } catch (err) {
      useWatchedFolders.setState({ error: messageOf(err) });
    }
  };
  return (
    <Modal title={draft.id === undefined ? 'Add watched folder' : 'Edit watched folder'} onClose={() => edit(null)}>
      <ErrorBanner message={error} onDismiss={() => useWatchedFolders.getState().dismissError()} />
      <form
        className="folder-form"
        aria-label="Watched folder"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="Folder" error={draft.path !== '' ? errors.path : null}>
          {(c) => (
            <span className="row">
              <input {...c} value={draft.path} spellCheck={false} placeholder="C:\Readings\Incoming or /home/tech/readings" onChange={(e) => set({ path: e.target.value })} />
              {desktop && (
                <button type="button" className="button button-light" onClick={() => void browse()}>
                  Browse…
                </button>
              )}
            </span>
          )}
        </Field>
        <Field label="Scan every (seconds)" error={errors.interval}>
          {(c) => <input {...c} type="number" min={MIN_SCAN_INTERVAL_S} step={1} value={draft.interval} onChange={(e) => set({ interval: e.target.value })} />}
        </Field>
        <Field label="Mode">
          {(c) => (
            <select {...c} value={draft.mode} onChange={(e) => set({ mode: e.target.value as FolderDraft['mode'] })}>
              <option value="append">Append (keep both; an identical reading is a duplicate)</option>
              <option value="overwrite">Overwrite (replace the stored reading of the same session)</option>
            </select>
          )}
        </Field>
        <Field label="After import">
          {(c) => (
            <select {...c} value={draft.after} onChange={(e) => set({ after: e.target.value as FolderDraft['after'] })}>
              <option value="leave">Leave the file where it is</option>
              <option value="move">Move it into the folder “imported”</option>
            </select>
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={draft.recursive} onChange={(e) => set({ recursive: e.target.checked })} />
          Include subfolders
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={() => edit(null)}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving || 'errors' in checked}>
            {saving ? 'Saving…' : 'Save folder'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
