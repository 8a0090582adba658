/**
 * Anchors: a signed head kept OUTSIDE the workstation (reference tamper-evidence.md "Heads leave the machine"), so a
 * trail cut back or rewritten by someone who holds the database AND the key is still caught: `pmu audit verify
 * --anchor <file>` proves the trail still holds the anchored record unchanged (./verify.ts `checkAnchor`).
 * Every audit export carries one: the anchor file itself (`pmu audit anchor --out <file>`, `audit.exportAnchor`),
 * the bundle (its latest head, ./bundle.ts) and the CSV export (a last row `signed-head` whose `after` cell holds the
 * anchor JSON, ./export.ts). Anchor file format (JSON, UTF-8):
 *   { format: "pmu-audit-anchor", version: 1, exportedUtc, installation: { algorithm: "Ed25519", publicKeyPem,
 *     fingerprint }, head: { seq, hash, signedUtc, keyFingerprint, signature, prevSeq } }
 * The public key in an anchor is the one the auditor keeps with it: verification with `--anchor` trusts it (unless
 * `--public-key` is given), so a store whose key was replaced fails.
 */
import { z } from 'zod';
import { csvRecords } from '../formats/csv-text';
import type { KeyContext } from '../secrets/context-keys';
import type { SignedHead } from './chain';
import { installationSigningKey } from './keys';
import { latestHead } from './store';

export const ANCHOR_FORMAT = 'pmu-audit-anchor';

/** Schema of a signed head in anchors and bundles (`prevSeq` absent = a version-1 head). */
export const signedHeadSchema = z
  .strictObject({
    seq: z.number().int().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    signedUtc: z.string().max(40),
    keyFingerprint: z.string().max(100),
    signature: z.string().max(200),
    prevSeq: z.number().int().min(0).nullable().optional(),
  })
  .transform((h): SignedHead => ({ ...h, prevSeq: h.prevSeq ?? null }));

export const installationSchema = z.strictObject({ algorithm: z.literal('Ed25519'), publicKeyPem: z.string().max(2000), fingerprint: z.string().max(100) });

const anchorSchema = z.strictObject({
  format: z.literal(ANCHOR_FORMAT),
  version: z.literal(1),
  exportedUtc: z.string(),
  installation: installationSchema,
  head: signedHeadSchema,
});

/** An anchor: the signed head and the public key it is checked with. */
export interface AuditAnchor {
  readonly head: SignedHead;
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

/**
 * The anchor of the store's latest signed head.
 * @throws SecretError when the installation key cannot be opened; Error (plain) when nothing is signed yet.
 */
export function currentAnchor(ctx: KeyContext): AuditAnchor {
  const key = installationSigningKey(ctx);
  const head = latestHead(ctx.db);
  if (head === null) throw new Error('The audit trail has no signed head yet: there is nothing to anchor.');
  return { head, publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
}

/** An anchor as file text (JSON; `compact`: on one line, as in the CSV export's last row). */
export function anchorText(a: AuditAnchor, now: Date = new Date(), compact = false): string {
  const file = { format: ANCHOR_FORMAT, version: 1, exportedUtc: now.toISOString(), installation: { algorithm: 'Ed25519', publicKeyPem: a.publicKeyPem, fingerprint: a.fingerprint }, head: a.head };
  return compact ? JSON.stringify(file) : `${JSON.stringify(file, null, 1)}\n`;
}

/** Name in the first cell of the CSV export's last row, whose `after` cell (the 9th) holds the anchor JSON. */
export const CSV_ANCHOR_ROW = 'signed-head';

/** The anchor JSON of a CSV export's `signed-head` row (./export.ts), or null when `text` has none. */
function anchorFromCsv(text: string): unknown {
  const last = csvRecords(text, ',').at(-1)?.fields;
  return last?.[0] === CSV_ANCHOR_ROW && last[8] !== undefined ? JSON.parse(last[8]) : null;
}

/**
 * Read an anchor from an anchor file, an audit bundle (its latest head) or an audit CSV export (its last row).
 * @throws Error (plain language) when the text holds none of these.
 */
export function parseAnchor(text: string): AuditAnchor {
  const body = text.replace(/^\ufeff/, '');
  let json: unknown = null;
  try {
    json = body.trimStart().startsWith('{') ? JSON.parse(body) : anchorFromCsv(body);
  } catch {
    json = null;
  }
  const o = (json ?? {}) as { format?: unknown; head?: unknown; installation?: unknown };
  const fromBundle = o.format === 'pmu-audit-bundle' ? z.object({ installation: installationSchema, head: signedHeadSchema }).safeParse(o) : null;
  if (fromBundle?.success) return { head: fromBundle.data.head, publicKeyPem: fromBundle.data.installation.publicKeyPem, fingerprint: fromBundle.data.installation.fingerprint };
  const parsed = anchorSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error('This file holds no audit anchor: give an anchor file ("pmu audit anchor"), an audit bundle, or an audit CSV export with its last "signed-head" row.');
  }
  return { head: parsed.data.head, publicKeyPem: parsed.data.installation.publicKeyPem, fingerprint: parsed.data.installation.fingerprint };
}
