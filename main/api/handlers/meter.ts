/**
 * The meter calls of the contract (contract/meter.ts): read a meter, and check / adjust / set its
 * clock. Each runs as a job of the app's MeterJobs (one per id and per port, `cancelRead` stops it) and
 * reports progress as `readProgress` events tagged with the job id.
 * Secrets: passwords go to the services and nowhere else — results are built field by field from what the
 * contract allows (never by spreading a service's object), and progress or error messages that contain a
 * password are redacted (jobs.ts). The password level, stored passwords and the user's meter scope are decided by
 * the services (main/services/meter-access.ts): the handlers pass on what the user typed, with the per-call context
 * (`acting`) naming the user.
 */
import type { ReadProgress } from '../../../protocol/iec62056-21/progress';
import { callerAudience, type EventAudience } from '../../auth/event-scope';
import type { ContractEvents, EventName } from '../../../contract';
import type { AppContext } from '../../core/context';
import { acting, type CallContext } from '../call-context';
import type { Handlers } from '../dispatch';
import { MeterJobs, redact } from '../jobs';
import type { ClockInstant, MeterClockRequest, Services } from '../services';

type MeterHandlerNames = 'readMeter' | 'cancelRead' | 'readClock' | 'adjustClock' | 'setClock';


/** `obj` without its undefined fields (the services tell "absent" from "undefined" by `in`). */
function defined<T extends Record<string, unknown>>(obj: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** The clock fields the contract shows (nothing else of a service's object). */
function instant(c: ClockInstant): ClockInstant {
  return { meterLocal: c.meterLocal, meterUtc: c.meterUtc, readAtUtc: c.readAtUtc, driftMs: c.driftMs };
}

/** Build the meter handlers over `ctx`. */
/** Sends one contract event to the receivers its audience allows (same shape as handlers/index.ts EmitEvent). */
type Emit = <E extends EventName>(event: E, payload: ContractEvents[E], audience: EventAudience) => void;

export function createMeterHandlers(ctx: AppContext, opts: { emit: Emit; services: Services; jobs?: MeterJobs }): Pick<Handlers, MeterHandlerNames> {
  const { emit, services } = opts;
  // The app passes its one registry (shared with programming jobs); alone, the meter calls get their own.
  const jobs = opts.jobs ?? new MeterJobs();
  /** Progress callback of job `jobId` started by `call`: the event (to that caller only), the job's secrets removed from its message. */
  const progressOf = (jobId: string, secrets: readonly (string | undefined)[], call: CallContext) => {
    const audience = callerAudience(call.caller, call.actor);
    return (p: ReadProgress) => emit('readProgress', { jobId, progress: { ...p, message: redact(p.message, secrets) } }, audience);
  };
  /** The meter access the user gave (the service decides the password, level and scope from it). */
  const access = (a: Pick<MeterClockRequest, 'port' | 'address' | 'meter' | 'password' | 'passwordLevel' | 'meterSerial'>): MeterClockRequest =>
    defined({ port: a.port, address: a.address, meter: a.meter, password: a.password, passwordLevel: a.passwordLevel, meterSerial: a.meterSerial });

  return {
    readMeter: async (a, call) => {
      const c = acting(ctx, call);
      const secrets = [a.password];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const o = await services.readMeter(
          c,
          {
            ...access(a),
            ...defined({
              maxBaud: a.maxBaud,
              loadProfile: a.loadProfile,
              profileFromUtc: a.profileFromUtc,
              profileToUtc: a.profileToUtc,
              profileAll: a.profileAll,
              events: a.events,
              listen: a.listen,
            }),
          },
          progressOf(a.jobId, secrets, call),
          signal,
        );
        return {
          readingId: o.readingId,
          duplicate: o.duplicate,
          resPath: o.resPath,
          registerCount: o.registerCount,
          intervalCount: o.intervalCount,
          serial: o.serial,
          identification: o.identification,
          elapsedSeconds: o.elapsedSeconds,
          notes: o.notes.map((n) => redact(n, secrets)),
        };
      });
    },

    cancelRead: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),

    readClock: async (a, call) => {
      const cx = acting(ctx, call);
      const secrets = [a.password];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const c = await services.readMeterClock(cx, access(a), progressOf(a.jobId, secrets, call), signal);
        return { ...instant(c), timeZone: c.timeZone, identification: c.identification, serial: c.serial };
      });
    },

    adjustClock: async (a, call) => {
      const c = acting(ctx, call);
      const secrets = [a.password];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const r = await services.adjustMeterClock(c, access(a), progressOf(a.jobId, secrets, call), signal);
        const plan = r.plan;
        return {
          before: instant(r.before),
          timeZone: ctx.timeZone,
          plan: {
            driftMs: plan.driftMs,
            correctionMs: plan.correctionMs,
            stepsMs: [...plan.stepsMs],
            integrationPeriodMin: plan.integrationPeriodMin,
            completesAfterMin: plan.completesAfterMin,
          },
          writtenLocal: r.writtenLocal,
        };
      });
    },

    setClock: async (a, call) => {
      const c = acting(ctx, call);
      const secrets = [a.password, a.level3Password];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const r = await services.setMeterClock(
          c,
          { ...access(a), ...defined({ level3Password: a.level3Password }) },
          progressOf(a.jobId, secrets, call),
          signal,
        );
        return {
          before: instant(r.before),
          timeZone: ctx.timeZone,
          writtenLocal: r.writtenLocal,
          programmingCounterBefore: r.programmingCounterBefore ?? null,
          programmingCounterAfter: r.programmingCounterAfter ?? null,
        };
      });
    },
  };
}
