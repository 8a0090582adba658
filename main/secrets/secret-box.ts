/**
 * The secret box: authenticated encryption of small secrets at rest (meter passwords, the audit-signing private
 * key) with the installation's 32-byte data key. AES-256-GCM (NIST SP 800-38D) with a fresh random 96-bit nonce
 * per seal and a 128-bit tag; the "additional authenticated data" names the row a secret belongs to (e.g.
 * `meter-credential|meter|12345678|3`), so a ciphertext copied onto another row does not open.
 * Where the data key comes from: ./key-provider.ts. Source: node:crypto `createCipheriv('aes-256-gcm')`.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Length of the data key, bytes (AES-256). */
export const DATA_KEY_BYTES = 32;
/** Length of a GCM nonce, bytes (the 96 bits SP 800-38D recommends). */
export const NONCE_BYTES = 12;
/** Length of the GCM tag appended to each ciphertext, bytes. */
export const TAG_BYTES = 16;

/** Stable codes of {@link SecretError}. */
export type SecretErrorCode =
  /** The secret was sealed with another data key (another installation, or a key that was replaced). */
  | 'WRONG_KEY'
  /** The ciphertext or its row was changed: the tag does not verify. */
  | 'DAMAGED'
  /** The key file can be read by other users (POSIX permissions beyond 0600). */
  | 'KEY_FILE_UNSAFE'
  /** The data key cannot be obtained (file unreadable, system key store unavailable). */
  | 'KEY_UNAVAILABLE';

/** A failure about secrets; `message` is plain language and never contains a secret. */
export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(
    readonly code: SecretErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A sealed secret as stored: nonce, ciphertext ‖ tag, and the id of the data key that sealed it. */
export interface Sealed {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly keyId: string;
}

/**
 * The public id of a data key: the first 16 hex digits of SHA-256("pmu-data-key-id" ‖ key). Identifies which key
 * sealed a row without revealing anything usable about the key.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('pmu-data-key-id').update(key).digest('hex').slice(0, 16);
}

/** Seals and opens secrets with one data key. */
export class SecretBox {
  /** Id of this box's data key ({@link keyIdOf}). */
  readonly keyId: string;
  readonly #key: Buffer;

  /** @throws RangeError when `key` is not {@link DATA_KEY_BYTES} bytes (a programming error). */
  constructor(key: Buffer) {
    if (key.length !== DATA_KEY_BYTES) throw new RangeError(`a data key has ${DATA_KEY_BYTES} bytes, not ${key.length}`);
    this.#key = Buffer.from(key);
    this.keyId = keyIdOf(this.#key);
  }

  /** Encrypt `plaintext` (UTF-8 text or bytes) bound to `aad` (the owning row's name). */
  seal(plaintext: string | Buffer, aad: string): Sealed {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]), keyId: this.keyId };
  }

  /**
   * Decrypt a sealed secret bound to `aad`.
   * @throws SecretError WRONG_KEY (sealed with another data key), DAMAGED (changed bytes, or `aad` differs).
   */
  open(sealed: Sealed, aad: string): Buffer {
    if (sealed.keyId !== this.keyId) {
      throw new SecretError(
        'WRONG_KEY',
        'This secret was encrypted with another installation key (the key file was replaced, or the store comes from another computer). Enter the meter password again.',
      );
    }
    if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length <= TAG_BYTES) {
      throw new SecretError('DAMAGED', 'A stored secret is damaged. Enter it again.');
    }
    const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
    const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch (err) {
      throw new SecretError('DAMAGED', 'A stored secret is damaged or was changed outside the workstation. Enter it again.', { cause: err });
    }
  }
}
