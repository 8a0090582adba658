/**
 * Handlers of the settings and probe-profile calls (contract/settings.ts, contract/probe.ts): parse → main/services
 * (settings.ts, probe-profiles.ts: permission check, validation, audit) → map. The desktop app may ask where to save
 * a settings file (`chooseSaveFile`, a native dialog of the thin Electron shell); browser mode offers a download.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../core/context';
import { assignProbeProfile, deleteProbeProfileAs, probeProfilesView, saveProbeProfileAs } from '../../services/probe-profiles';
import { checkFolderAs, exportSettings, importSettings, listSettings, setSettings } from '../../services/settings';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { ApiError } from '../errors';

type SettingsCalls =
  | 'settings.list' | 'settings.set' | 'settings.checkFolder' | 'settings.exportFile' | 'settings.importFile'
  | 'probe.profiles' | 'probe.saveProfile' | 'probe.deleteProfile' | 'probe.assign';

/** What the settings handlers need besides the context. */
export interface SettingsHandlerOptions {
  /** Browser mode: register `file` for download as `fileName`; returns the relative URL. */
  readonly offerDownload?: (file: string, fileName: string) => string;
  /** Desktop app: the native "Save as" dialog; resolves to the chosen path, or null when cancelled. */
  readonly chooseSaveFile?: (suggestedName: string) => Promise<string | null>;
}

/** Build the settings handlers over `ctx`. */
export function createSettingsHandlers(ctx: AppContext, opts: SettingsHandlerOptions): Pick<Handlers, SettingsCalls> {
  return {
    'settings.list': async (_a, call) => listSettings(acting(ctx, call)),
    'settings.set': async ({ changes }, call) => setSettings(acting(ctx, call), changes),
    'settings.checkFolder': async (a, call) => checkFolderAs(acting(ctx, call), a.path),
    'settings.exportFile': async ({ saveAs }, call) => {
      const out = await exportSettings(acting(ctx, call));
      const fileName = path.basename(out.path);
      if (saveAs && opts.chooseSaveFile) {
        const chosen = await opts.chooseSaveFile(fileName);
        if (chosen === null) throw new ApiError('CANCELLED', `Not saved elsewhere; the settings file is in the export folder as ${fileName}.`);
        await copyFile(out.path, chosen);
        return { path: chosen, fileName: path.basename(chosen), downloadUrl: null, keys: out.keys };
      }
      return { path: out.path, fileName, downloadUrl: opts.offerDownload ? opts.offerDownload(out.path, fileName) : null, keys: out.keys };
    },
    'settings.importFile': async (a, call) => importSettings(acting(ctx, call), a),
    'probe.profiles': async (_a, call) => probeProfilesView(acting(ctx, call)),
    'probe.saveProfile': async ({ profile, previousName }, call) => saveProbeProfileAs(acting(ctx, call), profile, previousName),
    'probe.deleteProfile': async ({ name }, call) => ({ deleted: deleteProbeProfileAs(acting(ctx, call), name) }),
    'probe.assign': async ({ port, profile }, call) => assignProbeProfile(acting(ctx, call), port, profile),
  };
}
