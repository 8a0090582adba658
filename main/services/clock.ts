import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import { type ClockAdjustPlan, type ClockReading, adjustClock, describeDrift, readClock, setClock } from '../../protocol/meters/clock';
import { type OpenedMeter, type OpenMeterOptions, openMeterSession } from '../../protocol/meters/open-session';
import { appendAudit } from '../audit/append';
import type { AppContext } from '../core/context';
import type { Permission } from '../auth/permissions';
import { runMeterJob, type MeterJobKind } from './meter-access';
import { defaultLine, openMeterLink } from './meter-link';
import { sessionOptionsOf } from '../links/session-options';
import { requireTrustedWorkstationClock } from '../collect/time/reference';
import type { MeterAccess } from './types';

/**
 * Meter clock jobs for the CLI (`pmu time`) and the UI: read the clock and its drift, set it (Elster security
 * level 3), adjust it (Elster level 1/2 creep, at most ±7.5 min). Each job opens the port, signs on with the
 * dialect decided from the identification of the same session (protocol/meters/open-session.ts), does the job
 * through protocol/meters/clock.ts and ends with B0. PMU rule (../shared/reference/elster-dialect.md
 * "Programming audit"): a time set/adjust is not a reprogramming, so `setMeterClock` reads the programming
 * counter before and after to show it unchanged. A set or adjust is recorded in the audit trail (`clock.set`,
 * `clock.adjusted`, by `ctx.actor`, meter = `req.meterSerial` or the serial read by the scope check); reading the
 * clock changes nothing and is not recorded. The access rules apply here (./meter-access.ts: the password typed or
 * stored, the level the role allows; users limited to some meters have the serial number read right after sign-on,
 * and the job stops before anything is written when it is not theirs); the job's passwords never appear in its messages.
 * Times: `…Utc` ISO instants; `…Local` the meter's wall clock in `ctx.timeZone`; drift ms, positive = meter fast.
 * Errors: ProtocolError with plain-language messages (REFUSED for a refused password, an adjust beyond
 * ±7.5 min — the message says a level 3 set is needed —, or, when a trusted time reference is set up, this
 * computer's clock beyond `timeSync.maxOffsetSeconds` of it: main/collect/time/reference.ts).
 */

/** `readMeterClock` result. */
export interface MeterClockReading extends ClockReading {
  /** IANA zone the meter's wall clock was read in. */
  readonly timeZone: string;
  /** Identification line, e.g. `/GEC510051000000`. */
  readonly identification: string;
  /** Serial number (Elster 798, generic C.1.0), or null. */
  readonly serial: string | null;
}

/** `setMeterClock` result. */
export interface MeterClockSetResult {
  readonly before: ClockReading;
  readonly timeZone: string;
  /** Wall-clock time written, `YYYY-MM-DDThh:mm:ss`. */
  readonly writtenLocal: string;
  /** Elster programming counter (680) before / after the set (equal: a set is no reprogramming); absent for generic meters. */
  readonly programmingCounterBefore?: number;
  readonly programmingCounterAfter?: number;
}

/** `adjustMeterClock` result. */
export interface MeterClockAdjustResult {
  readonly before: ClockReading;
  readonly timeZone: string;
  readonly plan: ClockAdjustPlan;
  /** Wall-clock target written, or null when the clock was already right. */
  readonly writtenLocal: string | null;
}

type Progress = (p: ReadProgress) => void;

/** What a clock job is asked: the meter access the user gave, and the level 3 password of a set. */
type ClockRequest = MeterAccess & { readonly level3Password?: string };

/** Run `job` on an open programming session of the meter on `req.port`; always ends the session and closes the port. */
async function clockJob<T, R extends ClockRequest>(
  ctx: AppContext,
  request: R,
  progress: Progress | undefined,
  signal: AbortSignal | undefined,
  extra: Pick<OpenMeterOptions, 'passwordLevel' | 'onChoice'> & { readonly permission: Permission; readonly kind: MeterJobKind; readonly changesClock?: boolean },
  job: (m: OpenedMeter, say: (message: string) => void, serial: string | null, req: R) => Promise<T>,
): Promise<T> {
  // The access rules of the job (password typed or stored, level, meter scope): ./meter-access.ts.
  return runMeterJob(ctx, extra.permission, extra.kind, request, progress, (req, say) => clockSession(ctx, req, say, signal, extra, job));
}

async function clockSession<T, R extends ClockRequest>(
  ctx: AppContext,
  req: R,
  onProgress: Progress,
  signal: AbortSignal | undefined,
  extra: Pick<OpenMeterOptions, 'passwordLevel' | 'onChoice'> & { readonly changesClock?: boolean },
  job: (m: OpenedMeter, say: (message: string) => void, serial: string | null, req: R) => Promise<T>,
): Promise<T> {
  // A set or adjust only against a trusted time: this computer's clock checked against the reference (issue 14.5).
  if (extra.changesClock) await requireTrustedWorkstationClock(ctx.db, ctx.links, ctx.timeZone);
  let baud = 300;
  let identification: string | undefined;
  const say = (step: ReadProgress['step'], message: string, percent: number | null) =>
    onProgress({ step, message, baud, bytes: 0, expectedBytes: null, percent, identification });
  const line = req.line ?? defaultLine(req.meter);
  const link = await openMeterLink(ctx, { port: req.port, line, ...(signal ? { signal } : {}) }, (m) => say('open-port', m, 0));
  try {
    say('sign-on', 'Sign-on at 300 baud…', 5);
    const meter = await openMeterSession(link.transport, {
      ...sessionOptionsOf(link, req),
      meter: req.meter,
      password: req.password,
      passwordLevel: extra.passwordLevel ?? req.passwordLevel,
      signal,
      onBaud: (b) => (baud = b),
      onChoice: (choice, id) => {
        identification = id.raw;
        say('identification', `Meter identified: ${id.manufacturerId} ${id.ident}; ${choice.reason}.`, 10);
        extra.onChoice?.(choice, id);
      },
    });
    try {
      say('programming-mode', `Programming mode at ${meter.baud} baud.`, 20);
      // Read for a scope check, and for every change of the clock: the serial names the meter in the audit record
      // (issue 13.6). Only the scope check may fail the job; a meter that does not give its serial is recorded without.
      const serial = req.checkSerial ? await meter.readSerial() : extra.changesClock ? await meter.readSerial().catch(() => null) : null;
      req.checkSerial?.(serial);
      const result = await job(meter, (m) => say('programming-mode', m, 50), serial, req);
      say('break', 'Ending the session (B0).', 95);
      return result;
    } finally {
      await meter.close();
    }
  } finally {
    await link.close();
  }
}

/**
 * Read the meter clock and its drift from this computer's clock.
 * @throws ProtocolError (plain message): no answer, refused password, link lost, cancelled.
 */
export async function readMeterClock(ctx: AppContext, req: MeterAccess, onProgress?: Progress, signal?: AbortSignal): Promise<MeterClockReading> {
  return clockJob(ctx, req, onProgress, signal, { permission: 'meter.read', kind: 'clock-read' }, async (m, say) => {
    const serial = await m.readSerial();
    const c = await readClock(m.session, { timeZone: ctx.timeZone });
    say(`Meter clock ${describeDrift(c.driftMs)} (meter ${c.meterLocal.replace('T', ' ')}).`);
    return { ...c, timeZone: ctx.timeZone, identification: m.identification.raw, serial };
  });
}

/**
 * Set the meter clock to this computer's time at once. Elster: opens at `passwordLevel` (default 2) with
 * `password`, then security level 3 with `level3Password` (or `password` when absent); the programming counter
 * is read before and after. Generic: W5 0.9.2 / 0.9.1 after P1 `password`.
 * @throws ProtocolError: PasswordRefusedError (REFUSED) for a refused level 3 password, meter errors, link errors.
 */
export async function setMeterClock(
  ctx: AppContext,
  req: MeterAccess & { readonly level3Password?: string },
  onProgress?: Progress,
  signal?: AbortSignal,
): Promise<MeterClockSetResult> {
  return clockJob(ctx, req, onProgress, signal, { permission: 'meter.clock.set', kind: 'set', changesClock: true }, async (m, say, serial, access) => {
    const counterBefore = await m.readProgrammingCounter();
    const r = await setClock(m.session, { timeZone: ctx.timeZone, level3Password: access.level3Password });
    const counterAfter = await m.readProgrammingCounter();
    appendAudit(ctx, {
      action: 'clock.set',
      meterSerial: serial ?? access.meterSerial ?? null,
      object: `meter:${m.identification.raw}`,
      summary: {
        before: { meterLocal: r.before.meterLocal, driftMs: r.before.driftMs, programmingCounter: counterBefore },
        after: { writtenLocal: r.writtenLocal, timeZone: ctx.timeZone, programmingCounter: counterAfter },
      },
    });
    say(`Clock set to ${r.writtenLocal.replace('T', ' ')} (it was ${describeDrift(r.before.driftMs)}).`);
    return {
      before: r.before,
      timeZone: ctx.timeZone,
      writtenLocal: r.writtenLocal,
      ...(counterBefore === null ? {} : { programmingCounterBefore: counterBefore }),
      ...(counterAfter === null ? {} : { programmingCounterAfter: counterAfter }),
    };
  });
}

/**
 * Adjust (creep) the meter clock towards this computer's time: Elster meters at security level 1 (default;
 * `passwordLevel` 2 also adjusts), at most ±7.5 min in total and about 5 s per integration period (30 min).
 * @throws ProtocolError REFUSED (ClockAdjustTooLargeError) when the drift is beyond 7.5 min — a level 3 set is
 *   needed; METER_ERROR for a generic meter (IEC 62056-21 has no adjust; before the option select is sent) or a
 *   level 3 session; password and link errors.
 */
export async function adjustMeterClock(ctx: AppContext, req: MeterAccess, onProgress?: Progress, signal?: AbortSignal): Promise<MeterClockAdjustResult> {
  const onChoice: OpenMeterOptions['onChoice'] = (choice) => {
    if (choice.profile === 'generic') {
      throw new ProtocolError(
        'METER_ERROR',
        `This meter is read as a generic IEC 62056-21 meter (${choice.reason}). IEC 62056-21 has no standard clock-adjust (creep) command, so its clock can only be set: choose "set" instead.`,
      );
    }
  };
  return clockJob(ctx, req, onProgress, signal, { permission: 'meter.clock.adjust', kind: 'adjust', passwordLevel: req.passwordLevel ?? 1, onChoice, changesClock: true }, async (m, say, serial) => {
    const r = await adjustClock(m.session, { timeZone: ctx.timeZone });
    if (r.writtenLocal !== null) {
      appendAudit(ctx, {
        action: 'clock.adjusted',
        meterSerial: serial ?? req.meterSerial ?? null,
        object: `meter:${m.identification.raw}`,
        summary: {
          before: { meterLocal: r.before.meterLocal, driftMs: r.before.driftMs },
          after: { targetLocal: r.writtenLocal, correctionMs: r.plan.correctionMs, completesAfterMin: r.plan.completesAfterMin, timeZone: ctx.timeZone },
        },
      });
    }
    say(r.writtenLocal ? `Clock adjust of ${describeDrift(r.plan.correctionMs, false)} requested; the meter creeps ${r.plan.stepsMs.length} steps, done after about ${r.plan.completesAfterMin} min.` : 'The meter clock is right; nothing to adjust.');
    return { before: r.before, timeZone: ctx.timeZone, plan: r.plan, writtenLocal: r.writtenLocal };
  });
}
