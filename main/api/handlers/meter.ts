/**
 * The meter calls of the contract (contract/meter.ts): read a meter, and check / adjust / set its
 * clock. Each runs as a job of the app's MeterJobs (one per id and per port, `cancelRead` stops it) and
 * reports progress as `readProgress` events tagged with the job id.
 * Secrets: passwords go to the services and nowhere else — results are built field by field from what the
 * contract allows (never by spreading a service's object), and progress or error messages that contain a
 * password are redacted (jobs.ts). The password level, stored passwords and the user's meter scope are decided
 * by meter-access.ts before the job starts; services get the per-call context (`acting`) naming the user.
 */
import type { ReadProgress } from '../../../protocol/iec62056-21/progress';
import { callerAudience, type EventAudience } from '../../auth/event-scope';
import type { ContractEvents, EventName } from '../../../contract';
import type { AppContext } from '../../core/context';
import { acting, actorOf, type CallContext } from '../call-context';
import type { Handlers } from '../dispatch';
import { MeterJobs, redact } from '../jobs';
import { prepareMeterAccess, type MeterJobKind, type PreparedAccess } from '../../services/meter-access';
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
  const access = (a: Pick<MeterClockRequest, 'port' | 'address' | 'meter'>, p: PreparedAccess): MeterClockRequest =>
    defined({
      port: a.port, address: a.address, meter: a.meter, password: p.password, passwordLevel: p.passwordLevel, meterSerial: p.meterSerial, checkSerial: p.checkSerial,
    });
  /** The per-call context and the job's access (level, password typed or stored, scope check). */
  const prepare = (a: Parameters<typeof prepareMeterAccess>[2], call: CallContext, kind: MeterJobKind) => {
    const c = acting(ctx, call);
    return { c, p: prepareMeterAccess(c, actorOf(call), a, kind) };
  };

  return {
    readMeter: async (a, call) => {
      const { c, p } = prepare(a, call, 'read');
      const secrets = [a.password, ...p.secrets];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const o = await services.readMeter(
          c,
          {
            ...access(a, p),
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
      const { c: cx, p } = prepare(a, call, 'clock-read');
      const secrets = [a.password, ...p.secrets];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const c = await services.readMeterClock(cx, access(a, p), progressOf(a.jobId, secrets, call), signal);
        return { ...instant(c), timeZone: c.timeZone, identification: c.identification, serial: c.serial };
      });
    },

    adjustClock: async (a, call) => {
      const { c, p } = prepare(a, call, 'adjust');
      const secrets = [a.password, ...p.secrets];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const r = await services.adjustMeterClock(c, access(a, p), progressOf(a.jobId, secrets, call), signal);
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
      const { c, p } = prepare(a, call, 'set');
      const secrets = [a.password, a.level3Password, ...p.secrets];
      return jobs.run(a.jobId, a.port, secrets, async (signal) => {
        const r = await services.setMeterClock(
          c,
          { ...access(a, p), ...defined({ level3Password: p.level3Password }) },
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
