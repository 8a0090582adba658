import { describe, expect, it } from 'vitest';
import { decideScan, type Look } from './settle';

const NOW = 1_000_000;
const look = (size: number, mtimeMs: number, changedMs = mtimeMs): Look => ({ size, mtimeMs, changedMs });

describe('decideScan', () => {
  it('imports a file that changed more than 2 s ago, or was the same at the previous look', () => {
    expect(decideScan(look(10, NOW - 2500), undefined, null, NOW, 2000)).toBe('import');
    expect(decideScan(look(10, NOW - 100), look(10, NOW - 100), null, NOW, 2000)).toBe('import');
  });

  it('waits for a file changed within 2 s that grew, was touched or is new since the previous look', () => {
    expect(decideScan(look(10, NOW - 100), undefined, null, NOW, 2000)).toBe('unsettled');
    expect(decideScan(look(20, NOW - 100), look(10, NOW - 900), null, NOW, 2000)).toBe('unsettled');
    expect(decideScan(look(10, NOW - 100), look(10, NOW - 900), null, NOW, 2000)).toBe('unsettled');
    // an old modification time but a fresh status change (renamed or copied in with its time kept)
    expect(decideScan(look(10, NOW - 86_400_000, NOW - 50), undefined, null, NOW, 2000)).toBe('unsettled');
  });

  it('skips a file the log has with the same size and time; re-checks the bytes of a quarantined one', () => {
    const seen = look(10, NOW - 5000);
    expect(decideScan(seen, undefined, { size: 10, mtimeMs: NOW - 5000, result: 'imported' }, NOW, 2000)).toBe('skip');
    expect(decideScan(seen, undefined, { size: 10, mtimeMs: NOW - 5000, result: 'duplicate' }, NOW, 2000)).toBe('skip');
    expect(decideScan(seen, undefined, { size: 10, mtimeMs: NOW - 5000, result: 'quarantined' }, NOW, 2000)).toBe('check-content');
    // changed since it was logged: a new file as far as the watcher is concerned
    expect(decideScan(seen, undefined, { size: 9, mtimeMs: NOW - 5000, result: 'imported' }, NOW, 2000)).toBe('import');
    expect(decideScan(seen, undefined, { size: 10, mtimeMs: NOW - 9000, result: 'quarantined' }, NOW, 2000)).toBe('import');
  });
});
