/**
 * Appending to the audit trail: THE function every state-changing action calls, `appendAudit(ctx, entry)`.
 * One record per action (sign-in, reading stored, clock set/adjusted, import, export, user change, scheme saved or
 * approved, program uploaded…; the vocabulary is AUDIT_ACTIONS in contract/audit.ts), chained by SHA-256
 * to the previous record (./chain.ts), and the new head signed with the installation key (./keys.ts) in the same
 * transaction — every append is signed, so there is never an unsigned tail while the key is available.
 *
 * Transactions: appendAudit runs `BEGIN IMMEDIATE` (one writer at a time across processes: CLI and UI share the
 * store); called inside the caller's own transaction it joins it (a savepoint), so a state change and its audit
 * record commit together or not at all — do that where possible.
 * When the data key cannot be used (a desktop-protected installation used from the CLI) the record is appended
 * unsigned and `signed: false` is returned; `pmu audit verify` then reports the records not covered by a signed
 * head until the desktop app appends (and signs) again. A key file readable by other users stops the action
 * (SecretError KEY_FILE_UNSAFE, plain message).
 */
import { AUDIT_ACTIONS, type AuditAction } from '../../contract/audit';
import { systemActor, type Actor } from '../core/actor';
import { currentActor } from '../core/call-scope';
import type { KeyContext } from '../secrets/context-keys';
import { SecretError } from '../secrets/secret-box';
import { GENESIS_HASH, recordHash, summaryText, type AuditRecordBody, type StoredAuditRecord } from './chain';
import { installationSigningKey, signHead } from './keys';
import { lastRecord } from './store';

export { AUDIT_ACTIONS, type AuditAction };

/** What appendAudit needs of the app context (an AppContext fits). */
export interface AuditContext extends KeyContext {
  /** OS user, for system actors. */
  readonly operator: string;
  /** The acting user of this call; absent = the workstation itself (system actor under the OS user). */
  readonly actor?: Actor;
}

/** One action to record. */
export interface AuditEntry {
  readonly action: AuditAction;
  /** Who did it; default `ctx.actor`, else the actor of the call running now (main/auth/call-scope.ts), else the system actor. */
  readonly actor?: Actor;
  /** The meter concerned (serial number), if any. */
  readonly meterSerial?: string | null;
  /** What it was about: `reading:42`, `user:alice`, `scheme:7 v3`, `staged:12`, `file:<name>`… (≤ 300 characters). */
  readonly object?: string | null;
  /** Before/after summary: small, JSON-safe, never a secret (members named like passwords/tokens are redacted). */
  readonly summary?: { readonly before?: unknown; readonly after?: unknown };
  /** Link to the raw probe trace: `reading:<id>` (stored readout bytes) or a trace file name. */
  readonly traceRef?: string | null;
  /** When it happened (UTC ISO); default now. */
  readonly timeUtc?: string;
}

/** The appended record and whether its head was signed. */
export interface AppendedAudit {
  readonly record: StoredAuditRecord;
  readonly signed: boolean;
}

const ACTIONS = new Set<string>(AUDIT_ACTIONS);
/** Secret errors that leave the record unsigned instead of stopping the action. */
const UNSIGNED_OK = new Set(['KEY_UNAVAILABLE', 'WRONG_KEY', 'DAMAGED']);

/** Logs skipped signatures once per process (technical detail; the verifier tells the auditor). */
let warned = false;

/**
 * Append one record for `entry` and sign the new head.
 * @throws TypeError for an action outside AUDIT_ACTIONS (a programming error); SecretError KEY_FILE_UNSAFE;
 *   StoreError-like SQLite errors when the store cannot be written (the caller's transaction then rolls back).
 */
export function appendAudit(ctx: AuditContext, entry: AuditEntry): AppendedAudit {
  if (!ACTIONS.has(entry.action)) throw new TypeError(`unknown audit action "${entry.action}": add it to AUDIT_ACTIONS in contract/audit.ts`);
  const actor = entry.actor ?? ctx.actor ?? currentActor() ?? systemActor(ctx.operator);
  const db = ctx.db;
  const write = (): AppendedAudit => {
    const last = lastRecord(db);
    const body: AuditRecordBody = {
      seq: (last?.seq ?? 0) + 1,
      timeUtc: entry.timeUtc ?? new Date().toISOString(),
      username: actor.username,
      role: actor.role,
      action: entry.action,
      meterSerial: entry.meterSerial ?? null,
      object: entry.object === undefined || entry.object === null ? null : entry.object.slice(0, 300),
      summaryJson: summaryText(entry.summary ?? {}),
      traceRef: entry.traceRef ?? null,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = recordHash(prevHash, body);
    db.prepare(
      'INSERT INTO audit_log (seq, time_utc, username, role, action, meter_serial, object, summary_json, trace_ref, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(body.seq, body.timeUtc, body.username, body.role, body.action, body.meterSerial, body.object, body.summaryJson, body.traceRef, prevHash, hash);
    let signed = false;
    try {
      const head = signHead(installationSigningKey(ctx), body.seq, hash, new Date().toISOString());
      db.prepare('INSERT OR REPLACE INTO audit_heads (seq, hash, signed_utc, key_fingerprint, signature) VALUES (?, ?, ?, ?, ?)').run(
        head.seq, head.hash, head.signedUtc, head.keyFingerprint, head.signature,
      );
      signed = true;
    } catch (err) {
      if (!(err instanceof SecretError) || !UNSIGNED_OK.has(err.code)) throw err;
      if (!warned) console.error(`pmu: audit records are appended unsigned: ${err.message}`);
      warned = true;
    }
    return { record: { ...body, prevHash, hash }, signed };
  };
  const tx = db.transaction(write);
  return db.inTransaction ? tx() : tx.immediate();
}
