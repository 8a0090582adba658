/**
 * Audit alerts: what an append found when it refused to extend a broken chain (./errors.ts). They cannot go into
 * the trail itself (the refused action's transaction rolls back, and the chain is the thing that is broken), so
 * they are appended, one JSON object per line, to `audit-alerts.jsonl` beside the store — outside the database
 * file and its transactions. `pmu audit verify` and the Audit trail screen show them. For an in-memory store
 * (tests) they are kept in memory for the life of the process.
 * Format of a line: `{"atUtc","username","action","reason","seq","finding"}`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';

/** One refused append. */
export interface AuditAlert {
  readonly atUtc: string;
  /** Who tried to act. */
  readonly username: string;
  /** The action that was refused (AUDIT_ACTIONS). */
  readonly action: string;
  readonly reason: string;
  readonly seq: number;
  readonly finding: string;
}

/** Where the alerts of the store at `dbPath` go (null: in memory). */
export function alertsFileOf(dbPath: string): string | null {
  return dbPath === ':memory:' || dbPath === '' ? null : path.join(path.dirname(path.resolve(dbPath)), 'audit-alerts.jsonl');
}

const memory = new WeakMap<Database, AuditAlert[]>();

/** Record `alert` (never throws: a full disk must not hide the refusal itself, which is thrown anyway). */
export function recordAlert(ctx: { db: Database; dbPath: string }, alert: AuditAlert): void {
  const file = alertsFileOf(ctx.dbPath);
  if (file === null) {
    memory.set(ctx.db, [...(memory.get(ctx.db) ?? []), alert]);
    return;
  }
  try {
    appendFileSync(file, `${JSON.stringify(alert)}\n`, { encoding: 'utf8', mode: 0o600 });
  } catch (err) {
    console.error(`pmu: the audit alert could not be written to ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The alerts recorded for the store, oldest first (lines that do not parse are skipped). At most the last `limit`. */
export function readAlerts(ctx: { db: Database; dbPath: string }, limit = 50): AuditAlert[] {
  const file = alertsFileOf(ctx.dbPath);
  if (file === null) return (memory.get(ctx.db) ?? []).slice(-limit);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: AuditAlert[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const a = JSON.parse(line) as AuditAlert;
      if (typeof a.atUtc === 'string' && typeof a.finding === 'string') out.push(a);
    } catch {
      /* a torn line (disk full while writing): skip it */
    }
  }
  return out.slice(-limit);
}
