import { describe, it, expect } from 'vitest';
import { treeRows } from './tree-rows';

const folders = [
  { id: 1, parentId: null, name: 'Domestic' },
  { id: 2, parentId: 1, name: '2027' },
  { id: 3, parentId: null, name: 'commercial' },
];
const schemes = [
  { id: 10, folderId: 2, name: 'Economy 7' },
  { id: 11, folderId: null, name: 'Flat rate' },
  { id: 12, folderId: 1, name: 'Day/night' },
];

describe('scheme tree rows', () => {
  it('lists folders then schemes by name, children only under open folders', () => {
    expect(treeRows(folders, schemes, []).map((r) => r.key)).toEqual(['f3', 'f1', 's11']);
    const rows = treeRows(folders, schemes, [1, 2]);
    expect(rows.map((r) => [r.key, r.level, r.parentKey])).toEqual([
      ['f3', 1, null],
      ['f1', 1, null],
      ['f2', 2, 'f1'],
      ['s10', 3, 'f2'],
      ['s12', 2, 'f1'],
      ['s11', 1, null],
    ]);
    expect(rows.find((r) => r.key === 'f3')?.hasChildren).toBe(false);
    expect(rows.find((r) => r.key === 'f1')).toMatchObject({ hasChildren: true, open: true });
  });
  it('shows items of an unknown folder at the top level instead of losing them', () => {
    expect(treeRows([], [{ id: 5, folderId: 99, name: 'Orphan' }], []).map((r) => r.key)).toEqual(['s5']);
  });
});
