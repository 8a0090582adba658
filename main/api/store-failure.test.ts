/**
 * Issue 11.6: disk full and read-only stores are reported in plain words, not in SQLite's ("database or disk is
 * full", "attempt to write a readonly database"), whichever code path hit them first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append';
import { memoryKeyProvider } from '../secrets/key-provider';
import { openDatabase } from '../store/db';
import { saveReading } from '../store/readings';
import { buildReading } from '../store/test-fixtures';
import { plainError } from './errors';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
};

describe('store failures in plain words', () => {
  it('a full disk while storing a reading', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pmu-full-'));
    const db = openDatabase(path.join(dir, 'pmu.sqlite'));
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.pragma(`max_page_count = ${pages + 2}`);
    const e = thrown(() => {
      for (let i = 0; i < 50; i += 1) saveReading(db, buildReading({ serial: `S${i}`, intervals: 96 }));
    });
    const p = plainError(e);
    expect(p.code).toBe('DISK_FULL');
    expect(p.message).toMatch(/the disk holding .* is full\. Free some space/);
    // A path that does not translate on its own (an audit record) reads the same.
    const audit = plainError(thrown(() => appendAudit({ db, dbPath: ':memory:', keys: memoryKeyProvider(), operator: 'os' }, { action: 'settings.changed', summary: { after: { pad: 'x'.repeat(20_000) } } })));
    expect(audit).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/^Could not save or read this: the disk holding the workstation's database is full\./) });
    expect(audit.message).not.toMatch(/database or disk is full/);
    db.close();
  });

  it('a read-only store', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pmu-ro-'));
    const file = path.join(dir, 'pmu.sqlite');
    openDatabase(file).close();
    const ro = new BetterSqlite3(file, { readonly: true });
    const p = plainError(thrown(() => saveReading(ro, buildReading())));
    expect(p.code).toBe('READ_ONLY');
    expect(p.message).toMatch(/cannot be written \(read-only file or folder, or no permission\)/);
    expect(p.message).not.toMatch(/readonly database/);
    ro.close();
  });
});
