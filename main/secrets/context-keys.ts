/**
 * The key provider and secret box of a running store: `ctx.keys` when the process chose one (the desktop app
 * passes Electron safeStorage, tests a memory key), else the default for the store's path
 * (./key-provider.ts `defaultKeyProvider`: the 0600 key file beside the store). Cached per open database, so the
 * key file is read once per process.
 */
import type { Database } from 'better-sqlite3';
import { defaultKeyProvider, type KeyProvider } from './key-provider';
import { SecretBox } from './secret-box';

/** What is needed to find the keys of a store. */
export interface KeyContext {
  readonly db: Database;
  readonly dbPath: string;
  readonly keys?: KeyProvider;
}

const providers = new WeakMap<Database, KeyProvider>();
const boxes = new WeakMap<KeyProvider, SecretBox>();

/** The key provider of `ctx` (see the file comment). Never throws (the provider throws when used). */
export function keyProviderOf(ctx: KeyContext): KeyProvider {
  if (ctx.keys) return ctx.keys;
  let p = providers.get(ctx.db);
  if (!p) {
    p = defaultKeyProvider(ctx.dbPath);
    providers.set(ctx.db, p);
  }
  return p;
}

/**
 * The secret box over the data key of `ctx`.
 * @throws SecretError KEY_FILE_UNSAFE / KEY_UNAVAILABLE from the provider.
 */
export function secretBoxOf(ctx: KeyContext): SecretBox {
  const provider = keyProviderOf(ctx);
  let box = boxes.get(provider);
  if (!box) {
    box = new SecretBox(provider.dataKey());
    boxes.set(provider, box);
  }
  return box;
}
