/**
 * The fingerprint of a public key: SHA-256 of its SPKI DER encoding, hex in groups of 4 (`ab12 cd34 …`, 16 groups).
 * One definition for the audit-signing key (main/audit/keys.ts) and the .RES signatures (main/res/signature.ts).
 */
import { createHash, createPublicKey } from 'node:crypto';

/** @throws TypeError for text that is not a PEM public key. */
export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').match(/.{4}/g)!.join(' ');
}
