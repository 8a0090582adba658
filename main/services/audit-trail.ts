/**
 * The audit trail's use cases (contract/audit.ts calls, `pmu audit …`): the auditor's filtered list, chain
 * verification, CSV and signed-bundle exports into the exports folder (main/audit/export.ts records
 * `audit.exported` first), the installation's public key, and the meter's programming log beside ours. Each checks
 * the acting user's permission (`audit.view`, `audit.export`) first (./authorize.ts).
 */
import type { AuditAnchor } from '../audit/anchor';
import { exportAuditAnchor, exportAuditBundle, exportAuditCsv, recordView } from '../audit/export';
import { installationSigningKey } from '../audit/keys';
import { meterLog } from '../audit/meter-log';
import { listAudit, type AuditFilter } from '../audit/store';
import { verifyStore, type VerifyStoreOptions } from '../audit/verify-store';
import type { VerifyResult } from '../audit/verify';
import type { AppContext } from '../core/context';
import { authorize } from './authorize';
import { compactUtc, exportPath } from './export-files';

/** Default number of audit records per page. */
export const DEFAULT_AUDIT_PAGE = 200;

/** One page of records matching `filter`, newest first (`beforeSeq` pages on). */
export function listAuditAs(ctx: AppContext, filter: AuditFilter, page: { limit?: number; beforeSeq?: number } = {}) {
  authorize(ctx, 'audit.view');
  const p = listAudit(ctx.db, filter, { limit: page.limit ?? DEFAULT_AUDIT_PAGE, ...(page.beforeSeq !== undefined ? { beforeSeq: page.beforeSeq } : {}) });
  return { records: p.records.map(recordView), total: p.total, nextBeforeSeq: p.nextBeforeSeq };
}

/**
 * Check the chain and its signed head (`publicKeyPem`: with that key instead of the installation's; `anchor`: a
 * signed head kept outside must still be in the trail unchanged).
 */
export function verifyAuditAs(ctx: AppContext, opts: VerifyStoreOptions = {}): VerifyResult {
  authorize(ctx, 'audit.view');
  return verifyStore(ctx, opts);
}

/** Write the records matching `filter` as CSV (`outPath`, default a new file in the exports folder). */
export async function exportAuditCsvAs(ctx: AppContext, filter: AuditFilter, outPath?: string): Promise<{ path: string; records: number }> {
  authorize(ctx, 'audit.export');
  const file = outPath ?? (await exportPath(ctx, `audit_${compactUtc()}.csv`));
  return { path: file, records: await exportAuditCsv(ctx, filter, file) };
}

/** Write the whole chain as a signed bundle (`outPath`, default a new file in the exports folder). */
export async function exportAuditBundleAs(ctx: AppContext, outPath?: string): Promise<{ path: string; records: number; keyFingerprint: string }> {
  authorize(ctx, 'audit.export');
  const file = outPath ?? (await exportPath(ctx, `audit_${compactUtc()}.pmu-audit.json`));
  return { path: file, ...(await exportAuditBundle(ctx, file)) };
}

/** Write the current signed head as an anchor to keep away from this computer (default: a new file in the exports folder). */
export async function exportAuditAnchorAs(ctx: AppContext, outPath?: string): Promise<{ path: string; anchor: AuditAnchor }> {
  authorize(ctx, 'audit.export');
  const file = outPath ?? (await exportPath(ctx, `audit_${compactUtc()}.pmu-anchor.json`));
  return { path: file, anchor: await exportAuditAnchor(ctx, file) };
}

/** The installation's audit-signing public key (Ed25519, PEM) and its fingerprint. */
export function auditPublicKeyAs(ctx: AppContext): { algorithm: 'Ed25519'; publicKeyPem: string; fingerprint: string } {
  authorize(ctx, 'audit.view');
  const key = installationSigningKey(ctx);
  return { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
}

/** The meter's own programming log (counter, events) beside our records for meter `serial`. */
export function meterLogAs(ctx: AppContext, serial: string): ReturnType<typeof meterLog> {
  authorize(ctx, 'audit.view');
  return meterLog(ctx.db, serial);
}
