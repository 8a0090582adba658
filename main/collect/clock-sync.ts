/**
 * A meter's clock during a collection (issue 14 item 5): read it against the TRUE time (the workstation clock
 * corrected by a trusted reference, ../timesync/), report the drift, and correct it by the fleet's policy:
 * - within the tolerance: nothing;
 * - `adjust`: creep (Elster level 1/2, at most ±7.5 min: reference ../shared/reference/elster-dialect.md "Session"
 *   step 5 and remote-links.md "Time references");
 * - `adjust-or-set`: beyond ±7.5 min (or on a meter without a creep command: IEC 62056-21 generic) a set at once
 *   (Elster security level 3), only where the policy allows sets;
 * - never when the workstation clock is further from the reference than the limit, or when there is no reference:
 *   a wrong PC clock must not be copied into a fleet of meters. The refusal names the offset.
 * Each set / adjust is recorded in the audit trail at once (it changed the meter, whatever happens next).
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { adjustClock, describeDrift, readClock, setClock } from '../../protocol/meters/clock';
import { openMeterSession } from '../../protocol/meters/open-session';
import type { MeterChoice } from '../../protocol/meters/read-any';
import { sessionOptionsOf } from '../links/session-options';
import type { Link } from '../links/types';

/** Largest correction by creep (adjust), ms: ±7.5 min. */
export const CREEP_LIMIT_MS = 7.5 * 60_000;

/** The fleet's clock rules with the reference as measured at the start of the run. */
export interface ClockPolicy {
  /** "NTP pool.ntp.org", "GPS on /dev/ttyUSB1", or null when no reference is set up. */
  readonly referenceName: string | null;
  /** Reference − workstation clock, ms, measured before the run (null: no reference, or it could not be reached). */
  readonly offsetMs: number | null;
  /** Why the reference could not be used, when `offsetMs` is null and a reference is set up. */
  readonly referenceError?: string;
  /** Refuse every correction when |offsetMs| is above this, ms. */
  readonly maxWorkstationOffsetMs: number;
  /** Drift at or below which nothing is corrected, ms. */
  readonly toleranceMs: number;
  /** May a clock be SET (level 3) beyond the creep limit? */
  readonly allowSet: boolean;
  /** Elster security level 3 password of a meter (for a set), or undefined. */
  readonly level3Password?: (serial: string) => string | undefined;
  /** Record a clock change (audit). */
  readonly record?: (c: { action: 'clock.set' | 'clock.adjusted'; serial: string | null; before: { meterLocal: string; driftMs: number }; after: Record<string, unknown> }) => void;
}

/** What was found and done. */
export interface ClockOutcome {
  /** Meter − true time, ms (+ = meter fast). */
  readonly driftMs: number;
  /** `none`, `adjusted …`, `set …`, or `refused: …` (plain words). */
  readonly action: string;
}

/** How to sign on to the meter again on the same link. */
export interface ClockAccess {
  readonly address: string | undefined;
  readonly timeZone: string;
  readonly dialect: MeterChoice;
  readonly password: string | undefined;
  readonly passwordLevel: 1 | 2 | 3;
  readonly signal: AbortSignal | undefined;
  readonly serial?: string;
  /** The dialect the reading found on this link: a device answering in another one is refused before any password. */
  readonly profile?: 'generic' | 'elster';
  /**
   * The identity check (./meter-identity.ts): run on the serial number the session reads right after the sign-on,
   * before the clock is read and before any level-3 password; throws to stop (nothing more is sent).
   */
  readonly check?: (serial: string | null) => void;
}

/** Why a correction may not be made now, or null when it may. */
export function correctionRefusal(p: ClockPolicy | undefined): string | null {
  if (!p || p.referenceName === null) return 'no trusted time reference (NTP server or GPS receiver) is set up, so no meter clock is corrected';
  if (p.offsetMs === null) return `the time reference ${p.referenceName} could not be read${p.referenceError ? ` (${p.referenceError})` : ''}, so no meter clock is corrected`;
  if (Math.abs(p.offsetMs) > p.maxWorkstationOffsetMs) {
    return `this computer's clock is ${describeDrift(-p.offsetMs)} against ${p.referenceName} (limit ±${p.maxWorkstationOffsetMs / 1000} s): correct it first`;
  }
  return null;
}

/**
 * After the reading on `link` (session ended with B0): sign on again, read the clock against the true time and
 * correct it by `mode` and `policy` (see the file comment). @throws ProtocolError for link / meter failures.
 */
export async function syncClockOnLink(
  link: Link,
  a: ClockAccess,
  mode: 'off' | 'adjust' | 'adjust-or-set',
  policy: ClockPolicy | undefined,
  now: () => number,
): Promise<ClockOutcome> {
  const offset = policy?.offsetMs ?? 0;
  const trueNow = () => now() + offset;
  await new Promise<void>((r) => setTimeout(r, 400)); // the meter is back at 300 baud after B0: give it the reaction time
  const opened = await openMeterSession(link.transport, {
    ...sessionOptionsOf(link, { address: a.address }),
    ...(a.signal ? { signal: a.signal } : {}),
    meter: a.dialect,
    ...(a.password ? { password: a.password } : {}),
    passwordLevel: a.passwordLevel,
    // After the check a set may send the level-3 password: a dropped session is not signed on again by itself.
    ...(a.check ? { maxResignOns: 0 } : {}),
    onChoice: (choice) => {
      if (a.profile && choice.profile !== a.profile) {
        throw new ProtocolError('REFUSED', `The meter${a.serial ? ` ${a.serial}` : ''} answered the clock check as ${choice.profile === 'elster' ? 'an Elster' : 'a generic IEC 62056-21'} meter, not as in its reading a moment before: no password was sent.`);
      }
    },
  });
  try {
    if (a.check) a.check(await opened.readSerial());
    const before = await readClock(opened.session, { timeZone: a.timeZone, now: trueNow });
    const drift = before.driftMs;
    if (mode === 'off' || Math.abs(drift) <= (policy?.toleranceMs ?? 10_000)) return { driftMs: drift, action: 'none' };
    const refusal = correctionRefusal(policy);
    if (refusal) return { driftMs: drift, action: `refused: ${refusal}` };
    const elster = opened.choice.profile === 'elster';
    if (elster && Math.abs(drift) <= CREEP_LIMIT_MS) {
      const r = await adjustClock(opened.session, { timeZone: a.timeZone, now: trueNow });
      policy!.record?.({ action: 'clock.adjusted', serial: a.serial ?? null, before: { meterLocal: before.meterLocal, driftMs: drift }, after: { targetLocal: r.writtenLocal, correctionMs: r.plan.correctionMs, reference: policy!.referenceName } });
      return { driftMs: drift, action: `adjusted by ${describeDrift(-r.plan.correctionMs, false)} (creep, done in about ${r.plan.completesAfterMin} min)` };
    }
    const why = elster ? `the drift is beyond the ±7.5 min an adjust may correct` : 'IEC 62056-21 meters have no clock adjust (creep) command';
    if (mode !== 'adjust-or-set' || !policy!.allowSet) {
      return { driftMs: drift, action: `refused: ${why}; a set (security level 3) is needed and the policy does not allow it` };
    }
    const level3Password = elster && a.serial ? policy!.level3Password?.(a.serial) : undefined;
    if (elster && !level3Password && a.passwordLevel !== 3) {
      return { driftMs: drift, action: 'refused: a set needs the security level 3 password, and none is stored for this meter' };
    }
    const r = await setClock(opened.session, { timeZone: a.timeZone, now: trueNow, ...(level3Password ? { level3Password } : {}) });
    policy!.record?.({ action: 'clock.set', serial: a.serial ?? null, before: { meterLocal: before.meterLocal, driftMs: drift }, after: { writtenLocal: r.writtenLocal, reference: policy!.referenceName } });
    return { driftMs: drift, action: `set to ${r.writtenLocal.replace('T', ' ')} (${why})` };
  } finally {
    await opened.close();
  }
}
