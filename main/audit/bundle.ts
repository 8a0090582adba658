/**
 * The signed JSON bundle of the audit trail, for auditors who check it away from the workstation
 * (`pmu audit verify --bundle <file> [--public-key <pem>] [--anchor <file>]`): every record with its chain links,
 * every signed head, and the installation's public key; the latest head doubles as the bundle's anchor
 * (./anchor.ts). The heads' signatures cover the records through the hashes, so the bundle needs no signature of
 * its own. Format (JSON, UTF-8), version 2:
 *   { format: "pmu-audit-bundle", version: 2, exportedUtc, installation: { algorithm: "Ed25519", publicKeyPem,
 *     fingerprint }, head: <latest signed head> | null, heads: [ { seq, hash, signedUtc, keyFingerprint, signature,
 *     prevSeq } … ], records: [ { seq, timeUtc, username, role, action, meterSerial, object, summaryJson, traceRef,
 *     prevHash, hash } … ] }
 * Version 1 (before issue 11) had only `head`; it is still read, and its records without a head of their own are
 * reported as not covered by a signature.
 * The public key inside the bundle proves nothing on its own: compare its fingerprint with one you hold, or pass
 * your copy of the key (then a bundle signed by anyone else fails).
 */
import { z } from 'zod';
import { auditRecordSchema } from '../../contract/audit';
import type { KeyContext } from '../secrets/context-keys';
import { installationSchema, signedHeadSchema, type AuditAnchor } from './anchor';
import type { SignedHead, StoredAuditRecord } from './chain';
import { installationSigningKey } from './keys';
import { iterateRecords, listHeads } from './store';
import { verifyChain, type VerifyResult } from './verify';

export const BUNDLE_FORMAT = 'pmu-audit-bundle';

/** A record in the bundle: the contract's audit record with its summary as the stored JSON text (what the hash covers). */
const recordSchema = auditRecordSchema.omit({ summary: true }).extend({ summaryJson: z.string() }).strict();

const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  exportedUtc: z.string(),
  installation: installationSchema,
  head: signedHeadSchema.nullable(),
  heads: z.array(signedHeadSchema).optional(),
  records: z.array(recordSchema),
});

/** An audit bundle (see the file comment); `heads` is every signed head (a version-1 bundle: its one head). */
export interface AuditBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: 1 | 2;
  readonly exportedUtc: string;
  readonly installation: { readonly algorithm: 'Ed25519'; readonly publicKeyPem: string; readonly fingerprint: string };
  readonly head: SignedHead | null;
  readonly heads: readonly SignedHead[];
  readonly records: readonly StoredAuditRecord[];
}

/**
 * The bundle of the store's whole trail.
 * @throws SecretError when the installation key cannot be opened (the public key must be the trusted one).
 */
export function buildBundle(ctx: KeyContext, now: Date = new Date()): AuditBundle {
  const key = installationSigningKey(ctx);
  const heads = listHeads(ctx.db);
  return {
    format: BUNDLE_FORMAT,
    version: 2,
    exportedUtc: now.toISOString(),
    installation: { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint },
    head: heads.at(-1) ?? null,
    heads,
    records: [...iterateRecords(ctx.db)],
  };
}

/** The bundle as file text (JSON, one record and one head per line for readable diffs). */
export function bundleText(b: AuditBundle): string {
  const { records, heads, ...rest } = b;
  const top = JSON.stringify(rest, null, 1); // ends with "\n}"
  const list = (name: string, items: readonly unknown[]) => ` "${name}": [\n${items.map((r) => JSON.stringify(r)).join(',\n')}\n ]`;
  return `${top.slice(0, -2)},\n${list('heads', heads)},\n${list('records', records)}\n}\n`;
}

/**
 * Read a bundle's text.
 * @throws Error (plain language) when it is not JSON or not a PMU audit bundle of a known version.
 */
export function parseBundle(text: string): AuditBundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('This file is not an audit bundle: it is not valid JSON (it may be cut short or edited).');
  }
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new Error(`This file is not a PMU audit bundle of version 1 or 2${where ? ` (problem at "${where}")` : ''}.`);
  }
  const b = parsed.data;
  return { ...b, heads: b.heads ?? (b.head ? [b.head] : []) };
}

/**
 * Verify a bundle offline against all its heads. The key: `publicKeyPem` (the key the auditor trusts), else the
 * anchor's, else the bundle's own (a warning asks to compare its fingerprint). Never throws.
 */
export function verifyBundle(b: AuditBundle, opts: { publicKeyPem?: string; anchor?: AuditAnchor } = {}): VerifyResult {
  const byHash = new Map<string, StoredAuditRecord>(b.records.map((r) => [r.hash, r]));
  const trusted = opts.publicKeyPem ?? opts.anchor?.publicKeyPem;
  const key = trusted !== undefined ? { publicKeyPem: trusted, trusted: true } : { publicKeyPem: b.installation.publicKeyPem, trusted: false };
  return verifyChain(
    { records: () => b.records, byHash: (h) => byHash.get(h) ?? null, maxSeq: b.records.reduce((m, r) => Math.max(m, r.seq), 0), count: b.records.length },
    b.heads,
    key,
    { anchor: opts.anchor?.head ?? null },
  );
}
