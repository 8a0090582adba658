/**
 * Handlers of the meter manager's calls (contract/fleet.ts): parse → main/services/meter-manager.ts → map.
 * The services check the permission and write the audit record.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../core/context';
import {
  deleteCustomerAs, deleteFleetMeterAs, deletePlaceAs, exportMeterList, fleetTree, importMeterList, installMeterAs, installationHistory, removeMeterAs,
  saveCustomerAs, saveFleetMeterAs, savePlaceAs,
} from '../../services/meter-manager';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { deliverExport, type ChooseSaveFile } from '../save-as';
import { exportsDir } from '../../services/export-files';

type FleetCalls =
  | 'fleet.tree' | 'fleet.savePlace' | 'fleet.deletePlace' | 'fleet.saveCustomer' | 'fleet.deleteCustomer' | 'fleet.saveMeter' | 'fleet.deleteMeter'
  | 'fleet.install' | 'fleet.remove' | 'fleet.installations' | 'fleet.importCsv' | 'fleet.exportCsv';

/** Build the meter-manager handlers over `ctx`; `offerDownload` (browser mode) turns a written file into a link. */
export function createFleetHandlers(ctx: AppContext, opts: { offerDownload?: (file: string, fileName: string) => string; chooseSaveFile?: ChooseSaveFile }): Pick<Handlers, FleetCalls> {
  return {
    'fleet.tree': async (_a, call) => fleetTree(acting(ctx, call)),
    'fleet.savePlace': async (a, call) => savePlaceAs(acting(ctx, call), a),
    'fleet.deletePlace': async (a, call) => ({ deleted: deletePlaceAs(acting(ctx, call), a.id) }),
    'fleet.saveCustomer': async (a, call) => saveCustomerAs(acting(ctx, call), a),
    'fleet.deleteCustomer': async (a, call) => ({ deleted: deleteCustomerAs(acting(ctx, call), a.id) }),
    'fleet.saveMeter': async (a, call) => saveFleetMeterAs(acting(ctx, call), a),
    'fleet.deleteMeter': async (a, call) => ({ deleted: deleteFleetMeterAs(acting(ctx, call), a.id) }),
    'fleet.install': async (a, call) => installMeterAs(acting(ctx, call), a),
    'fleet.remove': async (a, call) => removeMeterAs(acting(ctx, call), a.installationId, a.removedUtc),
    'fleet.installations': async (a, call) => installationHistory(acting(ctx, call), a),
    'fleet.importCsv': async (a, call) => importMeterList(acting(ctx, call), a),
    'fleet.exportCsv': async ({ saveAs }, call) => {
      const dir = exportsDir(ctx);
      await mkdir(dir, { recursive: true });
      const fileName = `meter-list_${new Date().toISOString().replace(/[-:.]/g, '')}.csv`;
      const file = path.join(dir, fileName);
      const out = await exportMeterList(acting(ctx, call), file);
      return { ...(await deliverExport(file, fileName, { ...opts, saveAs })), meters: out.meters };
    },
  };
}
