/**
 * Appending to the audit trail: THE function every state-changing action calls, `appendAudit(ctx, entry)`.
 * One record per action (sign-in, reading stored, clock set/adjusted, import, export, user change, scheme saved or
 * approved, program uploaded…; the vocabulary is AUDIT_ACTIONS in contract/audit.ts), chained by SHA-256
 * to the previous record (./chain.ts), and the new head signed with the installation key (./keys.ts) in the same
 * transaction — every append is signed, so there is never an unsigned tail while the key is available.
 * Before it writes anything, an append checks the link it extends (./link-check.ts): the latest signed head must
 * verify and match its record, and any records after it must hash and link. A broken chain is NOT extended: the
 * append throws AuditChainError (the caller's change rolls back with it), and the finding goes to the audit alerts
 * beside the store (./alerts.ts), which `pmu audit verify` and the UI show. Only `pmu audit acknowledge-break`
 * (./acknowledge.ts: the administrator at the machine) appends past a break, recording the finding.
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
import { prepared } from '../core/prepared';
import type { KeyContext } from '../secrets/context-keys';
import { SecretError } from '../secrets/secret-box';
import { recordAlert } from './alerts';
import { GENESIS_HASH, recordHash, summaryText, type AuditRecordBody, type StoredAuditRecord } from './chain';
import { AuditChainError } from './errors';
import { installationSigningKey, signHead, type SigningKey } from './keys';
import { checkAppendLink } from './link-check';
import { insertHead, lastRecord } from './store';

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

/** The signing key, or null when the data key cannot be used here (records are then appended unsigned). */
function signingKeyOrNull(ctx: AuditContext): SigningKey | null {
  try {
    return installationSigningKey(ctx);
  } catch (err) {
    if (!(err instanceof SecretError) || !UNSIGNED_OK.has(err.code)) throw err;
    if (!warned) console.error(`pmu: audit records are appended unsigned: ${err.message}`);
    warned = true;
    return null;
  }
}

/** Options of {@link appendAudit}. */
export interface AppendOptions {
  /**
   * Append even when the chain is broken (./acknowledge.ts only): the finding is returned instead of thrown, and the
   * new head extends the latest head whatever its state, so later appends work again. Verification keeps reporting
   * the break.
   */
  readonly acknowledgeBreak?: boolean;
}

/**
 * Append one record for `entry` and sign the new head, after checking the link it extends (file comment).
 * @throws AuditChainError when the chain is broken (recorded in the audit alerts; nothing is written); TypeError for
 *   an action outside AUDIT_ACTIONS (a programming error); SecretError KEY_FILE_UNSAFE; StoreError-like SQLite
 *   errors when the store cannot be written (the caller's transaction then rolls back).
 */
export function appendAudit(ctx: AuditContext, entry: AuditEntry, opts: AppendOptions = {}): AppendedAudit & { readonly acknowledged?: AuditChainError } {
  if (!ACTIONS.has(entry.action)) throw new TypeError(`unknown audit action "${entry.action}": add it to AUDIT_ACTIONS in contract/audit.ts`);
  const actor = entry.actor ?? ctx.actor ?? currentActor() ?? systemActor(ctx.operator);
  const db = ctx.db;
  const write = (): AppendedAudit & { acknowledged?: AuditChainError } => {
    const key = signingKeyOrNull(ctx);
    let prevSeq: number;
    let acknowledged: AuditChainError | undefined;
    try {
      prevSeq = checkAppendLink(db, key).prevSeq;
    } catch (err) {
      if (!(err instanceof AuditChainError)) throw err;
      if (!opts.acknowledgeBreak) {
        recordAlert(ctx, { atUtc: new Date().toISOString(), username: actor.username, action: entry.action, reason: err.reason, seq: err.seq, finding: err.finding });
        throw err;
      }
      acknowledged = err;
      prevSeq = (db.prepare('SELECT max(seq) AS s FROM audit_heads').get() as { s: number | null }).s ?? 0;
    }
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
    prepared(
      db,
      'INSERT INTO audit_log (seq, time_utc, username, role, action, meter_serial, object, summary_json, trace_ref, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(body.seq, body.timeUtc, body.username, body.role, body.action, body.meterSerial, body.object, body.summaryJson, body.traceRef, prevHash, hash);
    if (key !== null) insertHead(db, signHead(key, body.seq, hash, new Date().toISOString(), Math.min(prevSeq, body.seq - 1)));
    return { record: { ...body, prevHash, hash }, signed: key !== null, ...(acknowledged ? { acknowledged } : {}) };
  };
  const tx = db.transaction(write);
  return db.inTransaction ? tx() : tx.immediate();
}
