/**
 * Handlers of the collection calls (contract/collection.ts): parse → main/services/collection.ts → map. The
 * services check the permission and write the audit records; runs go on in the app's collector, whose progress is
 * sent to the window as `collectionProgress` events.
 */
import type { Collector } from '../../collect/collector';
import {
  addEmulatedSubstation, cancelCollectionAs, checkTimeAs, dashboardAs, deleteScheduleAs, gapsAs, runAs, runsAs, saveScheduleAs, schedulesAs, startCollectionAs,
} from '../../services/collection';
import type { AppContext } from '../../core/context';
import { StoreError } from '../../core/errors';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';

type CollectionCalls =
  | 'collection.schedules' | 'collection.saveSchedule' | 'collection.deleteSchedule' | 'collection.start' | 'collection.cancel' | 'collection.runs'
  | 'collection.run' | 'collection.dashboard' | 'collection.gaps' | 'timeSync.check' | 'fleet.addEmulatedSubstation';

/** Build the collection handlers over `ctx` and the app's `collector`. */
export function createCollectionHandlers(ctx: AppContext, collector: Collector): Pick<Handlers, CollectionCalls> {
  return {
    'collection.schedules': async (_a, call) => schedulesAs(acting(ctx, call)),
    'collection.saveSchedule': async (a, call) => saveScheduleAs(acting(ctx, call), a),
    'collection.deleteSchedule': async (a, call) => ({ deleted: deleteScheduleAs(acting(ctx, call), a.id) }),
    'collection.start': async (a, call) => {
      const target = a.scheduleId !== undefined ? { scheduleId: a.scheduleId } : a.targetKind !== undefined && a.targetId !== undefined ? { targetKind: a.targetKind, targetId: a.targetId } : null;
      if (!target) throw new StoreError('INVALID_DATA', 'Say what to collect: a schedule, or a meter, group or place.');
      const started = startCollectionAs(acting(ctx, call), collector, target);
      started.done.catch(() => undefined); // the run's end reaches the window as a collectionProgress event
      return { runId: started.runId, meters: started.meters };
    },
    'collection.cancel': async (a, call) => ({ cancelled: cancelCollectionAs(acting(ctx, call), collector, a.runId) }),
    'collection.runs': async (a, call) => runsAs(acting(ctx, call), a.limit ?? 100),
    'collection.run': async (a, call) => runAs(acting(ctx, call), a.runId),
    'collection.dashboard': async (_a, call) => dashboardAs(acting(ctx, call)),
    'fleet.addEmulatedSubstation': async (_a, call) => addEmulatedSubstation(acting(ctx, call)),
    'timeSync.check': async (_a, call) => checkTimeAs(acting(ctx, call)),
    'collection.gaps': async (a, call) => gapsAs(acting(ctx, call), { ...(a.meterId !== undefined ? { meterId: a.meterId } : {}), ...(a.status ? { status: a.status } : {}) }),
  };
}
