/**
 * The left side of the Tariff schemes screen: the scheme library tree with its actions — new folder, new
 * scheme, import scheme files; for the selected folder or scheme: rename, move to…, delete (confirmed, naming
 * what goes), export (a scheme file, or a bundle of a folder's schemes). Results of exports and imports are
 * shown under the tree.
 */
import { useEffect, useState } from 'react';
import { useDenied } from '../../state/auth';
import { closeDeleted } from '../../state/scheme-actions';
import { useSchemeEditor } from '../../state/scheme-editor';
import { folderPath, targetFolder, useSchemeTree } from '../../state/scheme-tree';
import { ErrorBanner } from '../ErrorBanner';
import { NewSchemeDialog } from './NewSchemeDialog';
import { SchemeTree, type TreeRequest } from './SchemeTree';
import { ConfirmDialog, MoveDialog, NameDialog, NewFolderDialog } from './TreeDialogs';
import { TreeNotice } from './TreeNotice';

/** Show a scheme's new tree name in the editor when it is the open one (its content is unchanged). */
function renamedOpenScheme(id: number, name: string): void {
  useSchemeEditor.setState((s) => (s.storeId === id && s.info ? { info: { ...s.info, name } } : {}));
}

type Dialog = 'new-folder' | 'new-scheme' | 'rename' | 'move' | 'delete' | null;

/** The scheme library sidebar with its actions and dialogs. */
export function SchemeTreePanel() {
  const tree = useSchemeTree();
  const [dialog, setDialog] = useState<Dialog>(null);
  const denied = useDenied('schemes.edit');
  const locked = denied !== undefined;
  useEffect(() => {
    void useSchemeTree.getState().refresh();
  }, []);
  const sel = tree.selected;
  const folder = sel?.kind === 'folder' ? tree.folders.find((f) => f.id === sel.id) : undefined;
  const scheme = sel?.kind === 'scheme' ? tree.schemes.find((s) => s.id === sel.id) : undefined;
  const selectedName = folder ? `folder “${folder.name}”` : scheme ? `scheme “${scheme.name}”` : '';
  const into = targetFolder(tree);
  const close = () => setDialog(null);
  const request = (r: TreeRequest) => (folder || scheme) && setDialog(r);

  return (
    <aside className="sidebar scheme-sidebar" aria-label="Scheme library">
      <div className="sidebar-head">
        <h2>Scheme library</h2>
      </div>
      <div className="tree-actions">
        <button type="button" className="button button-light" disabled={locked} title={denied} onClick={() => setDialog('new-folder')}>
          New folder…
        </button>
        <button type="button" className="button button-primary" disabled={locked} title={denied} onClick={() => setDialog('new-scheme')}>
          New scheme…
        </button>
        <label className={locked ? 'button button-light is-disabled' : 'button button-light'} title={denied}>
          Import…
          <input
            type="file"
            multiple
            accept=".json,.pmu-scheme,application/json"
            className="visually-hidden"
            aria-label="Import scheme files"
            disabled={locked}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length) void tree.importFiles(files, into);
            }}
          />
        </label>
      </div>
      <ErrorBanner message={tree.error} onDismiss={() => useSchemeTree.setState({ error: null })} />
      <SchemeTree onRequest={request} />
      {(folder || scheme) && (
        <div className="tree-actions selection-actions" aria-label={`Selected ${selectedName}`} role="group">
          <button type="button" className="link-button" disabled={locked} title={denied} onClick={() => setDialog('rename')}>
            Rename…
          </button>
          <button type="button" className="link-button" disabled={locked} title={denied} onClick={() => setDialog('move')}>
            Move to…
          </button>
          <button type="button" className="link-button" onClick={() => void (folder ? tree.exportFolder(folder.id) : scheme && tree.exportScheme(scheme.id))}>
            Export
          </button>
          <button type="button" className="link-button danger" disabled={locked} title={denied} onClick={() => setDialog('delete')}>
            Delete…
          </button>
        </div>
      )}
      <button type="button" className="link-button export-all" onClick={() => void tree.exportFolder(null)}>
        Export all schemes
      </button>
      <TreeNotice />
      {dialog === 'new-folder' && (
        <NewFolderDialog folders={tree.folders} parent={into} onCreate={(parent, n) => tree.createFolder(parent, n)} onClose={close} />
      )}
      {dialog === 'new-scheme' && <NewSchemeDialog folderId={into} onClose={close} />}
      {dialog === 'rename' && (folder || scheme) && (
        <NameDialog
          title={`Rename ${selectedName}`}
          label="New name"
          initial={folder?.name ?? scheme?.name ?? ''}
          action="Rename"
          onSave={async (n) => {
            const ok = folder ? await tree.renameFolder(folder.id, n) : scheme ? await tree.renameScheme(scheme.id, n) : false;
            if (ok && scheme) renamedOpenScheme(scheme.id, n);
            return ok;
          }}
          onClose={close}
        />
      )}
      {dialog === 'move' && (folder || scheme) && (
        <MoveDialog
          what={selectedName}
          folders={tree.folders}
          movingFolder={folder?.id ?? null}
          current={folder ? folder.parentId : (scheme?.folderId ?? null)}
          onMove={(to) => (folder ? tree.moveFolder(folder.id, to) : scheme ? tree.moveScheme(scheme.id, to) : Promise.resolve(false))}
          onClose={close}
        />
      )}
      {dialog === 'delete' && folder && (
        <ConfirmDialog title={`Delete folder “${folder.name}”?`} confirm={`Delete folder “${folder.name}”`} onConfirm={() => tree.deleteFolder(folder.id)} onClose={close}>
          <p>
            The folder <strong>{folderPath(tree.folders, folder.id)}</strong> is deleted. Only an empty folder can be deleted: move or delete its
            schemes and folders first.
          </p>
        </ConfirmDialog>
      )}
      {dialog === 'delete' && scheme && (
        <ConfirmDialog
          title={`Delete scheme “${scheme.name}”?`}
          confirm={`Delete scheme “${scheme.name}”`}
          onConfirm={async () => {
            if (await tree.deleteScheme(scheme.id)) closeDeleted(scheme.id);
          }}
          onClose={close}
        >
          <p>
            The scheme <strong>{scheme.name}</strong> (ID <span className="mono">{scheme.schemeId}</span>, {scheme.latestVersion} saved version
            {scheme.latestVersion === 1 ? '' : 's'}) is removed from the library. Staged programs and certificates that use it can still show it.
          </p>
        </ConfirmDialog>
      )}
    </aside>
  );
}
