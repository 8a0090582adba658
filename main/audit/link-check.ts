/**
 * The check every append makes before it signs (reference tamper-evidence.md "Never sign what you have not
 * verified"; docs/security.md "Audit trail"): the record it links to must be the one the latest signed head covers,
 * or a well-linked stretch of unsigned records after it (appended where the signing key could not be opened; the
 * new head names the head it extends, so verification still reports that stretch as not covered by a signature).
 * Checked, in the append's own transaction (BEGIN IMMEDIATE: no other writer in between):
 * - the latest head's signature verifies with the installation key (the trusted key when it opens, else the stored
 *   public key), its record exists and has the signed hash;
 * - the head it names as extended (`prevSeq`) still exists;
 * - every record after it hashes to its stored hash and links to the one before;
 * - a trail with records and a signing key but no head at all lost its heads.
 * Cost: one Ed25519 verification and one hash per record after the head (normally one): well under a millisecond.
 */
import type { Database } from 'better-sqlite3';
import { GENESIS_HASH, recordHash } from './chain';
import { AuditChainError } from './errors';
import { storedPublicKey, verifyHeadSignature, type SigningKey } from './keys';
import { headAt, lastRecord, latestHead, recordAt, recordsBetween } from './store';

/** What an append may extend: the seq of the latest signed head (0 when there is none). */
export interface CheckedLink {
  readonly prevSeq: number;
}

/**
 * Check the link an append would extend (see the file comment).
 * @param key the installation's signing key when it could be opened (null: check with the stored public key).
 * @throws AuditChainError naming what is broken.
 */
export function checkAppendLink(db: Database, key: SigningKey | null): CheckedLink {
  const last = lastRecord(db);
  const head = latestHead(db);
  const publicKeyPem = key?.publicKeyPem ?? storedPublicKey(db)?.publicKeyPem ?? null;
  if (head === null) {
    if (last !== null && publicKeyPem !== null) {
      throw new AuditChainError('missing-head', 1, `the trail has ${last.seq} record${last.seq === 1 ? '' : 's'} and a signing key, but no signed head at all: the heads were deleted.`);
    }
    checkStretch(db, 1, last?.seq ?? 0, GENESIS_HASH);
    return { prevSeq: 0 };
  }
  if (last === null || head.seq > last.seq) {
    const end = last?.seq ?? 0;
    throw new AuditChainError('truncated', end + 1, `the latest signed head covers record ${head.seq}, but the trail ends at record ${end}: records were cut from the end.`);
  }
  if (publicKeyPem === null || !verifyHeadSignature(publicKeyPem, head)) {
    throw new AuditChainError('signature', head.seq, `the signed head of record ${head.seq} does not verify with the installation's key: it was forged or replaced.`);
  }
  const covered = recordAt(db, head.seq);
  if (covered === null || covered.hash !== head.hash || recordHash(covered.prevHash, covered) !== covered.hash) {
    throw new AuditChainError('rewritten', head.seq, `record ${head.seq} is not the record its signed head (${head.signedUtc}) covers: it was changed or replaced.`);
  }
  if (head.prevSeq !== null && head.prevSeq > 0 && headAt(db, head.prevSeq) === null) {
    throw new AuditChainError('missing-head', head.prevSeq, `the signed head of record ${head.prevSeq} is missing: the head of record ${head.seq} was signed as extending it.`);
  }
  checkStretch(db, head.seq + 1, last.seq, covered.hash);
  return { prevSeq: head.seq };
}

/** Records `from..to` must each hash to their stored hash and link to the previous one (`prevHash` of `from`). */
function checkStretch(db: Database, from: number, to: number, prevHash?: string): void {
  if (to < from) return;
  let expectedSeq = from;
  let expectedPrev = prevHash;
  for (const r of recordsBetween(db, from, to)) {
    if (r.seq !== expectedSeq) {
      throw new AuditChainError('edited', expectedSeq, `record ${expectedSeq} is missing from the records after the latest signed head.`);
    }
    if ((expectedPrev !== undefined && r.prevHash !== expectedPrev) || recordHash(r.prevHash, r) !== r.hash) {
      throw new AuditChainError('edited', r.seq, `record ${r.seq} no longer matches its hash or does not follow the record before it.`);
    }
    expectedPrev = r.hash;
    expectedSeq += 1;
  }
  if (expectedSeq !== to + 1) throw new AuditChainError('edited', expectedSeq, `record ${expectedSeq} is missing from the records after the latest signed head.`);
}
