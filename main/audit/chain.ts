/**
 * The audit chain's record format and hashing (docs/security.md "Audit trail"). Each record's hash is
 *   hash = SHA-256( prev_hash ‖ canonical(record) )   (hex, lower case)
 * where prev_hash is the previous record's hash (64 zeros before record 1) and canonical(record) is the JSON
 * array `["pmu-audit v1", seq, timeUtc, username, role, action, meterSerial, object, summaryJson, traceRef]`
 * (JSON.stringify of strings, numbers and nulls is deterministic). `summaryJson` enters as the exact stored TEXT,
 * so any changed byte of any field changes the hash. Every signed append signs its own head with the
 * installation's Ed25519 key (./keys.ts): the message `pmu-audit-head v2\n<seq>\n<hash>\n<signedUtc>\n<prevSeq>`
 * commits to the record's sequence number, its hash, the signer's clock and the head it extends (`prevSeq`: the
 * seq of the previous signed head the appender checked, 0 for none), so the heads form a chain of their own and a
 * deleted head is a finding. Heads written before version 2 (`pmu-audit-head v1\n<seq>\n<hash>\n<signedUtc>`)
 * have `prevSeq` null and are still verified.
 * Pure functions over plain data (node:crypto only): used by the store side, the verifier and the offline bundle check.
 */
import { createHash } from 'node:crypto';
import { isSettingKey } from '../../contract/settings';

/** prev_hash of record 1. */
export const GENESIS_HASH = '0'.repeat(64);
/** Tag of the canonical record format. */
export const RECORD_FORMAT = 'pmu-audit v1';
/** Tag of the signed head message of heads without `prevSeq` (written before issue 11). */
export const HEAD_FORMAT_V1 = 'pmu-audit-head v1';
/** Tag of the signed head message (version 2: with the seq of the head it extends). */
export const HEAD_FORMAT = 'pmu-audit-head v2';

/** A record's content: everything the hash covers besides prev_hash. */
export interface AuditRecordBody {
  /** Position in the chain, 1, 2, 3… */
  readonly seq: number;
  /** When it happened, UTC ISO instant. */
  readonly timeUtc: string;
  readonly username: string;
  /** Role at the time (`technician` … `administrator`, or `system`). */
  readonly role: string;
  /** One of AUDIT_ACTIONS (contract/audit.ts). */
  readonly action: string;
  readonly meterSerial: string | null;
  /** What it was about, e.g. `reading:42`, `user:alice`. */
  readonly object: string | null;
  /** The before/after summary as stored: canonical JSON text of `{before?, after?}`. */
  readonly summaryJson: string;
  /** Link to the raw probe trace (e.g. `reading:42`), or null. */
  readonly traceRef: string | null;
}

/** A stored record: its body plus the chain links. */
export interface StoredAuditRecord extends AuditRecordBody {
  readonly prevHash: string;
  readonly hash: string;
}

/** A signed chain head. */
export interface SignedHead {
  readonly seq: number;
  readonly hash: string;
  /** When it was signed, UTC ISO instant. */
  readonly signedUtc: string;
  /** Fingerprint of the signing public key (./keys.ts `fingerprintOf`). */
  readonly keyFingerprint: string;
  /** Ed25519 signature of {@link headMessage}, base64. */
  readonly signature: string;
  /**
   * The seq of the signed head the appender checked before it signed this one (0 = none: the first head, or a
   * trail that had no signed head yet); null for a version-1 head, which did not say.
   */
  readonly prevSeq: number | null;
}

/** The canonical text of a record body (see the file comment). */
export function canonicalRecord(b: AuditRecordBody): string {
  return JSON.stringify([RECORD_FORMAT, b.seq, b.timeUtc, b.username, b.role, b.action, b.meterSerial, b.object, b.summaryJson, b.traceRef]);
}

/** hash = SHA-256(prevHash ‖ canonical(body)), lower-case hex. */
export function recordHash(prevHash: string, body: AuditRecordBody): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalRecord(body), 'utf8').digest('hex');
}

/** The bytes the head signature covers (version 2; version 1 when `prevSeq` is null). */
export function headMessage(seq: number, hash: string, signedUtc: string, prevSeq: number | null): Buffer {
  const text = prevSeq === null ? `${HEAD_FORMAT_V1}\n${seq}\n${hash}\n${signedUtc}` : `${HEAD_FORMAT}\n${seq}\n${hash}\n${signedUtc}\n${prevSeq}`;
  return Buffer.from(text, 'utf8');
}

/**
 * Canonical JSON of a summary value: object keys sorted, no spaces, `undefined` members dropped.
 * @throws TypeError for values JSON cannot hold exactly (non-finite numbers, bigint, functions).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('audit summaries hold finite numbers only');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`audit summaries cannot hold a ${typeof value}`);
}

/**
 * Keys whose values are never written into a summary (replaced by `[redacted]`; `…Level` names are kept, and so are the
 * workstation settings' keys — `policy.password.minLength` is a number of characters, and no setting holds a secret).
 */
const SECRET_KEY = /password|passwd|secret|token|ciphertext|privatekey/i;

/**
 * The summary as it is stored: secrets removed (any member whose name looks like a password, token, hash, key
 * material… becomes `[redacted]`), then canonical JSON. Callers should not put secrets there; this is a net.
 */
export function summaryText(summary: { before?: unknown; after?: unknown }): string {
  const clean = (v: unknown, depth: number): unknown => {
    if (depth > 12 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => clean(x, depth + 1));
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, SECRET_KEY.test(k) && !/level$/i.test(k) && !isSettingKey(k) ? '[redacted]' : clean(x, depth + 1)]));
  };
  return canonicalJson({ before: clean(summary.before, 0), after: clean(summary.after, 0) });
}
