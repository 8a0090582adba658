/**
 * Meter manager slice (issue 14 item 1): the place tree with its customers and meters, the node the user picked,
 * and the changes (each one call; the main process checks the permission and records the audit entry). A refused
 * change leaves the main process's plain message; the meter-list import leaves its per-line errors.
 */
import { create } from 'zustand';
import type { CallArgs, FleetTreeView, MeterListImportView } from '../../contract';
import { api, messageOf } from '../api/client';

/** What is selected: a place node or a meter of the tree (id 0 = a new one), or the customers list (`id` the customer edited, 0 = new). */
export type FleetSelection = { readonly kind: 'place' | 'meter' | 'customers'; readonly id: number } | null;

export interface FleetState {
  readonly tree: FleetTreeView;
  readonly selected: FleetSelection;
  readonly loading: boolean;
  readonly busy: boolean;
  readonly error: string | null;
  readonly notice: string | null;
  readonly lastImport: MeterListImportView | null;
  refresh(): Promise<void>;
  select(s: FleetSelection): void;
  savePlace(args: CallArgs<'fleet.savePlace'>): Promise<boolean>;
  deletePlace(id: number, name: string): Promise<boolean>;
  saveMeter(args: CallArgs<'fleet.saveMeter'>): Promise<boolean>;
  saveCustomer(args: CallArgs<'fleet.saveCustomer'>): Promise<number | null>;
  deleteCustomer(id: number, number: string): Promise<boolean>;
  install(args: CallArgs<'fleet.install'>): Promise<boolean>;
  remove(installationId: number, removedUtc: string): Promise<boolean>;
  importCsv(fileName: string, content: string, dryRun: boolean): Promise<void>;
  exportCsv(): Promise<void>;
  addEmulatedSubstation(): Promise<void>;
  dismiss(): void;
}

const EMPTY: FleetTreeView = { places: [], customers: [], meters: [] };

export const useFleet = create<FleetState>()((set, get) => {
  /** One change: busy while it runs, the refreshed tree and `notice` after, or the plain error. */
  const change = async <T,>(run: () => Promise<T>, notice: (r: T) => string): Promise<T | null> => {
    set({ busy: true, error: null, notice: null });
    try {
      const r = await run();
      set({ busy: false, notice: notice(r) });
      await get().refresh();
      return r;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return null;
    }
  };
  return {
    tree: EMPTY,
    selected: null,
    loading: false,
    busy: false,
    error: null,
    notice: null,
    lastImport: null,
    async refresh() {
      set({ loading: true });
      try {
        set({ tree: await api['fleet.tree']({}), loading: false });
      } catch (err) {
        set({ loading: false, error: messageOf(err) });
      }
    },
    select: (selected) => set({ selected, error: null, notice: null }),
    async savePlace(args) {
      const r = await change(() => api['fleet.savePlace'](args), (p) => `${p.kind.charAt(0).toUpperCase()}${p.kind.slice(1)} “${p.name}” saved.`);
      if (r) set({ selected: { kind: 'place', id: r.id } });
      return r !== null;
    },
    async deletePlace(id, name) {
      const r = await change(() => api['fleet.deletePlace']({ id }), () => `“${name}” deleted.`);
      if (r) set({ selected: null });
      return r !== null;
    },
    async saveMeter(args) {
      const r = await change(() => api['fleet.saveMeter'](args), (m) => `Meter ${m.serial} saved.`);
      if (r) set({ selected: { kind: 'meter', id: r.id } });
      return r !== null;
    },
    async saveCustomer(args) {
      const r = await change(() => api['fleet.saveCustomer'](args), (c) => `Customer ${c.number} saved.`);
      return r?.id ?? null;
    },
    async deleteCustomer(id, number) {
      return (await change(() => api['fleet.deleteCustomer']({ id }), () => `Customer ${number} deleted.`)) !== null;
    },
    async install(args) {
      return (await change(() => api['fleet.install'](args), (i) => `Meter ${i.meterSerial} installed at ${i.placePath}.`)) !== null;
    },
    async remove(installationId, removedUtc) {
      return (await change(() => api['fleet.remove']({ installationId, removedUtc }), (i) => `Meter ${i.meterSerial} removed from ${i.placePath}.`)) !== null;
    },
    async importCsv(fileName, content, dryRun) {
      const r = await change(
        () => api['fleet.importCsv']({ fileName, content, dryRun }),
        (o) => `${o.dryRun ? 'Checked' : 'Imported'} ${fileName}: ${o.imported} stored, ${o.unchanged} unchanged, ${o.errors.length} refused.`,
      );
      set({ lastImport: r });
    },
    async exportCsv() {
      const r = await change(() => api['fleet.exportCsv']({}), (w) => `${w.meters} meters written to ${w.path}.`);
      if (r?.downloadUrl) window.open(r.downloadUrl, '_blank');
    },
    async addEmulatedSubstation() {
      await change(() => api['fleet.addEmulatedSubstation']({}), (r) => `The emulated substation (${r.meters} meters) is in the meter list, with a 15-minute collection schedule.`);
    },
    dismiss: () => set({ error: null, notice: null }),
  };
});
