/**
 * Prepared statements cached per database handle: `prepared(db, sql)` compiles `sql` once per connection
 * (better-sqlite3 statements belong to their connection) and hands back the same Statement afterwards. The cache
 * is a WeakMap on the handle, so a closed and dropped connection takes its statements with it. SQLite re-prepares a
 * cached statement by itself after a schema change (sqlite3_prepare_v2, "SQLITE_SCHEMA").
 *
 * Use it for statements of hot paths that run once per file, record or call (imports, audit appends, settings
 * reads): compiling costs tens of microseconds each time (bench/import.ts). Not for a statement that one caller
 * iterates while another runs it: better-sqlite3 refuses a statement busy with `iterate()`.
 */
import type { Database, Statement } from 'better-sqlite3';

const statementCache = new WeakMap<Database, Map<string, Statement>>();

/** `db.prepare(sql)`, compiled once per handle. Throws SqliteError for SQL that does not compile. */
export function prepared(db: Database, sql: string): Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
