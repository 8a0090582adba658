/**
 * Settings slice (issue 16 items 3, 5, 6): every setting as main lists it, the values being edited (as typed, so a
 * half-typed number can be shown), folder checks as the administrator types, saving a group's changes in one call
 * (main checks every value and folder first and changes nothing unless all are valid), and the settings file: export
 * (a download in browser mode; the desktop app may ask where to save it) and import (checked first, applied on
 * confirmation).
 */
import { create } from 'zustand';
import type { SettingView, SettingsImportResult } from '../../contract';
import { api, ApiCallError, messageOf } from '../api/client';
import { useAppInfo } from './app-info';

/** A value as edited: text for numbers, folders and zones; true/false for switches. */
export type DraftValue = string | boolean;

/** What a setting's editor shows for `v` (null folders and zones are empty: the default). */
export function toDraft(s: Pick<SettingView, 'kind' | 'value'>): DraftValue {
  if (s.kind === 'boolean') return s.value === true;
  return s.value === null || s.value === undefined ? '' : String(s.value);
}

/** The value to send for draft `d` of setting `s` (numbers parsed; empty folder or zone = null, the default). */
export function fromDraft(s: Pick<SettingView, 'kind'>, d: DraftValue): unknown {
  if (s.kind === 'boolean') return d === true;
  const text = String(d).trim();
  if (s.kind === 'integer' || s.kind === 'number') return text === '' ? Number.NaN : Number(text);
  if ((s.kind === 'folder' || s.kind === 'timeZone') && text === '') return null;
  return text;
}

/** A written settings file (path, name, download link in browser mode). */
export interface WrittenSettingsFile {
  readonly path: string;
  readonly fileName: string;
  readonly downloadUrl: string | null;
}

export interface SettingsState {
  readonly settings: readonly SettingView[];
  readonly drafts: Readonly<Record<string, DraftValue>>;
  readonly folderChecks: Readonly<Record<string, { ok: boolean; message: string }>>;
  readonly busy: boolean;
  readonly error: string | null;
  readonly notice: string | null;
  readonly written: WrittenSettingsFile | null;
  /** A settings file checked but not applied yet. */
  readonly pendingImport: { readonly name: string; readonly content: string; readonly preview: SettingsImportResult } | null;
  load(): Promise<void>;
  edit(key: string, value: DraftValue): void;
  checkFolder(key: string): Promise<void>;
  save(group: SettingView['group']): Promise<void>;
  reset(group: SettingView['group']): void;
  exportFile(saveAs: boolean): Promise<void>;
  checkImport(file: File): Promise<void>;
  applyImport(): Promise<void>;
  dismiss(): void;
}

/** Keys of `group` whose draft differs from the stored value. */
export function changedKeys(settings: readonly SettingView[], drafts: Readonly<Record<string, DraftValue>>, group: SettingView['group']): string[] {
  // A value changed outside the workstation counts as a change: saving it records it in the audit trail.
  return settings.filter((s) => s.group === group && (s.outsideAudit !== null || JSON.stringify(fromDraft(s, drafts[s.key] ?? toDraft(s))) !== JSON.stringify(s.value))).map((s) => s.key);
}

const draftsOf = (settings: readonly SettingView[]) => Object.fromEntries(settings.map((s) => [s.key, toDraft(s)]));

export const useSettings = create<SettingsState>()((set, get) => ({
  settings: [],
  drafts: {},
  folderChecks: {},
  busy: false,
  error: null,
  notice: null,
  written: null,
  pendingImport: null,
  async load() {
    try {
      const settings = await api['settings.list']({});
      set({ settings, drafts: draftsOf(settings), folderChecks: {} });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  edit(key, value) {
    const checks = { ...get().folderChecks };
    delete checks[key];
    set({ drafts: { ...get().drafts, [key]: value }, folderChecks: checks, notice: null });
  },
  async checkFolder(key) {
    const path = String(get().drafts[key] ?? '').trim();
    if (path === '') return;
    try {
      const check = await api['settings.checkFolder']({ path });
      set({ folderChecks: { ...get().folderChecks, [key]: check } });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  async save(group) {
    const keys = changedKeys(get().settings, get().drafts, group);
    if (keys.length === 0) return;
    const byKey = new Map(get().settings.map((s) => [s.key, s]));
    const changes = Object.fromEntries(keys.map((k) => [k, fromDraft(byKey.get(k)!, get().drafts[k]!)]));
    set({ busy: true, error: null, notice: null });
    try {
      const settings = await api['settings.set']({ changes });
      set({ settings, drafts: { ...get().drafts, ...Object.fromEntries(keys.map((k) => [k, toDraft(settings.find((s) => s.key === k)!)])) }, busy: false, notice: `Saved: ${keys.map((k) => byKey.get(k)!.label).join(', ')}.` });
      void useAppInfo.getState().load(); // folders and import defaults shown elsewhere follow
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  reset(group) {
    const { settings, drafts } = get();
    set({ drafts: { ...drafts, ...Object.fromEntries(settings.filter((s) => s.group === group).map((s) => [s.key, toDraft(s)])) }, folderChecks: {}, error: null });
  },
  async exportFile(saveAs) {
    set({ busy: true, error: null, notice: null, written: null });
    try {
      const w = await api['settings.exportFile']({ saveAs });
      set({ busy: false, written: { path: w.path, fileName: w.fileName, downloadUrl: w.downloadUrl }, notice: `Settings file written (${w.keys} settings, no secrets): ${w.path}` });
    } catch (err) {
      // Closing the "Save as" dialog is not an error: main says where the file is anyway.
      set(err instanceof ApiCallError && err.code === 'CANCELLED' ? { busy: false, notice: err.message } : { busy: false, error: messageOf(err) });
    }
  },
  async checkImport(file) {
    set({ busy: true, error: null, notice: null, pendingImport: null });
    try {
      const content = await file.text();
      const preview = await api['settings.importFile']({ name: file.name, content, dryRun: true });
      set({ busy: false, pendingImport: { name: file.name, content, preview } });
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  async applyImport() {
    const p = get().pendingImport;
    if (!p) return;
    set({ busy: true, error: null });
    try {
      const r = await api['settings.importFile']({ name: p.name, content: p.content, dryRun: false });
      set({ busy: false, pendingImport: null, notice: `Applied ${p.name}: ${r.changed.length} settings changed, ${r.profiles} probe profiles, ${r.ports} port assignments.` });
      await get().load();
      void useAppInfo.getState().load();
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  dismiss: () => set({ error: null, notice: null }),
}));
