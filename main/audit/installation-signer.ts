/**
 * The installation key as a .RES signer (main/res/signature.ts): the Ed25519 audit-signing key of this installation
 * (./keys.ts) with the computer's host name as the workstation name. Where the data key cannot be opened here (the
 * command line on a desktop-protected installation) files are written unsigned and imports say so.
 */
import { hostname } from 'node:os';
import type { ResSigner } from '../res/signature';
import type { KeyContext } from '../secrets/context-keys';
import { SecretError } from '../secrets/secret-box';
import { installationSigningKey, storedPublicKey } from './keys';

/** This installation's .RES signer, or null when its key cannot be opened here. @throws SecretError KEY_FILE_UNSAFE. */
export function resSignerOf(ctx: KeyContext): ResSigner | null {
  try {
    const key = installationSigningKey(ctx);
    return { name: hostname(), privateKey: key.privateKey, publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
  } catch (err) {
    if (err instanceof SecretError && err.code !== 'KEY_FILE_UNSAFE') return null;
    throw err;
  }
}

/** The fingerprint of this installation's public key as stored (to say "signed by this workstation"), or null. */
export function ownFingerprint(ctx: KeyContext): string | null {
  return storedPublicKey(ctx.db)?.fingerprint ?? null;
}
