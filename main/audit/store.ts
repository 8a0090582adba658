/**
 * Reading the audit tables of the store (migration 4): records in chain order, by hash, the signed heads, and
 * filtered pages for the auditor's list and CSV export. Rows become ./chain.ts shapes; the summary stays the exact
 * stored text (`summaryJson`) so nothing is re-serialised before hashing.
 */
import type { Database } from 'better-sqlite3';
import { prepared } from '../core/prepared';
import type { SignedHead, StoredAuditRecord } from './chain';

interface RecordRow {
  seq: number;
  time_utc: string;
  username: string;
  role: string;
  action: string;
  meter_serial: string | null;
  object: string | null;
  summary_json: string;
  trace_ref: string | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, time_utc, username, role, action, meter_serial, object, summary_json, trace_ref, prev_hash, hash';

/** A row → a stored record. */
export function toRecord(r: RecordRow): StoredAuditRecord {
  return {
    seq: r.seq,
    timeUtc: r.time_utc,
    username: r.username,
    role: r.role,
    action: r.action,
    meterSerial: r.meter_serial,
    object: r.object,
    summaryJson: r.summary_json,
    traceRef: r.trace_ref,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Every record in seq order, lazily (for the verifier over large trails). */
export function* iterateRecords(db: Database): Generator<StoredAuditRecord> {
  for (const row of db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).iterate()) yield toRecord(row as RecordRow);
}

/** The record whose hash is `hash`, or null. */
export function recordByHash(db: Database, hash: string): StoredAuditRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE hash = ?`).get(hash) as RecordRow | undefined;
  return row ? toRecord(row) : null;
}

/** The record at `seq`, or null. */
export function recordAt(db: Database, seq: number): StoredAuditRecord | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM audit_log WHERE seq = ?`).get(seq) as RecordRow | undefined;
  return row ? toRecord(row) : null;
}

/** The last record (highest seq), or null for an empty trail. */
export function lastRecord(db: Database): StoredAuditRecord | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as RecordRow | undefined;
  return row ? toRecord(row) : null;
}

/** Number of records. */
export function countRecords(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

interface HeadRow {
  seq: number;
  hash: string;
  signed_utc: string;
  key_fingerprint: string;
  signature: string;
  prev_seq: number | null;
}

const HEAD_COLUMNS = 'seq, hash, signed_utc, key_fingerprint, signature, prev_seq';

const toHead = (h: HeadRow): SignedHead => ({
  seq: h.seq, hash: h.hash, signedUtc: h.signed_utc, keyFingerprint: h.key_fingerprint, signature: h.signature, prevSeq: h.prev_seq,
});

/** Every signed head, by seq. */
export function listHeads(db: Database): SignedHead[] {
  return (
    db.prepare(`SELECT ${HEAD_COLUMNS} FROM audit_heads ORDER BY seq`).all() as HeadRow[]
  ).map(toHead);
}

/** The latest signed head (highest seq), or null. */
export function latestHead(db: Database): SignedHead | null {
  const row = prepared(db, `SELECT ${HEAD_COLUMNS} FROM audit_heads ORDER BY seq DESC LIMIT 1`).get() as HeadRow | undefined;
  return row ? toHead(row) : null;
}

/** The signed head of record `seq`, or null. */
export function headAt(db: Database, seq: number): SignedHead | null {
  const row = prepared(db, `SELECT ${HEAD_COLUMNS} FROM audit_heads WHERE seq = ?`).get(seq) as HeadRow | undefined;
  return row ? toHead(row) : null;
}

/** Store a signed head (replacing one of the same seq, which a rolled-back append can leave behind). */
export function insertHead(db: Database, h: SignedHead): void {
  prepared(db, 'INSERT OR REPLACE INTO audit_heads (seq, hash, signed_utc, key_fingerprint, signature, prev_seq) VALUES (?, ?, ?, ?, ?, ?)').run(
    h.seq, h.hash, h.signedUtc, h.keyFingerprint, h.signature, h.prevSeq,
  );
}

/** Records with `from <= seq <= to`, in seq order, lazily. */
export function* recordsBetween(db: Database, from: number, to: number): Generator<StoredAuditRecord> {
  for (const row of db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq`).iterate(from, to)) yield toRecord(row as RecordRow);
}

/** Filters of the auditor's list; time range [fromUtc, toUtc) over `time_utc`. */
export interface AuditFilter {
  readonly meterSerial?: string;
  /** User name, compared without regard to case. */
  readonly username?: string;
  readonly action?: string;
  readonly fromUtc?: string;
  readonly toUtc?: string;
}

function where(f: AuditFilter, beforeSeq?: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.meterSerial !== undefined) (parts.push('meter_serial = ?'), params.push(f.meterSerial));
  if (f.username !== undefined) (parts.push('username = ? COLLATE NOCASE'), params.push(f.username));
  if (f.action !== undefined) (parts.push('action = ?'), params.push(f.action));
  if (f.fromUtc !== undefined) (parts.push('time_utc >= ?'), params.push(new Date(f.fromUtc).toISOString()));
  if (f.toUtc !== undefined) (parts.push('time_utc < ?'), params.push(new Date(f.toUtc).toISOString()));
  if (beforeSeq !== undefined) (parts.push('seq < ?'), params.push(beforeSeq));
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * One page of records matching `f`, newest first: at most `limit`, with `seq < beforeSeq` when given. `total` counts
 * every match; `nextBeforeSeq` continues the list (null at the end).
 */
export function listAudit(db: Database, f: AuditFilter, page: { limit: number; beforeSeq?: number }): { records: StoredAuditRecord[]; total: number; nextBeforeSeq: number | null } {
  const all = where(f);
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${all.sql}`).get(...all.params) as { n: number }).n;
  const w = where(f, page.beforeSeq);
  const rows = db.prepare(`SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq DESC LIMIT ?`).all(...w.params, page.limit + 1) as RecordRow[];
  const records = rows.slice(0, page.limit).map(toRecord);
  return { records, total, nextBeforeSeq: rows.length > page.limit ? (records.at(-1)?.seq ?? null) : null };
}

/** Every record matching `f`, oldest first (exports). */
export function selectAudit(db: Database, f: AuditFilter): StoredAuditRecord[] {
  const w = where(f);
  return (db.prepare(`SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq`).all(...w.params) as RecordRow[]).map(toRecord);
}
