/**
 * Verifying an audit chain (from the store or an exported bundle): walk the records in order, recompute each hash
 * (./chain.ts), check the links, compare every signed head with the record it covers, and check the latest head's
 * Ed25519 signature. Reports the FIRST broken record with a plain message:
 * - `edited`    a record's content no longer matches its hash (any byte of any field changed);
 * - `deleted`   records are missing (a gap in the numbering, the next record's link points at nothing);
 * - `reordered` a record is not at the position it was written at;
 * - `rewritten` records were changed with recomputed hashes: they no longer match the head signed back then;
 * - `truncated` records were removed from the end (a signed head covers more records than exist);
 * - `signature` the latest head is missing, unsigned, or its signature does not verify with the public key.
 * Pure over its inputs (records, heads, key); ./verify-store.ts and ./bundle.ts feed it.
 */
import type { AuditVerifyView } from '../../contract/audit';
import { GENESIS_HASH, recordHash, type SignedHead, type StoredAuditRecord } from './chain';
import { fingerprintOf, verifyHeadSignature } from './keys';

/** Result of a verification (the contract's `audit.verify` answer). */
export type VerifyResult = AuditVerifyView;
type Broken = NonNullable<VerifyResult['firstBroken']>;

/** The records to verify. */
export interface ChainSource {
  /** Records in chain order (the store: by seq; a bundle: as listed). */
  records(): Iterable<StoredAuditRecord>;
  /** The record whose stored hash is `hash`, or null. */
  byHash(hash: string): StoredAuditRecord | null;
  /** Highest seq present (bounds the search for a moved record). */
  readonly maxSeq: number;
  /** Number of records. */
  readonly count: number;
}

/** The public key to check the head with; `trusted` false = taken from the data being checked (warn). */
export interface VerifyKey {
  readonly publicKeyPem: string;
  readonly trusted: boolean;
}

const plural = (from: number, to: number) => (from === to ? `Record ${from} is` : `Records ${from} to ${to} are`);

/** The seq at which `r` was written, if its hash verifies under another seq (it was moved), else null. */
function originalSeq(r: StoredAuditRecord, maxSeq: number): number | null {
  for (let d = 1; d <= maxSeq + 1; d += 1) {
    for (const c of [r.seq + d, r.seq - d]) {
      if (c >= 1 && c <= maxSeq + 1 && recordHash(r.prevHash, { ...r, seq: c }) === r.hash) return c;
    }
  }
  return null;
}

/** Why the walk stopped at `r` (expected `expected`, after `prev`). */
function classify(r: StoredAuditRecord, prev: StoredAuditRecord | null, expected: number, src: ChainSource): Broken {
  if (recordHash(r.prevHash, r) !== r.hash) {
    const c = originalSeq(r, src.maxSeq);
    if (c !== null) {
      return { seq: r.seq, kind: 'reordered', message: `The records were reordered: record ${c} was moved to position ${r.seq}.` };
    }
    return { seq: r.seq, kind: 'edited', message: `Record ${r.seq} was changed after it was written: its content no longer matches its hash.` };
  }
  const linked = src.byHash(r.prevHash);
  if (r.seq > expected) {
    if (linked === null) {
      return { seq: expected, kind: 'deleted', message: `${plural(expected, r.seq - 1)} missing: deleted from the audit trail (record ${r.seq} follows record ${expected - 1}).` };
    }
    return { seq: expected, kind: 'reordered', message: `The records were reordered: record ${r.seq} comes where record ${expected} was written.` };
  }
  if (r.seq < expected) {
    return { seq: r.seq, kind: 'reordered', message: `The records were reordered: record ${r.seq} appears again after record ${expected - 1}.` };
  }
  if (linked !== null && linked !== prev && linked.hash !== prev?.hash) {
    return { seq: r.seq, kind: 'reordered', message: `The records were reordered: record ${r.seq} was written after record ${linked.seq}, not after record ${expected - 1}.` };
  }
  if (prev === null) {
    return { seq: 1, kind: 'deleted', message: 'The first records of the audit trail are missing: record 1 does not start the chain.' };
  }
  return { seq: prev.seq, kind: 'edited', message: `Record ${prev.seq} was replaced after it was written: record ${r.seq} no longer follows it.` };
}

const fail = (records: number, broken: Broken, extra: Partial<VerifyResult> = {}): VerifyResult => ({
  intact: false,
  records,
  signedThroughSeq: null,
  keyFingerprint: null,
  firstBroken: broken,
  message: `The audit trail is NOT intact. ${broken.message}`,
  warnings: [],
  ...extra,
});

/**
 * Verify `src` against its signed `heads` (ascending seq) with `key` (null: the signature cannot be checked — a
 * failure, since a rewritten chain would then go unnoticed). Never throws.
 */
export function verifyChain(src: ChainSource, heads: readonly SignedHead[], key: VerifyKey | null): VerifyResult {
  const warnings: string[] = [];
  let prev: StoredAuditRecord | null = null;
  let count = 0;
  let h = 0;
  let rewritten: Broken | null = null;
  let stop: { r: StoredAuditRecord; prev: StoredAuditRecord | null; expected: number } | null = null;
  for (const r of src.records()) {
    count += 1;
    const expected = (prev?.seq ?? 0) + 1;
    if (r.seq !== expected || r.prevHash !== (prev?.hash ?? GENESIS_HASH) || recordHash(r.prevHash, r) !== r.hash) {
      // Classified after the loop: the store's iterator must be closed before looking records up.
      stop = { r, prev, expected };
      break;
    }
    while (h < heads.length && heads[h]!.seq < r.seq) h += 1;
    const head = heads[h];
    if (head?.seq === r.seq && head.hash !== r.hash && rewritten === null) {
      rewritten = {
        seq: r.seq,
        kind: 'rewritten',
        message: `Record ${r.seq} and the records after it were rewritten: record ${r.seq} no longer matches the head signed when it was written (${head.signedUtc}).`,
      };
    }
    prev = r;
  }
  if (stop) return fail(src.count, rewritten ?? classify(stop.r, stop.prev, stop.expected, src));
  if (rewritten) return fail(src.count, rewritten);
  const last = prev?.seq ?? 0;
  const latest = heads.at(-1) ?? null;
  const fingerprint = key ? safeFingerprint(key.publicKeyPem) : null;
  if (key && !key.trusted) {
    warnings.push(`The signature was checked with the public key stored with the trail (fingerprint ${fingerprint}); compare it with the fingerprint you hold.`);
  }
  if (count === 0 && latest === null) {
    return { intact: true, records: 0, signedThroughSeq: null, keyFingerprint: fingerprint, firstBroken: null, message: 'The audit trail is empty.', warnings };
  }
  if (latest === null) {
    return fail(count, { seq: 1, kind: 'signature', message: 'The audit trail has no signed head, so it cannot be proven that it was not rewritten.' }, { warnings });
  }
  if (key === null) {
    return fail(count, { seq: latest.seq, kind: 'signature', message: 'No public key is available to check the signed head. Give the installation\'s public key.' }, { warnings });
  }
  const signatureOk = verifyHeadSignature(key.publicKeyPem, latest) && latest.keyFingerprint === fingerprint;
  if (!signatureOk) {
    return fail(
      count,
      {
        seq: Math.min(latest.seq, last + 1),
        kind: 'signature',
        message: `The signature of the chain head (record ${latest.seq}) is not valid for the public key ${fingerprint}: the trail was rewritten, or signed with another key.`,
      },
      { keyFingerprint: fingerprint, warnings },
    );
  }
  if (latest.seq > last) {
    return fail(
      count,
      { seq: last + 1, kind: 'truncated', message: `${plural(last + 1, latest.seq)} missing from the end of the audit trail: it was signed up to record ${latest.seq}.` },
      { keyFingerprint: fingerprint, signedThroughSeq: latest.seq, warnings },
    );
  }
  if (latest.seq < last) {
    return fail(
      count,
      {
        seq: latest.seq + 1,
        kind: 'signature',
        message: `${plural(latest.seq + 1, last)} not covered by a signed head: they may have been added outside the workstation (or by the command line on a desktop-protected installation — open the desktop app once to sign them).`,
      },
      { keyFingerprint: fingerprint, signedThroughSeq: latest.seq, warnings },
    );
  }
  return {
    intact: true,
    records: count,
    signedThroughSeq: latest.seq,
    keyFingerprint: fingerprint,
    firstBroken: null,
    message: `The audit trail is intact: ${count} record${count === 1 ? '' : 's'}, signed through record ${latest.seq} (head ${latest.hash.slice(0, 16)}…).`,
    warnings,
  };
}

function safeFingerprint(pem: string): string | null {
  try {
    return fingerprintOf(pem);
  } catch {
    return null;
  }
}
