import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, StoreError } from './db';
import { toStoreError } from '../core/errors';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './migrations';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pmu-db-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tables = (db: BetterSqlite3.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('bring an empty in-memory database to the latest version, once', () => {
    const db = new BetterSqlite3(':memory:');
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(expect.arrayContaining(['import_log', 'load_profile_channels', 'load_profile_values', 'meters', 'readings', 'registers', 'watched_folders', 'scheme_folders', 'schemes', 'scheme_versions', 'staged_programs', 'programming_jobs']));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('stop at upTo and reject unknown targets', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, 0)).toEqual([]);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    expect(() => migrate(db, LATEST_VERSION + 1)).toThrow(RangeError);
    db.close();
  });

  it('refuse a database whose user_version is above the latest known', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this app.*Update PMU Workstation/);
    db.close();
  });

  it('roll a failing migration back completely (own transaction)', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE registers (x)'); // makes migration 1 fail half-way (meters and readings already created)
    expect(() => migrate(db)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual(['registers']);
    db.close();
  });
});

describe('openDatabase', () => {
  it('creates the folder and file, migrates, and sets WAL, foreign keys, busy timeout, synchronous NORMAL', () => {
    const file = join(tempDir(), 'nested', 'folder', 'pmu.sqlite');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    db.close();
    const again = openDatabase(file); // reopening an up-to-date store changes nothing
    expect(schemaVersion(again)).toBe(LATEST_VERSION);
    again.close();
  });

  it('opens :memory: with foreign keys on', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toContain('readings');
    db.close();
  });

  it('refuses a store from a newer app version and leaves it unchanged', () => {
    const file = join(tempDir(), 'pmu.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 99');
    raw.close();
    const err = storeError(() => openDatabase(file));
    expect(err.code).toBe('NEWER_VERSION');
    expect(err.message).toMatch(/newer version of PMU Workstation.*Update the app/);
    const check = new BetterSqlite3(file);
    expect(schemaVersion(check)).toBe(99);
    expect(tables(check)).toEqual([]);
    check.close();
  });

  it('explains a file that is not a database', () => {
    const file = join(tempDir(), 'pmu.sqlite');
    writeFileSync(file, 'This is a text file, not SQLite. '.repeat(200));
    const err = storeError(() => openDatabase(file));
    expect(err.code).toBe('NOT_A_DATABASE');
    expect(err.message).toMatch(/not a PMU Workstation database or it is damaged/);
  });

  it('refuses another program’s SQLite database', () => {
    const file = join(tempDir(), 'other.sqlite');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE contacts (name TEXT)');
    raw.close();
    expect(storeError(() => openDatabase(file)).code).toBe('NOT_A_DATABASE');
  });

  it('explains a folder that cannot be created', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'x');
    const err = storeError(() => openDatabase(join(dir, 'afile', 'pmu.sqlite')));
    expect(err.code).toBe('CANNOT_OPEN');
    expect(err.message).toMatch(/Could not create the data folder/);
  });

  it('translates real read-only and disk-full SQLite errors into plain messages', () => {
    const file = join(tempDir(), 'pmu.sqlite');
    openDatabase(file).close();
    const ro = new BetterSqlite3(file, { readonly: true });
    let roErr: unknown;
    try {
      ro.exec('DELETE FROM meters');
    } catch (e) {
      roErr = e;
    }
    ro.close();
    const t = toStoreError(roErr, file, 'save the reading');
    expect(t.code).toBe('READ_ONLY');
    expect(t.message).toMatch(/cannot be written/);

    const full = new BetterSqlite3(':memory:');
    full.exec('CREATE TABLE t (x)');
    full.pragma('max_page_count = 2');
    let fullErr: unknown;
    try {
      full.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
    } catch (e) {
      fullErr = e;
    }
    full.close();
    const f = toStoreError(fullErr, ':memory:', 'save the reading');
    expect(f.code).toBe('DISK_FULL');
    expect(f.message).toMatch(/disk .* is full/);
  });
});
