/**
 * `pmu serve`: browser mode in one call — open the store, find the built UI and start the loopback HTTP server
 * (http/server.ts). Used by the CLI, by `npm start` when Electron is not available, and by the e2e tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext } from '../../services/app-context';
import { closeAbandonedAtStart } from '../../services/program-records';
import { startHttpServer, type RunningServer } from './server';
import { createFolderWatcher } from '../watching';

/**
 * Where the built renderer (index.html + assets) is: `dist/renderer` seen from this module, whether it runs
 * bundled (`dist/main/cli.cjs` → `../renderer`) or from source (`main/api/http/serve.ts` → `../../../dist/renderer`).
 * Returns null when the UI has not been built.
 */
export function findRendererDir(moduleUrl: string = import.meta.url): string | null {
  const here = path.dirname(fileURLToPath(moduleUrl));
  for (const rel of ['../renderer', '../../../dist/renderer']) {
    const dir = path.resolve(here, rel);
    if (existsSync(path.join(dir, 'index.html'))) return dir;
  }
  return null;
}

/** Options of {@link serveBrowserMode}. */
export interface ServeOptions {
  /** SQLite store file (default: the app data directory, or `$PMU_DATA_DIR/pmu.sqlite`). */
  readonly dbPath?: string;
  /** TCP port on 127.0.0.1; 0 or absent = any free port. */
  readonly port?: number;
  /** Folder of the built UI (default: found by {@link findRendererDir}). */
  readonly staticDir?: string;
}

/**
 * Start browser mode on 127.0.0.1 with the folder watcher over the store's watched folders, after closing the
 * programming jobs a stopped workstation left running (main/services/program-records.ts). Resolves with the
 * URL to open (`launchUrl`, carrying this launch's token) and `close()` (stops the watcher and the server, then
 * closes the store).
 * @throws Error (plain language) when the UI is not built, the store cannot be opened or the port is taken.
 */
export async function serveBrowserMode(opts: ServeOptions = {}): Promise<RunningServer> {
  const staticDir = opts.staticDir ?? findRendererDir();
  if (staticDir === null) {
    throw new Error('The user interface has not been built yet. Run "npm run build" in the project folder, then try again.');
  }
  const ctx = createAppContext(opts.dbPath !== undefined ? { dbPath: opts.dbPath } : {});
  try {
    // Programming jobs a stopped workstation left running: failed, their staged programs partially programmed.
    closeAbandonedAtStart(ctx);
    // The app's one folder watcher runs as long as the server (started after listen, stopped by close()).
    const server = await startHttpServer({ ctx, port: opts.port ?? 0, staticDir, createWatcher: (emit) => createFolderWatcher(ctx, emit), followSchedules: true });
    return {
      url: server.url,
      launchUrl: server.launchUrl,
      access: server.access,
      close: async () => {
        await server.close();
        ctx.db.close();
      },
    };
  } catch (err) {
    ctx.db.close();
    throw err;
  }
}
