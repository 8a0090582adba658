/**
 * Dialogs of the scheme library: a name (new folder with where it goes, rename folder or scheme), "Move to…"
 * (a folder list without the moved folder and its subfolders), and a confirmation that names exactly what is
 * deleted.
 */
import { useState, type ReactNode } from 'react';
import type { SchemeFolderView } from '../../../contract';
import { folderAndDescendants, folderPath, useSchemeTree } from '../../state/scheme-tree';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';

/** The library's last error, inside a dialog (the banner behind the dialog cannot be seen). */
export function TreeError() {
  const error = useSchemeTree((s) => s.error);
  return <ErrorBanner message={error} onDismiss={() => useSchemeTree.setState({ error: null })} />;
}

/** Ask for a name; `onSave` resolves true when accepted (the dialog then closes itself through `onClose`). */
export function NameDialog({ title, label, initial, action, onSave, onClose, children }: {
  title: string;
  label: string;
  initial: string;
  action: string;
  onSave: (name: string) => Promise<boolean>;
  onClose: () => void;
  /** More fields under the name (e.g. where a new folder goes). */
  children?: ReactNode;
}) {
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const error = name.trim() === '' ? 'Enter a name.' : name.trim().length > 80 ? 'Use at most 80 characters.' : null;
  return (
    <Modal title={title} onClose={onClose}>
      <TreeError />
      <form
        className="folder-form"
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          if (error || busy) return;
          setBusy(true);
          void onSave(name.trim()).then((ok) => (ok ? onClose() : setBusy(false)));
        }}
      >
        <Field label={label} error={name === '' ? null : error}>
          {(c) => <input {...c} type="text" autoFocus value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {children}
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!!error || busy}>
            {action}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * A folder picker: "Top level" and every folder by its path, without `exclude` (a folder being moved and its
 * subfolders). `value` null = top level.
 */
export function FolderSelect({ label, folders, value, onChange, exclude = new Set<number>() }: {
  label: string;
  folders: readonly SchemeFolderView[];
  value: number | null;
  onChange: (folderId: number | null) => void;
  exclude?: ReadonlySet<number>;
}) {
  const targets = folders
    .filter((f) => !exclude.has(f.id))
    .map((f) => ({ id: f.id, path: folderPath(folders, f.id) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return (
    <Field label={label}>
      {(c) => (
        <select {...c} value={value === null ? 'top' : String(value)} onChange={(e) => onChange(e.target.value === 'top' ? null : Number(e.target.value))}>
          <option value="top">Top level</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.path}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** "New folder": its name and the folder it goes into (the selected folder to start with). */
export function NewFolderDialog({ folders, parent, onCreate, onClose }: {
  folders: readonly SchemeFolderView[];
  parent: number | null;
  onCreate: (parentId: number | null, name: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const [into, setInto] = useState(parent);
  return (
    <NameDialog title="New folder" label="Folder name" initial="" action="Create folder" onSave={(n) => onCreate(into, n)} onClose={onClose}>
      <FolderSelect label="Create in" folders={folders} value={into} onChange={setInto} />
    </NameDialog>
  );
}

/** Choose the folder to move `what` into; `movingFolder` is excluded with its subfolders. */
export function MoveDialog({ what, folders, movingFolder, current, onMove, onClose }: {
  what: string;
  folders: readonly SchemeFolderView[];
  movingFolder: number | null;
  current: number | null;
  onMove: (folderId: number | null) => Promise<boolean>;
  onClose: () => void;
}) {
  const blocked = movingFolder === null ? new Set<number>() : folderAndDescendants(folders, movingFolder);
  const [to, setTo] = useState<number | null>(current);
  return (
    <Modal title={`Move ${what}`} onClose={onClose}>
      <TreeError />
      <form
        className="folder-form"
        aria-label={`Move ${what}`}
        onSubmit={(e) => {
          e.preventDefault();
          void onMove(to).then((ok) => ok && onClose());
        }}
      >
        <FolderSelect label="Move into" folders={folders} value={to} onChange={setTo} exclude={blocked} />
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={to === current}>
            Move
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** "Delete …?" with what exactly goes and what stays; the red button names the object again. */
export function ConfirmDialog({ title, children, confirm, danger = true, onConfirm, onClose }: {
  title: string;
  children: ReactNode;
  confirm: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={title} onClose={onClose}>
      <div className="confirm-body">{children}</div>
      <div className="modal-actions">
        <button type="button" className="button button-light" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void Promise.resolve(onConfirm()).finally(onClose);
          }}
        >
          {confirm}
        </button>
      </div>
    </Modal>
  );
}
