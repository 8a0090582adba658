/**
 * The signature of a .RES file (issue 11.6; docs/res-format.md "[signature]"): the SHA-256 of `[end]` proves the
 * file is whole, not who wrote it. A workstation that holds its installation key (the Ed25519 audit-signing key,
 * main/audit/keys.ts) signs each .RES it writes; an import checks the signature and says "signed by workstation X"
 * or "unsigned", and quarantines a file whose signature does not match. Layout, after `[end]`:
 *   [signature]
 *   signer=<workstation name, escaped like .RES text>
 *   key=<fingerprint of the public key, `ab12 cd34 …`>
 *   public_key=<the SPKI DER public key, base64>
 *   ed25519=<signature, base64>
 * The signed message is `pmu-res-signature v1\n<sha256 of [end]>\n<signer>\n<key>` (UTF-8): the SHA-256 already
 * covers every line before `[end]`, and parseRes checks it. Trust: a valid signature proves the file is unchanged
 * since the holder of THAT key signed it; whether the key is a workstation you trust is said by comparing its
 * fingerprint with this installation's (`pmu audit public-key` on the other workstation).
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { fingerprintOf } from '../core/key-fingerprint';

export const SIGNATURE_HEADER = '[signature]';
const MESSAGE_TAG = 'pmu-res-signature v1';

/** Who signs: the workstation's name and its installation key. */
export interface ResSigner {
  /** Workstation name (e.g. the host name), ≤ 100 characters. */
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

/** What a file's signature says. */
export type ResSignature =
  | { readonly status: 'unsigned' }
  | { readonly status: 'valid'; readonly signer: string; readonly fingerprint: string }
  | { readonly status: 'invalid'; readonly signer: string; readonly fingerprint: string };

const clean = (name: string) => name.replace(/[\u0000-\u001f\u007f\\]/g, '_').slice(0, 100);
const message = (sha: string, signer: string, key: string) => Buffer.from(`${MESSAGE_TAG}\n${sha}\n${signer}\n${key}`, 'utf8');

/** The lines of a .RES text (BOM, CR LF handled like parseRes). */
function linesOf(text: string): string[] {
  const lines = (text.startsWith('\ufeff') ? text.slice(1) : text).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Append the signature section to the sealed .RES `text` (as formatRes wrote it, CR LF). */
export function signResText(text: string, signer: ResSigner): string {
  const sha = /\r?\nsha256=([0-9a-f]{64})\r?\n$/.exec(text)?.[1];
  if (sha === undefined) throw new RangeError('only a sealed .RES text (ending with its [end] section) can be signed');
  const name = clean(signer.name);
  const der = createPublicKey(signer.publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
  const sig = sign(null, message(sha, name, signer.fingerprint), signer.privateKey).toString('base64');
  return `${text}${[SIGNATURE_HEADER, `signer=${name}`, `key=${signer.fingerprint}`, `public_key=${der}`, `ed25519=${sig}`].join('\r\n')}\r\n`;
}

/** The signature lines of `lines` (the 5 lines after `[end]`'s 2), or null when there is no `[signature]` there. */
function signatureLines(lines: readonly string[]): { at: number; fields: Record<string, string> } | null {
  const end = lines.indexOf('[end]');
  const at = end < 0 ? -1 : end + 3;
  if (at < 0 || lines[at] !== SIGNATURE_HEADER) return null;
  const fields: Record<string, string> = {};
  for (const l of lines.slice(at + 1)) {
    const eq = l.indexOf('=');
    if (eq > 0) fields[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return { at, fields };
}

/**
 * The .RES text without its signature section (parseRes reads it). A `[signature]` section that is not exactly the
 * four lines above is left in place, so parseRes reports text after `[end]`.
 */
export function withoutSignature(text: string): string {
  const lines = linesOf(text);
  const s = signatureLines(lines);
  if (s === null || lines.length !== s.at + 5 || !['signer', 'key', 'public_key', 'ed25519'].every((k) => k in s.fields)) return text;
  return `${lines.slice(0, s.at).join('\n')}\n`;
}

/** Check the signature of a .RES text (see the file comment). Never throws; a malformed section is `invalid`. */
export function checkResSignature(text: string): ResSignature {
  const lines = linesOf(text);
  const s = signatureLines(lines);
  if (s === null) return { status: 'unsigned' };
  const { signer = '', key = '', public_key: der = '', ed25519 = '' } = s.fields;
  const sha = /^sha256=([0-9a-f]{64})$/.exec(lines[lines.indexOf('[end]') + 2] ?? '')?.[1] ?? '';
  try {
    const publicKey = createPublicKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'spki' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const ok = lines.length === s.at + 5 && fingerprintOf(pem) === key && verify(null, message(sha, signer, key), publicKey, Buffer.from(ed25519, 'base64'));
    return { status: ok ? 'valid' : 'invalid', signer, fingerprint: key };
  } catch {
    return { status: 'invalid', signer, fingerprint: key };
  }
}

/**
 * The signature in words for the import outcome and its audit record: "signed by this workstation (name, key …)",
 * "signed by workstation X (key …), not this installation", or "unsigned". `ownFingerprint` = this installation's.
 */
export function signatureWords(sig: ResSignature, ownFingerprint: string | null): string {
  if (sig.status === 'unsigned') return 'unsigned';
  const key = `key ${sig.fingerprint.slice(0, 19)}…`;
  if (sig.status === 'invalid') return `signature does not match (claims workstation ${sig.signer}, ${key})`;
  return sig.fingerprint === ownFingerprint ? `signed by this workstation (${sig.signer}, ${key})` : `signed by workstation ${sig.signer} (${key}; not this installation's key: compare it with that workstation's "pmu audit public-key")`;
}
