/**
 * The scheme library tree (WAI-ARIA tree view): folders and schemes, one row each with its level; click or
 * Enter opens a scheme or a folder, Up/Down move, Right opens a folder / goes into it, Left closes / goes to the
 * parent, Home/End, F2 renames, Delete asks to delete. Choosing a folder opens it; choosing it again closes it. Rows can be dragged onto a folder (or the empty space
 * below the rows = top level) to move them; "Move to…" does the same from the keyboard.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { treeRows, type TreeRow } from '../../lib/tree-rows';
import { openScheme } from '../../state/scheme-actions';
import { isDirty, useSchemeEditor } from '../../state/scheme-editor';
import { useSchemeTree, type TreeNode } from '../../state/scheme-tree';

const DRAG_TYPE = 'application/x-pmu-tree-node';

/** What the tree asks its panel to do (dialogs live in the panel). */
export type TreeRequest = 'rename' | 'delete';

function nodeOf(row: TreeRow): TreeNode {
  return { kind: row.kind, id: row.id };
}

/** The tree; `onRequest` asks the panel for the rename or delete dialog of the selected row. */
export function SchemeTree({ onRequest }: { onRequest: (r: TreeRequest) => void }) {
  const { folders, schemes, expanded, selected, select, toggle, moveFolder, moveScheme } = useSchemeTree();
  const openId = useSchemeEditor((s) => s.storeId);
  const dirty = useSchemeEditor(isDirty);
  const rows = useMemo(() => treeRows(folders, schemes, expanded), [folders, schemes, expanded]);
  const summary = useMemo(() => new Map(schemes.map((s) => [s.id, s] as const)), [schemes]);
  const selKey = selected ? `${selected.kind === 'folder' ? 'f' : 's'}${selected.id}` : null;
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [dropKey, setDropKey] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLLIElement>());
  const current = rows.find((r) => r.key === focusKey) ?? rows.find((r) => r.key === selKey) ?? rows[0];

  useEffect(() => {
    if (focusKey && document.activeElement?.closest('[role="tree"]')) refs.current.get(focusKey)?.focus();
  }, [focusKey, rows]);

  const activate = (row: TreeRow) => {
    setFocusKey(row.key);
    if (row.kind === 'scheme') void openScheme(row.id);
    else if (row.key !== selKey) {
      // A folder chosen now opens; choosing the chosen folder again opens or closes it.
      select(nodeOf(row));
      toggle(row.id, true);
    } else toggle(row.id);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!current) return;
    const i = rows.indexOf(current);
    const go = (r: TreeRow | undefined) => {
      if (!r) return;
      setFocusKey(r.key);
      select(nodeOf(r));
    };
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(rows[i + 1]),
      ArrowUp: () => go(rows[i - 1]),
      Home: () => go(rows[0]),
      End: () => go(rows[rows.length - 1]),
      ArrowRight: () => (current.kind === 'folder' && !current.open ? toggle(current.id, true) : current.open ? go(rows[i + 1]) : undefined),
      ArrowLeft: () => (current.kind === 'folder' && current.open ? toggle(current.id, false) : go(rows.find((r) => r.key === current.parentKey))),
      Enter: () => activate(current),
      ' ': () => activate(current),
      F2: () => onRequest('rename'),
      Delete: () => onRequest('delete'),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const drop = (e: DragEvent, folderId: number | null) => {
    e.preventDefault();
    e.stopPropagation();
    setDropKey(null);
    const key = e.dataTransfer.getData(DRAG_TYPE);
    const id = Number(key.slice(1));
    if (!key || !Number.isInteger(id)) return;
    if (key.startsWith('f') && id !== folderId) void moveFolder(id, folderId);
    if (key.startsWith('s')) void moveScheme(id, folderId);
  };

  if (rows.length === 0) return <p className="empty">No schemes yet. Create a folder or a scheme, or import a scheme file.</p>;
  return (
    <ul
      className="tree"
      role="tree"
      aria-label="Scheme library"
      onKeyDown={onKeyDown}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => drop(e, null)}
    >
      {rows.map((row) => {
        const s = row.kind === 'scheme' ? summary.get(row.id) : undefined;
        const isOpen = row.kind === 'scheme' && row.id === openId;
        return (
          <li
            key={row.key}
            ref={(el) => {
              if (el) refs.current.set(row.key, el);
              else refs.current.delete(row.key);
            }}
            role="treeitem"
            aria-level={row.level}
            aria-selected={row.key === selKey}
            aria-expanded={row.kind === 'folder' ? row.open : undefined}
            tabIndex={row.key === current?.key ? 0 : -1}
            className={`tree-row${row.key === dropKey ? ' drop-target' : ''}${isOpen ? ' is-open' : ''}`}
            style={{ paddingLeft: `${8 + (row.level - 1) * 16}px` }}
            data-testid={row.kind === 'folder' ? 'tree-folder' : 'tree-scheme'}
            data-name={row.name}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, row.key);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={row.kind === 'folder' ? (e) => {
              e.preventDefault();
              e.stopPropagation();
              setDropKey(row.key);
            } : undefined}
            onDragLeave={() => setDropKey((k) => (k === row.key ? null : k))}
            onDrop={row.kind === 'folder' ? (e) => drop(e, row.id) : undefined}
            onClick={() => activate(row)}
          >
            <span className="tree-icon" aria-hidden="true">
              {row.kind === 'folder' ? (row.open ? '▾' : '▸') : '•'}
            </span>
            <span className="tree-name">{row.name}</span>
            {s && (
              <span className="tree-meta">
                {s.schemeId} · saved version {s.latestVersion}
              </span>
            )}
            {isOpen && dirty && (
              <span className="tree-dirty" title="Unsaved changes">
                ●<span className="visually-hidden"> (unsaved changes)</span>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
