/**
 * Probe-profile use cases (issue 16 item 1): list the profiles and port assignments (any signed-in user: the read screen
 * shows which profile a port uses), create / change / rename / reset a profile and assign one to a port (`probes.manage`:
 * technicians set up their own probes, as in the PMU). Each change is stored with its audit record (before/after) in one
 * transaction. The serial link applies the profile (main/links/serial); main/settings/probe-profiles.ts resolves it.
 */
import type { PortProfileView, ProbeProfile, ProbeProfileView } from '../../contract/probe';
import { recordChange } from '../audit/record-change';
import type { AppContext } from '../core/context';
import { StoreError } from '../core/errors';
import { builtInProfile, defaultProbeProfile, findProbeProfile, listProbeProfiles, normalizePortName, portProfiles, probeProfileFor } from '../settings/probe-profiles';
import { readSetting, writeSetting } from '../settings/values';
import { deleteProbeProfileRow, renameProbePortProfile, writeProbePortRow, writeProbeProfileRow } from '../store/settings';
import { authorize } from './authorize';

/** Every profile, the assigned ports and the default profile. Needs a signed-in user. */
export function probeProfilesView(ctx: AppContext): { profiles: ProbeProfileView[]; ports: PortProfileView[]; defaultProfile: string } {
  authorize(ctx, 'signedIn');
  return { profiles: listProbeProfiles(ctx.db), ports: portProfiles(ctx.db), defaultProfile: defaultProbeProfile(ctx.db).name };
}

const viewOf = (ctx: AppContext, name: string): ProbeProfileView => listProbeProfiles(ctx.db).find((p) => p.name.toLowerCase() === name.toLowerCase())!;

/**
 * Create or change profile `p` (`previousName` = the profile it was, when renamed: its ports and the default follow the
 * new name). A built-in profile keeps its name; editing it stores the edit (reset with deleteProbeProfileAs). Records
 * `probeProfile.saved`. Needs `probes.manage`. @throws StoreError CONFLICT (name taken / built-in renamed), NOT_FOUND.
 */
export function saveProbeProfileAs(ctx: AppContext, p: ProbeProfile, previousName?: string): ProbeProfileView {
  authorize(ctx, 'probes.manage');
  const from = previousName ?? p.name;
  const before = findProbeProfile(ctx.db, from) ?? null;
  if (previousName !== undefined && before === null) throw new StoreError('NOT_FOUND', `There is no probe profile "${previousName}". Refresh the list.`);
  const renamed = from.toLowerCase() !== p.name.toLowerCase();
  if (renamed && builtInProfile(from)) throw new StoreError('CONFLICT', `"${from}" is a built-in profile: its name stays. Save your changes under it, or copy it under a new name.`);
  if (renamed && findProbeProfile(ctx.db, p.name)) throw new StoreError('CONFLICT', `A probe profile named "${p.name}" exists already. Choose another name.`);
  const now = new Date().toISOString();
  recordChange(ctx, () => {
    if (renamed) {
      deleteProbeProfileRow(ctx.db, from);
      renameProbePortProfile(ctx.db, from, p.name);
      if (readSetting(ctx.db, 'probe.defaultProfile').toLowerCase() === from.toLowerCase()) writeSetting(ctx.db, 'probe.defaultProfile', p.name, ctx.operator, now);
    }
    writeProbeProfileRow(ctx.db, p.name, p, ctx.operator, now);
  }, () => ({ action: 'probeProfile.saved', object: `probeProfile:${p.name}`, summary: { ...(before ? { before } : {}), after: p } }));
  return viewOf(ctx, p.name);
}

/**
 * Delete own profile `name`, or reset an edited built-in one to its shipped values (records `probeProfile.deleted`).
 * Ports assigned to a deleted own profile go back to their USB model's or the default profile. Needs `probes.manage`.
 * @throws StoreError CONFLICT for the default profile.
 */
export function deleteProbeProfileAs(ctx: AppContext, name: string): boolean {
  authorize(ctx, 'probes.manage');
  const before = findProbeProfile(ctx.db, name);
  if (!before) return false;
  const builtIn = builtInProfile(name);
  if (!builtIn && readSetting(ctx.db, 'probe.defaultProfile').toLowerCase() === name.toLowerCase()) {
    throw new StoreError('CONFLICT', `"${before.name}" is the default probe profile. Choose another default first (Settings → Optical probes).`);
  }
  return recordChange(ctx, () => {
    const done = deleteProbeProfileRow(ctx.db, name);
    if (!builtIn) for (const r of portProfiles(ctx.db)) if (r.profile.toLowerCase() === name.toLowerCase()) writeProbePortRow(ctx.db, r.port, null, ctx.operator, '');
    return done;
  }, (done) => (done ? { action: 'probeProfile.deleted', object: `probeProfile:${before.name}`, summary: { before, after: builtIn ? { resetTo: 'built-in values' } : null } } : null));
}

/**
 * Use profile `name` for `port` (null = no assignment: the port follows its USB model's profile or the default).
 * Records `probePort.assigned`. Needs `probes.manage`. @throws StoreError NOT_FOUND for an unknown profile.
 */
export function assignProbeProfile(ctx: AppContext, port: string, name: string | null): PortProfileView {
  authorize(ctx, 'probes.manage');
  const p = normalizePortName(port);
  const profile = name === null ? null : findProbeProfile(ctx.db, name);
  if (name !== null && !profile) throw new StoreError('NOT_FOUND', `There is no probe profile "${name}". Create it first, or choose one from the list.`);
  const before = probeProfileFor(ctx.db, p);
  recordChange(ctx, () => writeProbePortRow(ctx.db, p, profile?.name ?? null, ctx.operator, new Date().toISOString()), () => ({
    action: 'probePort.assigned', object: `port:${p}`, summary: { before: { profile: before.profile.name, reason: before.reason }, after: { profile: profile?.name ?? null } },
  }));
  const now = probeProfileFor(ctx.db, p);
  return { port: p, profile: now.profile.name, reason: now.reason };
}

/** The profile `port` uses (for the read screen and the CLI). Needs a signed-in user. */
export function portProfileOf(ctx: AppContext, port: string): PortProfileView {
  authorize(ctx, 'signedIn');
  const p = normalizePortName(port);
  const r = probeProfileFor(ctx.db, p);
  return { port: p, profile: r.profile.name, reason: r.reason };
}

