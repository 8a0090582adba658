/**
 * Where the app keeps its data (SQLite store, .RES files), shared by the desktop UI and the `pmu` CLI.
 *
 * The folder is the one Electron returns from `app.getPath('userData')` for the product name
 * "PMU Workstation" (Electron: `appData` + productName), computed here without Electron so the CLI,
 * which runs under plain Node, opens the very same store:
 * - Windows: `%APPDATA%\PMU Workstation` (Roaming)
 * - macOS:   `~/Library/Application Support/PMU Workstation`
 * - Linux:   `$XDG_CONFIG_HOME/PMU Workstation`, or `~/.config/PMU Workstation` when XDG_CONFIG_HOME is unset
 * Environment variable `PMU_DATA_DIR` overrides all of these (tests, portable installs, a shared folder).
 *
 * Why not the `env-paths` package: it returns `%LOCALAPPDATA%\<name>\Data`, `~/.local/share/<name>` and
 * `~/Library/Application Support/<name>` (data) or `~/.config/<name>` (config) with a `-nodejs` suffix by
 * default, none of which equal Electron's `userData`; the CLI and the UI would then keep two stores.
 * Source: Electron docs, `app.getPath(name)`: "appData … %APPDATA% on Windows, $XDG_CONFIG_HOME or
 * ~/.config on Linux, ~/Library/Application Support on macOS"; "userData … appData appended with your app's name".
 */
import { homedir } from 'node:os';
import { win32, posix } from 'node:path';

/** The product name Electron appends to `appData` (package.json `productName`). */
export const PRODUCT_NAME = 'PMU Workstation';

/** Inputs of {@link dataDir}, injectable for tests; defaults are the running process's. */
export interface DataDirEnv {
  readonly platform?: NodeJS.Platform;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

/**
 * The app's data directory (absolute path; not created here). See the file comment for the per-OS rule.
 * `PMU_DATA_DIR` (non-empty) wins. Never throws.
 */
export function dataDir(from: DataDirEnv = {}): string {
  const platform = from.platform ?? process.platform;
  const env = from.env ?? process.env;
  const home = from.home ?? homedir();
  const override = env['PMU_DATA_DIR'];
  if (override !== undefined && override !== '') return override;
  if (platform === 'win32') {
    const appData = env['APPDATA'] || win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, PRODUCT_NAME);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  const config = env['XDG_CONFIG_HOME'] || posix.join(home, '.config');
  return posix.join(config, PRODUCT_NAME);
}

/** Default SQLite store file: `<dataDir>/pmu.sqlite`. */
export function defaultDbPath(from: DataDirEnv = {}): string {
  return joinFor(from, dataDir(from), 'pmu.sqlite');
}

/** Default folder for reading-result files: `<dataDir>/RES`. */
export function defaultResDir(from: DataDirEnv = {}): string {
  return joinFor(from, dataDir(from), 'RES');
}

function joinFor(from: DataDirEnv, ...parts: string[]): string {
  return ((from.platform ?? process.platform) === 'win32' ? win32 : posix).join(...parts);
}
