/**
 * The scheme library as the rows of a tree view (pure, unit-tested): folders first, then schemes, each by name
 * (case-insensitive), children under their open folder, with the level (1 = top) and parent for keyboard
 * navigation (WAI-ARIA tree view pattern: Up/Down move between visible rows, Left goes to the parent).
 */

/** A folder as the tree needs it. */
export interface FolderLike {
  readonly id: number;
  readonly parentId: number | null;
  readonly name: string;
}

/** A scheme as the tree needs it. */
export interface SchemeLike {
  readonly id: number;
  readonly folderId: number | null;
  readonly name: string;
}

/** One visible row. `key` is `f<id>` for a folder, `s<id>` for a scheme. */
export interface TreeRow {
  readonly key: string;
  readonly kind: 'folder' | 'scheme';
  readonly id: number;
  readonly name: string;
  readonly level: number;
  /** Key of the parent folder's row, or null at the top level. */
  readonly parentKey: string | null;
  /** Folders: does it hold anything? */
  readonly hasChildren: boolean;
  /** Folders: is it open? */
  readonly open: boolean;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || 0;

/** The visible rows, in display order, of `folders` and `schemes` with the folders in `expanded` open. */
export function treeRows(folders: readonly FolderLike[], schemes: readonly SchemeLike[], expanded: readonly number[]): TreeRow[] {
  const open = new Set(expanded);
  const known = new Set(folders.map((f) => f.id));
  // A parent that is not in the list (should not happen) puts its children at the top level rather than hiding them.
  const parentOf = (p: number | null) => (p !== null && known.has(p) ? p : null);
  const rows: TreeRow[] = [];
  const walk = (parent: number | null, level: number, parentKey: string | null, seen: Set<number>) => {
    const subFolders = folders.filter((f) => parentOf(f.parentId) === parent && !seen.has(f.id)).sort(byName);
    const subSchemes = schemes.filter((s) => parentOf(s.folderId) === parent).sort(byName);
    for (const f of subFolders) {
      const hasChildren = folders.some((x) => x.parentId === f.id) || schemes.some((x) => x.folderId === f.id);
      const isOpen = open.has(f.id);
      const key = `f${f.id}`;
      rows.push({ key, kind: 'folder', id: f.id, name: f.name, level, parentKey, hasChildren, open: isOpen });
      if (isOpen) walk(f.id, level + 1, key, new Set([...seen, f.id]));
    }
    for (const s of subSchemes) rows.push({ key: `s${s.id}`, kind: 'scheme', id: s.id, name: s.name, level, parentKey, hasChildren: false, open: false });
  };
  walk(null, 1, null, new Set());
  return rows;
}
