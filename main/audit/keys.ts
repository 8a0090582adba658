/**
 * The installation's audit-signing key: an Ed25519 key pair (RFC 8032, node:crypto) made on first use. The
 * private key (PKCS#8 DER) is sealed with the installation data key like the meter passwords
 * (main/secrets/secret-box.ts, AAD `installation-key|audit-signing|<fingerprint>`), the public key is stored as
 * SPKI PEM beside it and can be printed (`pmu audit verify` shows its fingerprint) and handed to auditors.
 * Trust: the public key derived from the decrypted private key is trusted (nobody without the data key can
 * replace the sealed private key); the PEM column alone is not (see ./verify.ts).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { fingerprintOf } from '../core/key-fingerprint';
import { keyProviderOf, secretBoxOf, type KeyContext } from '../secrets/context-keys';
import type { KeyProvider } from '../secrets/key-provider';
import { headMessage, type SignedHead } from './chain';

/** The signing key of an installation. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  /** {@link fingerprintOf} the public key. */
  readonly fingerprint: string;
}

/** The public half as stored (not authenticated on its own). */
export interface PublicKeyInfo {
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

const PURPOSE = 'audit-signing';
/** Opened keys per store and per data-key provider (a process without the data key must not reuse another's). */
const cache = new WeakMap<Database, WeakMap<KeyProvider, SigningKey>>();

export { fingerprintOf };

const aadFor = (fingerprint: string) => `installation-key|${PURPOSE}|${fingerprint}`;

interface KeyRow {
  public_key_pem: string;
  fingerprint: string;
  nonce: Buffer;
  ciphertext: Buffer;
  key_id: string;
}

function rowOf(db: Database): KeyRow | undefined {
  return db.prepare('SELECT public_key_pem, fingerprint, nonce, ciphertext, key_id FROM installation_keys WHERE purpose = ?').get(PURPOSE) as KeyRow | undefined;
}

/**
 * The installation's signing key, created (and stored) on first use. Cached per database.
 * @throws SecretError when the data key is unavailable, or the stored private key does not open (WRONG_KEY,
 *   DAMAGED); Error when the stored public key does not belong to the private key (the row was tampered with).
 */
export function installationSigningKey(ctx: KeyContext): SigningKey {
  const provider = keyProviderOf(ctx);
  const cached = cache.get(ctx.db)?.get(provider);
  if (cached) return cached;
  const box = secretBoxOf(ctx);
  let row = rowOf(ctx.db);
  if (!row) {
    const pair = generateKeyPairSync('ed25519');
    const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fingerprint = fingerprintOf(publicKeyPem);
    const sealed = box.seal(pair.privateKey.export({ type: 'pkcs8', format: 'der' }), aadFor(fingerprint));
    ctx.db
      .prepare('INSERT OR IGNORE INTO installation_keys (purpose, public_key_pem, fingerprint, nonce, ciphertext, key_id, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(PURPOSE, publicKeyPem, fingerprint, sealed.nonce, sealed.ciphertext, sealed.keyId, new Date().toISOString());
    row = rowOf(ctx.db)!; // another process may have won the race: use its key
  }
  const der = box.open({ nonce: row.nonce, ciphertext: row.ciphertext, keyId: row.key_id }, aadFor(row.fingerprint));
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = fingerprintOf(publicKeyPem);
  if (fingerprint !== row.fingerprint || publicKeyPem !== row.public_key_pem) {
    throw new Error('The stored audit public key does not belong to the installation\'s signing key: the key table was changed outside the workstation.');
  }
  const key = { privateKey, publicKeyPem, fingerprint };
  if (!cache.has(ctx.db)) cache.set(ctx.db, new WeakMap());
  cache.get(ctx.db)!.set(provider, key);
  return key;
}

/** The stored public key (unauthenticated: compare its fingerprint with a trusted copy), or null before the first signature. */
export function storedPublicKey(db: Database): PublicKeyInfo | null {
  const row = rowOf(db);
  return row ? { publicKeyPem: row.public_key_pem, fingerprint: row.fingerprint } : null;
}

/** Sign the head (seq, hash) at `signedUtc`, extending the signed head at `prevSeq` (0 = none). */
export function signHead(key: SigningKey, seq: number, hash: string, signedUtc: string, prevSeq: number): SignedHead {
  const signature = sign(null, headMessage(seq, hash, signedUtc, prevSeq), key.privateKey).toString('base64');
  const head = { seq, hash, signedUtc, keyFingerprint: key.fingerprint, signature, prevSeq };
  knownValid.set(key.publicKeyPem, headText(head)); // a signature just made by the private key of this public key
  return head;
}

/** Verifiers of the public keys met in this process (each PEM parsed once; an installation has one key). */
const verifiers = new Map<string, (head: SignedHead) => boolean>();
/** Per public key, every field of the last head found valid (or signed) here: the same fields verify the same. */
const knownValid = new Map<string, string>();
const headText = (h: SignedHead) => JSON.stringify([h.seq, h.hash, h.signedUtc, h.prevSeq, h.keyFingerprint, h.signature]);

/**
 * True when `head.signature` is a valid Ed25519 signature of the head by `publicKeyPem`. Never throws.
 * Every append checks the latest head (./link-check.ts), normally the one this process signed or checked the append
 * before: a head equal in every field to one found valid is valid, and is not verified again (bench/import.ts).
 */
export function verifyHeadSignature(publicKeyPem: string, head: SignedHead): boolean {
  const text = headText(head);
  if (knownValid.get(publicKeyPem) === text) return true;
  let valid = verifiers.get(publicKeyPem);
  if (valid === undefined) {
    if (verifiers.size >= 8) (verifiers.clear(), knownValid.clear());
    verifiers.set(publicKeyPem, (valid = headVerifier(publicKeyPem)));
  }
  if (!valid(head)) return false;
  knownValid.set(publicKeyPem, text);
  return true;
}

/**
 * A checker of many heads against one public key (parsed once): true when the head's signature is valid AND the
 * head names this key's fingerprint. A PEM that does not parse gives a checker that always answers false. Never throws.
 */
export function headVerifier(publicKeyPem: string): (head: SignedHead) => boolean {
  let key: KeyObject;
  let fingerprint: string;
  try {
    key = createPublicKey(publicKeyPem);
    fingerprint = fingerprintOf(publicKeyPem);
  } catch {
    return () => false;
  }
  return (head) => {
    try {
      return head.keyFingerprint === fingerprint && verify(null, headMessage(head.seq, head.hash, head.signedUtc, head.prevSeq), key, Buffer.from(head.signature, 'base64'));
    } catch {
      return false;
    }
  };
}
