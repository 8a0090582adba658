/**
 * The probe-connection wizard as a use case (issue 16 item 2): who may run it (`meter.read`: it talks to the meter on the
 * probe) and save what it finds (`probes.manage`: the working combination becomes the profile `<port> (detected)`,
 * assigned to the port, each recorded in the audit trail by ./probe-profiles.ts). The wizard itself is
 * main/links/probe-detect/ over the app's link registry.
 */
import type { DetectResult, DetectTry } from '../../contract/probe';
import type { AppContext } from '../core/context';
import { firstPhaseTries, maxWizardSeconds } from '../links/probe-detect/plan';
import { runProbeWizard } from '../links/probe-detect/wizard';
import { normalizePortName } from '../settings/probe-profiles';
import { authorize } from './authorize';
import { assignProbeProfile, saveProbeProfileAs } from './probe-profiles';

/** What to detect. */
export interface DetectRequest {
  readonly port: string;
  /** Device addresses to try after the empty one. */
  readonly addresses?: readonly string[];
  /** Save the working profile and assign it to the port. */
  readonly save?: boolean;
}

/** Progress of a wizard run: a try started (`record` null) or ended. */
export type DetectProgress = { done: number; total: number; current: string; record: DetectTry | null };

/** Upper bound of a wizard run, seconds (for "this takes at most …"), and its first-phase tries. */
export function detectBounds(addresses: readonly string[] = []): { tries: number; maxSeconds: number } {
  return { tries: firstPhaseTries(addresses), maxSeconds: maxWizardSeconds(addresses) };
}

/** May the acting user run the wizard (`meter.read`) and save its profile (`probes.manage`)? @throws AuthError. */
export function authorizeDetect(ctx: AppContext, req: Pick<DetectRequest, 'save'>): void {
  authorize(ctx, 'meter.read');
  if (req.save) authorize(ctx, 'probes.manage');
}

/**
 * Run the wizard on `req.port` and, when asked and found, save and assign the profile. Needs `meter.read` (and
 * `probes.manage` to save — checked before the first try). @throws AuthError, ProtocolError LINK_LOST / CANCELLED.
 */
export async function detectProbe(ctx: AppContext, req: DetectRequest, onProgress?: (p: DetectProgress) => void, signal?: AbortSignal): Promise<DetectResult> {
  authorizeDetect(ctx, req);
  const port = normalizePortName(req.port);
  const result = await runProbeWizard({
    links: ctx.links, port, timeZone: ctx.timeZone, addresses: req.addresses ?? [], ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}),
  });
  if (!result.found || !result.profile || !req.save) return result;
  saveProbeProfileAs(ctx, result.profile);
  assignProbeProfile(ctx, port, result.profile.name);
  return { ...result, saved: true, summary: `${result.summary} Saved as the profile "${result.profile.name}" for ${port}.` };
}
