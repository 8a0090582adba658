/**
 * A state change and its audit record in ONE transaction: `recordChange(ctx, change, entryOf)` runs `change()` (a
 * store function, whose own transaction becomes a savepoint), then `appendAudit(ctx, entryOf(result))`; when either
 * throws, both roll back — a change is never stored without its record, nor a record without its change.
 * `entryOf` may return null when nothing changed (e.g. a save of unchanged content): then nothing is recorded.
 * Used by the scheme and programming handlers and services (main/api/handlers/schemes.ts, handlers/programming.ts,
 * main/services/program-records.ts). Source: better-sqlite3 `Database#transaction` (nested calls are savepoints).
 */
import { appendAudit, type AuditContext, type AuditEntry } from './append';

/**
 * Run `change` and record `entryOf(result)` in the same transaction (see the file comment); returns the result.
 * @throws whatever `change` throws (e.g. StoreError), or appendAudit's errors; nothing is stored then.
 */
export function recordChange<T>(ctx: AuditContext, change: () => T, entryOf: (result: T) => AuditEntry | null): T {
  const tx = ctx.db.transaction(() => {
    const result = change();
    const entry = entryOf(result);
    if (entry !== null) appendAudit(ctx, entry);
    return result;
  });
  // BEGIN IMMEDIATE: the app and a `pmu` command share the store, so take the write lock before reading.
  return ctx.db.inTransaction ? tx() : tx.immediate();
}
