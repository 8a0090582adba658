import type Database from 'better-sqlite3';
import type { Actor } from './actor';
import type { LinkRegistry } from '../links/types';
import type { KeyProvider } from '../secrets/key-provider';

/**
 * What every service call needs: the open store and who/where the workstation runs.
 * Built once per process by `createAppContext` (main/services/app-context.ts) for the CLI, the browser-mode
 * server and the Electron main process alike.
 */
export interface AppContext {
  /** Open SQLite store (WAL, migrated). */
  readonly db: Database.Database;
  /** Path of the SQLite file (or ':memory:'). */
  readonly dbPath: string;
  /** Folder where .RES files are written by default. */
  readonly resDir: string;
  /**
   * Who acts, as recorded on readings (`session.operator`) and elsewhere: the acting user's name in a per-call
   * context ({@link withActor}); the OS user in the app-wide context.
   */
  readonly operator: string;
  /**
   * The acting user of this call or command (main/auth/actor.ts), set by {@link withActor}; absent in the app-wide
   * context (then audit records name the workstation itself under the OS user, role `system`).
   */
  readonly actor?: Actor;
  /**
   * Where the installation's data key comes from (main/secrets/key-provider.ts); absent = the key file beside the
   * store (browser mode, CLI) or a memory key for `:memory:`. The desktop app passes Electron safeStorage.
   */
  readonly keys?: KeyProvider;
  /**
   * The link providers (main/links/): opens a port name as a serial port, an emulated meter, a TCP/bus/modem link.
   * Services open every meter link through it and import no serial or emulator code.
   */
  readonly links: LinkRegistry;
  /** IANA time zone used to interpret meter local times, default the system zone. */
  readonly timeZone: string;
  /** `pmu-workstation <version>`. */
  readonly software: string;
}

/** The context of one call or command made by `actor`: `actor` set and `operator` = the actor's user name. */
export function withActor(ctx: AppContext, actor: Actor): AppContext {
  return { ...ctx, actor, operator: actor.username };
}
