/**
 * Exports of the audit trail: a CSV of (filtered) records for spreadsheets, the signed JSON bundle of the whole
 * chain for offline verification (./bundle.ts), and the anchor alone (./anchor.ts). Files are written atomically
 * (temp file + fsync + rename, main/export/atomic-file.ts). Each export is itself recorded (`audit.exported`) BEFORE
 * it is written, so the bundle contains the record of its own export and every export's anchor covers it.
 * CSV columns: seq, time_utc, user, role, action, meter, object, before, after (JSON), trace, prev_hash, hash —
 * UTF-8 with BOM, RFC 4180, cells neutralised against formula injection (main/formats/csv-text.ts); the last row is
 * the anchor: `signed-head`, signed time, …, `after` = the anchor JSON, …, the head's hash.
 */
import type { AuditRecordView } from '../../contract/audit';
import { AtomicFile } from '../core/atomic-file';
import { BOM, csvLines } from '../formats/csv-text';
import { appendAudit, type AuditContext } from './append';
import { anchorText, CSV_ANCHOR_ROW, currentAnchor, type AuditAnchor } from './anchor';
import { buildBundle, bundleText } from './bundle';
import type { StoredAuditRecord } from './chain';
import { selectAudit, type AuditFilter } from './store';

/** A stored record as the contract shows it (summary parsed). */
export function recordView(r: StoredAuditRecord): AuditRecordView {
  let summary: AuditRecordView['summary'] = {};
  try {
    const parsed = JSON.parse(r.summaryJson) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) summary = parsed as AuditRecordView['summary'];
  } catch {
    summary = { after: { unreadable: r.summaryJson.slice(0, 200) } };
  }
  return {
    seq: r.seq, timeUtc: r.timeUtc, username: r.username, role: r.role, action: r.action, meterSerial: r.meterSerial,
    object: r.object, summary, traceRef: r.traceRef, prevHash: r.prevHash, hash: r.hash,
  };
}

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

/** Records → CSV text (with BOM and header), and the anchor as the last row when given. */
export function auditCsv(records: readonly StoredAuditRecord[], anchor: AuditAnchor | null = null): string {
  const header = ['seq', 'time_utc', 'user', 'role', 'action', 'meter', 'object', 'before', 'after', 'trace', 'prev_hash', 'hash'];
  const rows = records.map((r) => {
    const v = recordView(r);
    return [String(r.seq), r.timeUtc, r.username, r.role, r.action, r.meterSerial ?? '', r.object ?? '', json(v.summary.before), json(v.summary.after), r.traceRef ?? '', r.prevHash, r.hash];
  });
  if (anchor) {
    const h = anchor.head;
    rows.push([CSV_ANCHOR_ROW, h.signedUtc, '', '', '', '', `audit:${h.seq}`, '', anchorText(anchor, new Date(), true), '', '', h.hash]);
  }
  return BOM + csvLines([header, ...rows]);
}

/** The store's anchor, or null when the trail has no signed head / the key cannot be opened (exports still work). */
function anchorOrNull(ctx: AuditContext): AuditAnchor | null {
  try {
    return currentAnchor(ctx);
  } catch {
    return null;
  }
}

async function writeAtomic(outPath: string, text: string): Promise<void> {
  const f = await AtomicFile.create(outPath);
  await f.write(text);
  await f.commit();
}

/** Record the export, then write the records matching `filter` as CSV to `outPath`; returns the count written. */
export async function exportAuditCsv(ctx: AuditContext, filter: AuditFilter, outPath: string): Promise<number> {
  const count = selectAudit(ctx.db, filter).length;
  appendAudit(ctx, { action: 'audit.exported', object: `file:${outPath.split(/[\\/]/).pop()}`, summary: { after: { format: 'csv', records: count + 1, filter } } });
  const records = selectAudit(ctx.db, filter);
  await writeAtomic(outPath, auditCsv(records, anchorOrNull(ctx)));
  return records.length;
}

/**
 * Record the export, then write the anchor (the latest signed head with the public key) to `outPath`.
 * @throws SecretError when the installation key cannot be opened.
 */
export async function exportAuditAnchor(ctx: AuditContext, outPath: string): Promise<AuditAnchor> {
  appendAudit(ctx, { action: 'audit.exported', object: `file:${outPath.split(/[\\/]/).pop()}`, summary: { after: { format: 'anchor' } } });
  const anchor = currentAnchor(ctx);
  await writeAtomic(outPath, anchorText(anchor));
  return anchor;
}

/**
 * Record the export, then write the whole chain as a signed bundle to `outPath`.
 * @throws SecretError when the installation key cannot be opened (the bundle must carry the trusted public key).
 */
export async function exportAuditBundle(ctx: AuditContext, outPath: string): Promise<{ records: number; keyFingerprint: string }> {
  appendAudit(ctx, { action: 'audit.exported', object: `file:${outPath.split(/[\\/]/).pop()}`, summary: { after: { format: 'bundle' } } });
  const bundle = buildBundle(ctx);
  await writeAtomic(outPath, bundleText(bundle));
  return { records: bundle.records.length, keyFingerprint: bundle.installation.fingerprint };
}
