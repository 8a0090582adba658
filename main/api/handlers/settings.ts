/**
 * Handlers of the settings and probe-profile calls (contract/settings.ts, contract/probe.ts): parse → main/services
 * (settings.ts, probe-profiles.ts: permission check, validation, audit) → map. The desktop app may ask where to save
 * a settings file (`chooseSaveFile`, a native dialog of the thin Electron shell); browser mode offers a download.
 */
import path from 'node:path';
import type { AppContext } from '../../core/context';
import { assignProbeProfile, deleteProbeProfileAs, probeProfilesView, saveProbeProfileAs } from '../../services/probe-profiles';
import { checkFolderAs, exportSettings, importSettings, listSettings, setSettings } from '../../services/settings';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import type { OfferDownload } from '../events';
import { deliverExport, type ChooseSaveFile } from '../save-as';

type SettingsCalls =
  | 'settings.list' | 'settings.set' | 'settings.checkFolder' | 'settings.exportFile' | 'settings.importFile'
  | 'probe.profiles' | 'probe.saveProfile' | 'probe.deleteProfile' | 'probe.assign';

/** What the settings handlers need besides the context. */
export interface SettingsHandlerOptions {
  /** Browser mode: register `file` for download as `fileName`; returns the relative URL. */
  readonly offerDownload?: OfferDownload;
  /** Desktop app: the native "Save as" dialog (../save-as.ts). */
  readonly chooseSaveFile?: ChooseSaveFile;
}

/** Build the settings handlers over `ctx`. */
export function createSettingsHandlers(ctx: AppContext, opts: SettingsHandlerOptions): Pick<Handlers, SettingsCalls> {
  return {
    'settings.list': async (_a, call) => listSettings(acting(ctx, call)),
    'settings.set': async ({ changes }, call) => setSettings(acting(ctx, call), changes),
    'settings.checkFolder': async (a, call) => checkFolderAs(acting(ctx, call), a.path),
    'settings.exportFile': async ({ saveAs }, call) => {
      const out = await exportSettings(acting(ctx, call));
      return { ...(await deliverExport(out.path, path.basename(out.path), { ...opts, saveAs })), keys: out.keys };
    },
    'settings.importFile': async (a, call) => importSettings(acting(ctx, call), a),
    'probe.profiles': async (_a, call) => probeProfilesView(acting(ctx, call)),
    'probe.saveProfile': async ({ profile, previousName }, call) => saveProbeProfileAs(acting(ctx, call), profile, previousName),
    'probe.deleteProfile': async ({ name }, call) => ({ deleted: deleteProbeProfileAs(acting(ctx, call), name) }),
    'probe.assign': async ({ port, profile }, call) => assignProbeProfile(acting(ctx, call), port, profile),
  };
}
