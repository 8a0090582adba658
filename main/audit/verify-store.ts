/**
 * Verifying the audit trail of the open store (`pmu audit verify`, the UI's "Verify" button): ./verify.ts over the
 * store's records and signed heads, checked with the installation's public key — derived from the sealed private
 * key when the data key is available (trusted), else the stored public key (with a warning to compare its
 * fingerprint), or a public key the auditor gives.
 */
import { SecretError } from '../secrets/secret-box';
import type { KeyContext } from '../secrets/context-keys';
import { installationSigningKey, storedPublicKey } from './keys';
import { countRecords, iterateRecords, lastRecord, listHeads, recordByHash } from './store';
import { verifyChain, type VerifyKey, type VerifyResult } from './verify';

/**
 * Verify the store's audit trail.
 * @param opts.publicKeyPem a public key (PEM) the auditor holds; checked instead of the installation's. Never throws.
 */
export function verifyStore(ctx: KeyContext, opts: { publicKeyPem?: string } = {}): VerifyResult {
  const db = ctx.db;
  const warnings: string[] = [];
  let key: VerifyKey | null = null;
  if (opts.publicKeyPem !== undefined) {
    key = { publicKeyPem: opts.publicKeyPem, trusted: true };
  } else if (storedPublicKey(db) !== null) {
    try {
      key = { publicKeyPem: installationSigningKey(ctx).publicKeyPem, trusted: true };
    } catch (err) {
      if (!(err instanceof SecretError)) {
        const records = countRecords(db);
        const message = err instanceof Error ? err.message : String(err);
        return {
          intact: false, records, signedThroughSeq: null, keyFingerprint: null,
          firstBroken: { seq: 1, kind: 'signature', message }, message: `The audit trail is NOT intact. ${message}`, warnings,
        };
      }
      warnings.push(`The installation key could not be opened (${err.message}).`);
      const stored = storedPublicKey(db)!;
      key = { publicKeyPem: stored.publicKeyPem, trusted: false };
    }
  }
  const result = verifyChain(
    {
      records: () => iterateRecords(db),
      byHash: (hash) => recordByHash(db, hash),
      maxSeq: lastRecord(db)?.seq ?? 0,
      count: countRecords(db),
    },
    listHeads(db),
    key,
  );
  return { ...result, warnings: [...warnings, ...result.warnings] };
}
