/**
 * The signed JSON bundle of the audit trail, for auditors who check it away from the workstation
 * (`pmu audit verify --bundle <file> [--public-key <pem>]`): every record with its chain links, the latest signed
 * head, and the installation's public key. The head signature covers the whole chain through the hashes, so
 * the bundle needs no signature of its own. Format (JSON, UTF-8):
 *   { format: "pmu-audit-bundle", version: 1, exportedUtc, installation: { algorithm: "Ed25519", publicKeyPem,
 *     fingerprint }, head: { seq, hash, signedUtc, keyFingerprint, signature } | null, records: [ { seq, timeUtc,
 *     username, role, action, meterSerial, object, summaryJson, traceRef, prevHash, hash } … ] }
 * The public key inside the bundle proves nothing on its own: compare its fingerprint with one you hold, or pass
 * your copy of the key (then a bundle signed by anyone else fails).
 */
import { z } from 'zod';
import type { KeyContext } from '../secrets/context-keys';
import type { StoredAuditRecord } from './chain';
import { installationSigningKey } from './keys';
import { iterateRecords, latestHead } from './store';
import { verifyChain, type VerifyResult } from './verify';

export const BUNDLE_FORMAT = 'pmu-audit-bundle';

const recordSchema = z.strictObject({
  seq: z.number().int(),
  timeUtc: z.string(),
  username: z.string(),
  role: z.string(),
  action: z.string(),
  meterSerial: z.string().nullable(),
  object: z.string().nullable(),
  summaryJson: z.string(),
  traceRef: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  exportedUtc: z.string(),
  installation: z.strictObject({ algorithm: z.literal('Ed25519'), publicKeyPem: z.string(), fingerprint: z.string() }),
  head: z.strictObject({ seq: z.number().int(), hash: z.string(), signedUtc: z.string(), keyFingerprint: z.string(), signature: z.string() }).nullable(),
  records: z.array(recordSchema),
});

/** An audit bundle (see the file comment). */
export type AuditBundle = z.infer<typeof bundleSchema>;

/**
 * The bundle of the store's whole trail.
 * @throws SecretError when the installation key cannot be opened (the public key must be the trusted one).
 */
export function buildBundle(ctx: KeyContext, now: Date = new Date()): AuditBundle {
  const key = installationSigningKey(ctx);
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    exportedUtc: now.toISOString(),
    installation: { algorithm: 'Ed25519', publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint },
    head: latestHead(ctx.db),
    records: [...iterateRecords(ctx.db)],
  };
}

/** The bundle as file text (JSON, one record per line for readable diffs). */
export function bundleText(b: AuditBundle): string {
  const { records, ...rest } = b;
  const head = JSON.stringify(rest, null, 1); // ends with "\n}"
  return `${head.slice(0, -2)},\n "records": [\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n ]\n}\n`;
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
    throw new Error(`This file is not a PMU audit bundle of version 1${where ? ` (problem at "${where}")` : ''}.`);
  }
  return parsed.data;
}

/**
 * Verify a bundle offline. `publicKeyPem` = the key the auditor trusts; without it the bundle's own key is used and
 * a warning asks to compare its fingerprint. Never throws.
 */
export function verifyBundle(b: AuditBundle, opts: { publicKeyPem?: string } = {}): VerifyResult {
  const byHash = new Map<string, StoredAuditRecord>(b.records.map((r) => [r.hash, r]));
  const key = opts.publicKeyPem !== undefined ? { publicKeyPem: opts.publicKeyPem, trusted: true } : { publicKeyPem: b.installation.publicKeyPem, trusted: false };
  return verifyChain(
    { records: () => b.records, byHash: (h) => byHash.get(h) ?? null, maxSeq: b.records.reduce((m, r) => Math.max(m, r.seq), 0), count: b.records.length },
    b.head ? [b.head] : [],
    key,
  );
}
