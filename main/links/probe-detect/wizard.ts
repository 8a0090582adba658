/**
 * The probe-connection wizard (issue 16 item 2): with the probe on a meter, try the sensible combinations (./plan.ts)
 * one by one (./tries.ts), say in plain words what each try saw, and give the profile that works: the modem lines and
 * device address of the first try that got an identification, the echo the probe showed, and the highest speed that
 * got through. Bounded: each try by TRY_LIMIT_MS, the wait for a meter left in a failed session by RECOVERY_MAX_MS;
 * `maxWizardSeconds` is the whole bound. Saving the profile is the service's (main/services/probe-detect.ts).
 */
import { STANDARD_PROBE_PROFILE, type DetectResult, type DetectTry, type ProbeProfile } from '../../../contract/probe';
import type { LinkRegistry, LineFormat } from '../types';
import { addressWords, ceilingTries, firstPhaseTries, lineTries, linesWords, RECOVERY_MAX_MS, WIZARD_POWER_UP_MS, type TryPlan } from './plan';
import { runTry, type TryResult } from './tries';

/** A wizard run on one port. */
export interface WizardRequest {
  readonly links: LinkRegistry;
  readonly port: string;
  readonly timeZone: string;
  readonly line?: LineFormat;
  /** Device addresses to try after the empty one. */
  readonly addresses?: readonly string[];
  readonly signal?: AbortSignal;
  /** Called when a try starts (`record` null) and when it ends; `total` grows when a speed search starts. */
  readonly onProgress?: (p: { done: number; total: number; current: string; record: DetectTry | null }) => void;
  /** The clock (tests); default Date.now. */
  readonly now?: () => number;
}

/** The name a detected profile is saved under: `<port> (detected)`, within the profile-name rules. */
export function detectedProfileName(port: string): string {
  const suffix = ' (detected)';
  return `${port.replace(/[^A-Za-z0-9 ._()/+-]/g, '_').slice(0, 40 - suffix.length)}${suffix}`;
}

/** Run the wizard (see the file comment). @throws ProtocolError LINK_LOST (port unusable), CANCELLED. */
export async function runProbeWizard(w: WizardRequest): Promise<DetectResult> {
  const now = w.now ?? Date.now;
  const t0 = now();
  const addresses = w.addresses ?? [];
  const tries: DetectTry[] = [];
  let total = firstPhaseTries(addresses);
  const attempt = async (t: TryPlan, current: string): Promise<TryResult> => {
    w.onProgress?.({ done: tries.length, total, current, record: null });
    const r = await runTry({ links: w.links, port: w.port, timeZone: w.timeZone, ...(w.line ? { line: w.line } : {}), ...(w.signal ? { signal: w.signal } : {}) }, tries.length + 1, t);
    tries.push(r.record);
    w.onProgress?.({ done: tries.length, total, current, record: r.record });
    return r;
  };

  let found: { plan: TryPlan; result: TryResult } | null = null;
  for (const t of lineTries(addresses)) {
    const r = await attempt(t, `Trying ${linesWords(t)}, ${addressWords(t.address)}…`);
    if (r.identification) {
      found = { plan: t, result: r };
      break;
    }
  }
  const seconds = () => Math.round((now() - t0) / 100) / 10;
  if (!found) {
    const garbled = tries.some((t) => t.outcome === 'garbled');
    const summary = garbled
      ? 'Some tries got bytes, but never an identification: the probe may sit crooked on the optical port, or the line is disturbed (bright light, a damaged cable). Check the probe and try again.'
      : 'No combination got an answer. Check that the probe sits on the meter\'s optical port the right way round (cable down), that the meter is powered, and that this is the probe\'s port; then try again.';
    return { port: w.port, found: false, profile: null, saved: false, tries, summary, seconds: seconds() };
  }

  const { plan, result } = found;
  const id = result.identification!;
  let maxBaud: number = STANDARD_PROBE_PROFILE.maxBaud;
  let speed: string;
  if (result.sessionBaud !== null) {
    speed = `The meter answered at ${result.sessionBaud} baud, its fastest.`;
  } else if (id.mode === 'C' || id.mode === 'E') {
    // The speed change failed: find the highest speed that gets through, climbing from 300 baud (see ./plan.ts).
    const climb = ceilingTries(plan, Math.min(id.maxBaud, 19200));
    total = tries.length + climb.length;
    let best: number | null = null;
    const deadline = now() + RECOVERY_MAX_MS;
    let first = climb[0] ? await attempt(climb[0], 'Waiting for the meter to leave the failed session, then trying 300 baud…') : null;
    while (first && first.identification === null && now() < deadline) {
      total += 1;
      first = await attempt(climb[0]!, 'The meter does not answer yet (it may keep the failed session for up to 2 minutes); signing on again…');
    }
    if (first?.sessionBaud) best = first.sessionBaud;
    for (const t of climb.slice(1)) {
      if (best === null) break;
      const r = await attempt(t, `Trying up to ${t.maxBaud} baud…`);
      if (r.sessionBaud === null) break;
      best = r.sessionBaud;
    }
    total = tries.length;
    if (best !== null) {
      maxBaud = best;
      speed = `The speed change to ${id.maxBaud} baud does not get through this probe; ${best} baud does, so the profile stops there.`;
    } else {
      speed = 'The meter identified itself but did not enter programming mode at any speed (it may have none), so the speed could not be checked.';
    }
  } else {
    speed = `The meter speaks mode ${id.mode} (no speed to negotiate).`;
  }
  const echo = result.record.echoSeen === true;
  const setsLines = plan.dtr !== 'leave' || plan.rts !== 'leave';
  const profile: ProbeProfile = {
    ...STANDARD_PROBE_PROFILE,
    name: detectedProfileName(w.port),
    description: `Found by the connection wizard: ${linesWords(plan)}, ${echo ? 'the probe echoes' : 'no echo'}, up to ${maxBaud} baud.`,
    dtr: plan.dtr,
    rts: plan.rts,
    echo: echo ? 'echoes' : 'none',
    maxBaud,
    powerUpMs: setsLines ? WIZARD_POWER_UP_MS : 0,
    source: `Connection wizard on ${w.port}, ${new Date(t0).toISOString().slice(0, 10)}, meter ${id.raw}`.slice(0, 300),
  };
  const address = plan.address ? ` The meter answers only to address ${plan.address}: give it when reading.` : '';
  const summary = `It works with ${linesWords(plan)}${echo ? '; the probe echoes what is sent' : ''}. ${speed}${address}`;
  return { port: w.port, found: true, profile, saved: false, tries, summary, seconds: seconds() };
}
