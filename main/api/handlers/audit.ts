/**
 * Handlers of the audit calls (contract/audit.ts): the auditor's filtered list, chain verification, CSV
 * and signed-bundle exports into `<data folder>/exports/` (with a download link in browser mode), the public key,
 * and the meter's programming log beside ours. Permissions are checked by the dispatcher (audit.view / audit.export).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseAnchor } from '../../audit/anchor';
import { exportAuditAnchor, exportAuditBundle, exportAuditCsv, recordView } from '../../audit/export';
import { installationSigningKey } from '../../audit/keys';
import { meterLog } from '../../audit/meter-log';
import { listAudit } from '../../audit/store';
import { verifyStore } from '../../audit/verify-store';
import type { AppContext } from '../../core/context';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { exportsDir } from './files';

type AuditCalls = 'audit.list' | 'audit.verify' | 'audit.exportCsv' | 'audit.exportBundle' | 'audit.exportAnchor' | 'audit.publicKey' | 'audit.meterLog';

/** Default number of audit records per page. */
export const DEFAULT_AUDIT_PAGE = 200;

/** `2026-03-29T04:10:00.123Z` → `20260329T041000123Z` (file names). */
const compactUtc = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

/** `obj` without undefined members. */
function defined<T extends object>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Build the audit handlers over `ctx`; `offerDownload` (browser mode) turns a written file into a download link. */
export function createAuditHandlers(ctx: AppContext, opts: { offerDownload?: (file: string, fileName: string) => string }): Pick<Handlers, AuditCalls> {
  const written = (file: string) => ({ path: file, fileName: path.basename(file), downloadUrl: opts.offerDownload ? opts.offerDownload(file, path.basename(file)) : null });
  const target = async (ext: string) => {
    const dir = exportsDir(ctx);
    await mkdir(dir, { recursive: true });
    return path.join(dir, `audit_${compactUtc(new Date())}.${ext}`);
  };

  return {
    'audit.list': async (a) => {
      const page = listAudit(
        ctx.db,
        defined({ meterSerial: a.meterSerial, username: a.username, action: a.action, fromUtc: a.fromUtc, toUtc: a.toUtc }),
        { limit: a.limit ?? DEFAULT_AUDIT_PAGE, ...defined({ beforeSeq: a.beforeSeq }) },
      );
      return { records: page.records.map(recordView), total: page.total, nextBeforeSeq: page.nextBeforeSeq };
    },

    'audit.verify': async ({ anchorText }) => verifyStore(ctx, anchorText !== undefined ? { anchor: parseAnchor(anchorText) } : {}),

    'audit.exportCsv': async (a, call) => {
      const file = await target('csv');
      const records = await exportAuditCsv(acting(ctx, call), defined(a), file);
      return { ...written(file), records };
    },

    'audit.exportBundle': async (_a, call) => {
      const file = await target('pmu-audit.json');
      const out = await exportAuditBundle(acting(ctx, call), file);
      return { ...written(file), records: out.records, keyFingerprint: out.keyFingerprint };
    },

    'audit.exportAnchor': async (_a, call) => {
      const file = await target('pmu-anchor.json');
      const a = await exportAuditAnchor(acting(ctx, call), file);
      return { ...written(file), seq: a.head.seq, signedUtc: a.head.signedUtc, keyFingerprint: a.fingerprint };
    },

    'audit.publicKey': async () => {
      const key = installationSigningKey(ctx);
      return { algorithm: 'Ed25519' as const, publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
    },

    'audit.meterLog': async ({ meterSerial }) => meterLog(ctx.db, meterSerial),
  };
}
