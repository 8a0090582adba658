/**
 * Settings changed outside the workstation (docs/security.md "Settings and policies"): every change the workstation
 * makes to a setting is recorded in the append-only, hash-chained audit trail in the same transaction
 * (`settings.changed`, before/after per key; a renamed default probe profile in `probeProfile.saved`). Replaying those
 * records gives, for each setting, the value the trail says is in force; a stored value that differs was written by
 * someone who edited the database file directly (or restored an older copy), bypassing the permission check and the
 * audit. `settingsOutsideAudit` names them so the Settings screen and `pmu settings list` can say so. It detects; it
 * does not undo (the administrator decides) — and an attacker who also rewrites the audit records breaks the chain,
 * which `pmu audit verify` reports.
 */
import { isDeepStrictEqual } from 'node:util';
import { SETTINGS, SETTING_KEYS, isSettingKey, type SettingKey } from '../../contract/settings';
import { selectAudit } from '../audit/store';
import type { AppContext } from '../core/context';
import { readSettings, settingRows } from '../settings/values';

/** What the audit trail expects for a setting, when that differs from the value stored. */
export interface SettingOutsideAudit {
  readonly key: SettingKey;
  /** The value the last audit record left in force (the built-in default when no record names the key). */
  readonly recorded: unknown;
  /** The value stored now. */
  readonly stored: unknown;
}

/** The object of `settings.changed` records of the allowed watch locations written before they were a registry setting. */
const LEGACY_WATCH_ROOTS = 'setting:watch.allowedRoots';

/** Summaries written before the secret net spared settings keys hold this instead of a password-policy number. */
const REDACTED = '[redacted]';

const parse = (json: string): { before?: unknown; after?: unknown } | null => {
  try {
    const v = JSON.parse(json) as unknown;
    return v !== null && typeof v === 'object' ? (v as { before?: unknown; after?: unknown }) : null;
  } catch {
    return null;
  }
};
const record = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * The settings whose stored value is not the one the audit trail last recorded (empty when they all agree). A key whose
 * last record is `[redacted]` (written by an older version) cannot be compared and is left out.
 */
export function settingsOutsideAudit(ctx: Pick<AppContext, 'db'>): SettingOutsideAudit[] {
  const records = [...selectAudit(ctx.db, { action: 'settings.changed' }), ...selectAudit(ctx.db, { action: 'probeProfile.saved' })].sort((a, b) => a.seq - b.seq);
  const expected = new Map<SettingKey, unknown>(SETTING_KEYS.map((k) => [k, SETTINGS[k].default]));
  for (const r of records) {
    const summary = parse(r.summaryJson);
    if (r.action === 'settings.changed') {
      for (const [k, v] of Object.entries(record(summary?.after) ?? {})) if (isSettingKey(k)) expected.set(k, v);
      // Before the allowed watch locations joined the registry, their records read { after: { allowedRoots } }.
      if (r.object === LEGACY_WATCH_ROOTS && Array.isArray(record(summary?.after)?.allowedRoots)) expected.set('watch.allowedRoots', record(summary?.after)?.allowedRoots);
      continue;
    }
    // A renamed profile takes the default along (main/services/probe-profiles.ts).
    const before = record(summary?.before)?.name;
    const after = record(summary?.after)?.name;
    const current = expected.get('probe.defaultProfile');
    if (typeof before === 'string' && typeof after === 'string' && typeof current === 'string' && current.toLowerCase() === before.toLowerCase()) {
      expected.set('probe.defaultProfile', after);
    }
  }
  const stored = new Set(settingRows(ctx.db).map((r) => r.key));
  const values = readSettings(ctx.db);
  const out: SettingOutsideAudit[] = [];
  for (const key of SETTING_KEYS) {
    const recorded = expected.get(key);
    if (recorded === REDACTED) continue;
    const now = stored.has(key) ? values[key] : SETTINGS[key].default;
    if (!isDeepStrictEqual(now, recorded)) out.push({ key, recorded, stored: now });
  }
  return out;
}

/** The plain sentence for one setting changed outside the workstation. */
export function outsideAuditWords(d: SettingOutsideAudit): string {
  const show = (v: unknown) => (v === null ? 'the default' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
  return `Changed outside the workstation: the audit trail last recorded ${show(d.recorded)}, the database now holds ${show(d.stored)}. Find out who edited the database; saving the setting (Settings screen, or pmu settings set) records the value you want.`;
}
