import { describe, it, expect, beforeEach } from 'vitest';
import type { StoredSchemeView } from '../../contract';
import { newScheme } from '../../schemes/model';
import { isDirty, useSchemeEditor } from './scheme-editor';
import { folderAndDescendants, folderPath, targetFolder } from './scheme-tree';

function stored(version: number, latest = version): StoredSchemeView {
  const info = (v: number) => ({ schemeStoreId: 7, version: v, contentSha256: `sha${v}`, savedUtc: '2027-01-01T00:00:00.000Z', savedBy: 'eng', note: '' });
  return {
    ...info(version),
    content: newScheme('ECO7', 'Economy 7', 'A1140', 'Europe/Berlin'),
    name: 'Economy 7',
    folderId: null,
    deleted: false,
    versions: Array.from({ length: latest }, (_, i) => info(latest - i)),
  };
}

describe('scheme editor slice', () => {
  beforeEach(() => useSchemeEditor.getState().clear());

  it('validates the draft on every change and knows when it differs from the saved version', () => {
    const ed = useSchemeEditor.getState();
    ed.load(stored(2));
    expect(useSchemeEditor.getState().problems).toEqual([]);
    expect(isDirty(useSchemeEditor.getState())).toBe(false);
    ed.set(['dayProfiles', 0, 'switches', 1, 'time'], '23:30');
    const s = useSchemeEditor.getState();
    expect(isDirty(s)).toBe(true);
    expect(s.problems.some((p) => p.severity === 'error' && p.code === 'switch-order')).toBe(true);
    ed.revert();
    expect(isDirty(useSchemeEditor.getState())).toBe(false);
    expect(useSchemeEditor.getState().problems).toEqual([]);
  });

  it('reports a half-typed value as a problem instead of failing', () => {
    const ed = useSchemeEditor.getState();
    ed.load(stored(1));
    ed.set(['rates', 0, 'number'], Number.NaN);
    const problems = useSchemeEditor.getState().problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.path).toBe('rates.0.number');
  });

  it('jumps to the section and field of a problem', () => {
    const ed = useSchemeEditor.getState();
    ed.load(stored(1));
    ed.jumpTo('specialDays.2.date');
    const s = useSchemeEditor.getState();
    expect(s.tab).toBe('special-days');
    expect(s.focus?.keys).toEqual(['specialDays.2.date', 'specialDays.2', 'specialDays']);
    ed.jumpTo('specialDays.2.date');
    expect(useSchemeEditor.getState().focus!.seq).toBe(s.focus!.seq + 1);
  });

  it('saves against the latest version even when an older one is open', () => {
    useSchemeEditor.getState().load(stored(2, 5));
    expect(useSchemeEditor.getState()).toMatchObject({ version: 2, baseVersion: 5 });
  });
});

describe('scheme library helpers', () => {
  const folders = [
    { id: 1, parentId: null, name: 'Domestic', createdUtc: '' },
    { id: 2, parentId: 1, name: '2027', createdUtc: '' },
    { id: 3, parentId: 2, name: 'Draft', createdUtc: '' },
    { id: 4, parentId: null, name: 'Commercial', createdUtc: '' },
  ];
  it('never offers a folder, or a folder inside it, as the place to move it', () => {
    expect([...folderAndDescendants(folders, 1)].sort()).toEqual([1, 2, 3]);
    expect([...folderAndDescendants(folders, 4)]).toEqual([4]);
  });
  it('names folder paths and picks where new items go', () => {
    expect(folderPath(folders, 3)).toBe('Domestic › 2027 › Draft');
    expect(folderPath(folders, null)).toBe('Top level');
    const schemes = [{ id: 9, folderId: 2 }] as never;
    expect(targetFolder({ selected: { kind: 'scheme', id: 9 }, schemes })).toBe(2);
    expect(targetFolder({ selected: { kind: 'folder', id: 4 }, schemes })).toBe(4);
    expect(targetFolder({ selected: null, schemes })).toBeNull();
  });
});
