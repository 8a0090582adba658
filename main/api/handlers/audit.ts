/**
 * Handlers of the audit calls (contract/audit.ts): parse → main/services/audit-trail.ts → map (a written file gets
 * its download link in browser mode). The service checks the permission.
 */
import path from 'node:path';
import { parseAnchor } from '../../audit/anchor';
import type { AppContext } from '../../core/context';
import { auditPublicKeyAs, exportAuditAnchorAs, exportAuditBundleAs, exportAuditCsvAs, listAuditAs, meterLogAs, verifyAuditAs } from '../../services/audit-trail';
import { defined } from '../args';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { writtenFile, type OfferDownload } from '../events';

type AuditCalls = 'audit.list' | 'audit.verify' | 'audit.exportCsv' | 'audit.exportBundle' | 'audit.exportAnchor' | 'audit.publicKey' | 'audit.meterLog';

/** Build the audit handlers over `ctx`; `offerDownload` (browser mode) turns a written file into a download link. */
export function createAuditHandlers(ctx: AppContext, opts: { offerDownload?: OfferDownload }): Pick<Handlers, AuditCalls> {
  const written = (file: string) => writtenFile(file, path.basename(file), opts.offerDownload);
  return {
    'audit.list': async (a, call) =>
      listAuditAs(acting(ctx, call), defined({ meterSerial: a.meterSerial, username: a.username, action: a.action, fromUtc: a.fromUtc, toUtc: a.toUtc }), defined({ limit: a.limit, beforeSeq: a.beforeSeq })),
    'audit.verify': async ({ anchorText }, call) => verifyAuditAs(acting(ctx, call), anchorText !== undefined ? { anchor: parseAnchor(anchorText) } : {}),
    'audit.exportCsv': async (a, call) => {
      const out = await exportAuditCsvAs(acting(ctx, call), defined(a));
      return { ...written(out.path), records: out.records };
    },
    'audit.exportBundle': async (_a, call) => {
      const out = await exportAuditBundleAs(acting(ctx, call));
      return { ...written(out.path), records: out.records, keyFingerprint: out.keyFingerprint };
    },
    'audit.exportAnchor': async (_a, call) => {
      const out = await exportAuditAnchorAs(acting(ctx, call));
      return { ...written(out.path), seq: out.anchor.head.seq, signedUtc: out.anchor.head.signedUtc, keyFingerprint: out.anchor.fingerprint };
    },
    'audit.publicKey': async (_a, call) => auditPublicKeyAs(acting(ctx, call)),
    'audit.meterLog': async ({ meterSerial }, call) => meterLogAs(acting(ctx, call), meterSerial),
  };
}
