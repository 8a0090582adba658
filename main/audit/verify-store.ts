/**
 * Verifying the audit trail of the open store (`pmu audit verify`, the UI's "Verify" button): ./verify.ts over the
 * store's records and ALL its signed heads, with an optional anchor kept outside (./anchor.ts). The key the heads
 * are checked with, in order: a public key the auditor gives; the anchor's; the installation's key derived from the
 * sealed private key when the data key opens it (trusted); else the stored public key (with a warning to compare
 * its fingerprint). A sealed signing key that does not open with this computer's data key is a finding: the key
 * table was changed, or the data key replaced. The audit alerts (appends refused on a broken chain, ./alerts.ts)
 * are listed as warnings.
 */
import type { KeyContext } from '../secrets/context-keys';
import { SecretError } from '../secrets/secret-box';
import { readAlerts } from './alerts';
import type { AuditAnchor } from './anchor';
import { installationSigningKey, storedPublicKey } from './keys';
import { countRecords, iterateRecords, lastRecord, listHeads, recordByHash } from './store';
import { verifyChain, type VerifyKey, type VerifyResult } from './verify';

/** Options of {@link verifyStore}. */
export interface VerifyStoreOptions {
  /** A public key (PEM) the auditor holds; checked instead of the installation's. */
  readonly publicKeyPem?: string;
  /** A signed head kept outside: the trail must still hold its record unchanged. */
  readonly anchor?: AuditAnchor;
}

/** Verify the store's audit trail (see the file comment). Never throws. */
export function verifyStore(ctx: KeyContext, opts: VerifyStoreOptions = {}): VerifyResult {
  const db = ctx.db;
  const warnings: string[] = [];
  const keyFindings: VerifyResult['findings'] = [];
  let key: VerifyKey | null = null;
  const given = opts.publicKeyPem ?? opts.anchor?.publicKeyPem;
  if (given !== undefined) {
    key = { publicKeyPem: given, trusted: true };
  } else if (storedPublicKey(db) !== null) {
    try {
      key = { publicKeyPem: installationSigningKey(ctx).publicKeyPem, trusted: true };
    } catch (err) {
      const stored = storedPublicKey(db)!;
      key = { publicKeyPem: stored.publicKeyPem, trusted: false };
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof SecretError && err.code === 'KEY_UNAVAILABLE') warnings.push(`The installation key could not be opened here (${message}).`);
      else keyFindings.push({ seq: 1, toSeq: 1, kind: 'signature', message: `The installation's signing key cannot be trusted: ${message} The public key stored with the trail may have been replaced.` });
    }
  }
  const result = verifyChain(
    { records: () => iterateRecords(db), byHash: (hash) => recordByHash(db, hash), maxSeq: lastRecord(db)?.seq ?? 0, count: countRecords(db) },
    listHeads(db),
    key,
    { anchor: opts.anchor?.head ?? null },
  );
  const alerts = readAlerts(ctx).map((a) => `${a.atUtc}: the workstation refused to record "${a.action}" by ${a.username} because the chain is broken: ${a.finding}`);
  if (keyFindings.length === 0) return { ...result, warnings: [...warnings, ...result.warnings, ...alerts] };
  const findings = [...keyFindings, ...result.findings];
  return {
    ...result,
    intact: false,
    findings,
    firstBroken: result.firstBroken ?? { seq: 1, kind: 'signature', message: keyFindings[0]!.message },
    message: result.intact ? `The audit trail is NOT intact. ${keyFindings[0]!.message}` : result.message,
    warnings: [...warnings, ...result.warnings, ...alerts],
  };
}
