/**
 * Where the installation's data key (the key of ./secret-box.ts) comes from:
 * - desktop app: Electron `safeStorage` (the OS key store: DPAPI on Windows, Keychain on macOS, libsecret/kwallet
 *   on Linux) encrypts the data key into `<data dir>/installation.key.safe` — see {@link safeStorageKeyProvider};
 * - browser mode and the CLI (no Electron, no OS keyring): a key file `<data dir>/installation.key` created with
 *   permissions 0600 (owner only); a key file that group or others can read is refused — {@link fileKeyProvider};
 * - an in-memory store (`:memory:`, tests): a random key that lives as long as the process — {@link memoryKeyProvider}.
 * The data folder is the folder of the SQLite store, so `--db <file>` gets its own key beside it.
 * One installation has one data key. ASSUMPTION (documented in docs/security.md): when the key file already exists
 * (the store was first used from the CLI or browser mode), the desktop app keeps using that file so all three
 * keep working on the same store; only a fresh installation started from the desktop protects its key with
 * safeStorage, and then the CLI cannot open meter passwords or sign the audit trail (it says so in plain words).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, SecretError } from './secret-box';

/** Kinds of key provider. */
export type KeyProviderKind = 'file' | 'safe-storage' | 'memory';

/** Supplies the installation's data key. */
export interface KeyProvider {
  readonly kind: KeyProviderKind;
  /** Where the key lives (a file path, or `memory`), for messages and `pmu audit` output. */
  readonly location: string;
  /**
   * The 32-byte data key, created on first use.
   * @throws SecretError KEY_FILE_UNSAFE (key file readable by others), KEY_UNAVAILABLE (cannot be read/created).
   */
  dataKey(): Buffer;
}

/** The part of Electron's `safeStorage` the desktop provider uses (typed here so this module needs no electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Name of the key file in the data folder. */
export const KEY_FILE_NAME = 'installation.key';
/** Name of the safeStorage-protected key file in the data folder. */
export const SAFE_KEY_FILE_NAME = 'installation.key.safe';
const HEADER = 'pmu-installation-key v1';

/** The key file beside the store `dbPath`. */
export function keyFileFor(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), KEY_FILE_NAME);
}

/** Write `content` to a new file with mode 0600; false when the file already exists (someone else made it). */
function createPrivateFile(file: string, content: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new SecretError('KEY_UNAVAILABLE', `The workstation could not create its key file "${file}": ${(err as Error).message}.`, { cause: err });
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Refuse a key file that group or others may read or write (POSIX only; Windows uses ACLs of the profile folder). */
function checkPrivate(file: string, platform: NodeJS.Platform): void {
  if (platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SecretError(
      'KEY_FILE_UNSAFE',
      `The key file "${file}" can be read by other users of this computer (permissions ${mode.toString(8).padStart(4, '0')}). ` +
        `Restrict it to your own user with: chmod 600 "${file}" — then try again.`,
    );
  }
}

function parseKeyFile(file: string, text: string): Buffer {
  const [head, b64] = text.split(/\r?\n/);
  const key = head === HEADER && b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
  if (key.length !== DATA_KEY_BYTES) {
    throw new SecretError('KEY_UNAVAILABLE', `The key file "${file}" is damaged. Restore it from a backup; without it stored meter passwords cannot be opened.`);
  }
  return key;
}

/**
 * The key file provider (browser mode, CLI): `file` holds `pmu-installation-key v1` and the base64 key; created
 * with mode 0600 when missing (never overwritten). The key is read once and cached.
 * @param opts.platform for tests of the permission rule (default: this process's)
 */
export function fileKeyProvider(file: string, opts: { platform?: NodeJS.Platform } = {}): KeyProvider {
  const platform = opts.platform ?? process.platform;
  let cached: Buffer | null = null;
  return {
    kind: 'file',
    location: file,
    dataKey() {
      if (cached) return cached;
      if (!existsSync(file)) {
        createPrivateFile(file, Buffer.from(`${HEADER}\n${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`, 'utf8'));
      }
      checkPrivate(file, platform);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new SecretError('KEY_UNAVAILABLE', `The workstation could not read its key file "${file}": ${(err as Error).message}.`, { cause: err });
      }
      cached = parseKeyFile(file, text);
      return cached;
    },
  };
}

/** A random key held in memory only (in-memory stores and tests); `key` fixes it. */
export function memoryKeyProvider(key: Buffer = randomBytes(DATA_KEY_BYTES)): KeyProvider {
  return { kind: 'memory', location: 'memory', dataKey: () => key };
}

/**
 * The desktop provider: the data key encrypted by Electron safeStorage in `<dir>/installation.key.safe`.
 * Falls back to {@link fileKeyProvider} when `<dir>/installation.key` already exists (see the file comment) or when
 * the OS offers no key store (`isEncryptionAvailable()` false, e.g. Linux without a keyring).
 */
export function safeStorageKeyProvider(safe: SafeStorageLike, dir: string): KeyProvider {
  const plainFile = path.join(dir, KEY_FILE_NAME);
  const safeFile = path.join(dir, SAFE_KEY_FILE_NAME);
  if (existsSync(plainFile) || (!existsSync(safeFile) && !safe.isEncryptionAvailable())) return fileKeyProvider(plainFile);
  let cached: Buffer | null = null;
  return {
    kind: 'safe-storage',
    location: safeFile,
    dataKey() {
      if (cached) return cached;
      if (!existsSync(safeFile)) {
        createPrivateFile(safeFile, safe.encryptString(`${HEADER}\n${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`));
      }
      let text: string;
      try {
        text = safe.decryptString(readFileSync(safeFile));
      } catch (err) {
        throw new SecretError(
          'KEY_UNAVAILABLE',
          `The system key store could not open "${safeFile}" (it belongs to another user account or computer). Meter passwords must be entered again.`,
          { cause: err },
        );
      }
      cached = parseKeyFile(safeFile, text);
      return cached;
    },
  };
}

/** Explains why the CLI/browser mode cannot use a safeStorage-protected installation key. */
export function safeStorageOnlyMessage(dir: string): string {
  return (
    `This installation's key is protected by the desktop app's system key store ("${path.join(dir, SAFE_KEY_FILE_NAME)}"), ` +
    'which only the desktop app can open. Use the desktop app for stored meter passwords and signing the audit trail, or type the meter password.'
  );
}

/**
 * The provider a process uses when none was chosen: memory for `:memory:` stores; else the key file beside the
 * store — unless only a safeStorage key exists there, which plain Node cannot open (every use then throws
 * KEY_UNAVAILABLE with {@link safeStorageOnlyMessage}).
 */
export function defaultKeyProvider(dbPath: string): KeyProvider {
  if (dbPath === ':memory:' || dbPath === '') return memoryKeyProvider();
  const file = keyFileFor(dbPath);
  const dir = path.dirname(file);
  if (!existsSync(file) && existsSync(path.join(dir, SAFE_KEY_FILE_NAME))) {
    return {
      kind: 'safe-storage',
      location: path.join(dir, SAFE_KEY_FILE_NAME),
      dataKey: () => {
        throw new SecretError('KEY_UNAVAILABLE', safeStorageOnlyMessage(dir));
      },
    };
  }
  return fileKeyProvider(file);
}
