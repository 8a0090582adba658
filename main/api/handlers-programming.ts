/**
 * Handlers of the programming calls (preload/contract-schemes-programming.ts): staged programs (a scheme
 * version + one meter's data; approval refused while the scheme has validation errors for the meter model or
 * cannot be compiled), programming a meter as a background job, certificates, a meter's programming state.
 *
 * `program.start` answers at once with the job id and runs the programming service in the background as a
 * job of the app's MeterJobs (one job per port, shared with readings and clock jobs, `program.cancel` stops
 * it): progress as `programProgress` events, the end as one `programFinished` event. The meter password goes to
 * the service only; messages that contain it are redacted.
 */
import { randomUUID } from 'node:crypto';
import type { CallResult } from '../../preload/contract';
import type { programmingCalls } from '../../preload/contract-schemes-programming';
import type { StagedProgram } from '../../schemes/program';
import type { AppContext } from '../services/context';
import { getCertificate, listCertificates, meterProgrammingState } from '../store/programming-jobs';
import { getSchemeVersion } from '../store/schemes';
import { approveStagedProgram, createStagedProgram, deleteStagedProgram, getStagedProgram, listStagedPrograms } from '../store/staging';
import { actingContext, actorName, meterUserIdOf } from './actor';
import type { CallContext } from './call-context';
import type { Handlers } from './dispatch';
import { ApiError, plainError } from './errors';
import type { EmitEvent } from './handlers';
import { writeExportText } from './handlers-schemes';
import { MeterJobs, redact } from './jobs';
import type { SchemeServices } from './services-schemes';

type ProgrammingCallNames = keyof typeof programmingCalls;

/** What the programming handlers need besides the context. */
export interface ProgrammingHandlerOptions {
  readonly services: SchemeServices;
  readonly emit: EmitEvent;
  /** The app's meter jobs (shared with the reading and clock calls so one port runs one job). */
  readonly jobs: MeterJobs;
  readonly offerDownload?: (file: string, fileName: string) => string;
  /** Where technical details of failed background jobs go; default console.error. */
  readonly log?: (line: string) => void;
}

/** Build the programming handlers over `ctx`. */
export function createProgrammingHandlers(ctx: AppContext, opts: ProgrammingHandlerOptions): Pick<Handlers, ProgrammingCallNames> {
  const { services, emit, jobs } = opts;
  const db = ctx.db;
  const log = opts.log ?? ((line: string) => console.error(line));

  /** The staged program's scheme problems for its model, and its plan (or why there is none). */
  const detail = (staged: StagedProgram, call: CallContext): CallResult<'staging.get'> => {
    const content = getSchemeVersion(db, staged.schemeStoreId, staged.schemeVersion).content;
    const problems = services.validateScheme(content, { model: staged.meterModel }).map((p) => ({ ...p }));
    const meterUserId = meterUserIdOf(ctx, call, services.meterUserIdFor);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      const n = errors.length;
      return {
        staged, problems, meterUserId, plan: null,
        planError: `The scheme has ${n} error${n === 1 ? '' : 's'} for the ${staged.meterModel} (first: ${errors[0]!.message}). Fix the scheme, save it and stage the new version.`,
      };
    }
    try {
      return { staged, problems, meterUserId, plan: services.compileProgram(content, staged.meter, staged.meterModel, { meterUserId }), planError: null };
    } catch (err) {
      const plain = plainError(err instanceof RangeError && err.message.trim() !== '' ? new Error(err.message) : err);
      if (plain.logDetail) log(`pmu: compiling staged program ${staged.id} failed: ${plain.logDetail}`);
      return { staged, problems, meterUserId, plan: null, planError: plain.message };
    }
  };

  return {
    'staging.list': async ({ serial, status }) =>
      listStagedPrograms(db, { ...(serial !== undefined ? { serial } : {}), ...(status !== undefined ? { status } : {}) }),

    'staging.create': async ({ schemeStoreId, schemeVersion, meter }, call) =>
      createStagedProgram(db, { schemeStoreId, schemeVersion, meter, by: actorName(ctx, call) }),

    'staging.get': async ({ id }, call) => detail(getStagedProgram(db, id), call),

    'staging.approve': async ({ id }, call) => {
      const d = detail(getStagedProgram(db, id), call);
      if (d.staged.status === 'draft' && d.plan === null) throw new ApiError('NOT_PROGRAMMABLE', `This program cannot be approved. ${d.planError ?? ''}`.trim());
      return approveStagedProgram(db, id, actorName(ctx, call));
    },

    'staging.delete': async ({ id }) => {
      deleteStagedProgram(db, id);
      return { deleted: true };
    },

    'program.start': async ({ stagedId, port, password, jobId: chosen }, call) => {
      const staged = getStagedProgram(db, stagedId);
      if (staged.status === 'draft') {
        throw new ApiError('NOT_APPROVED', 'This program is still a draft: an engineer must approve it before it can be uploaded to the meter.');
      }
      const jobId = chosen ?? `program-${randomUUID()}`;
      const secrets = [password];
      const finished = (status: CallResult<'certificates.get'>['status'] | null, certificateJobId: number | null, error: string | null) =>
        emit('programFinished', { jobId, stagedId, status, certificateJobId, error: error === null ? null : redact(error, secrets) });
      let started = false;
      // MeterJobs.run checks the id and the port and calls the body synchronously: `started` tells at once
      // whether the job runs, so a busy port is refused by this call instead of by an event.
      const job = jobs.run(jobId, port, secrets, async (signal) => {
        started = true;
        return services.programStagedMeter(
          actingContext(ctx, call),
          { stagedId, port, password: password ?? null, meterUserId: meterUserIdOf(ctx, call, services.meterUserIdFor) },
          (p) => emit('programProgress', { jobId, stagedId, progress: { ...p, message: redact(p.message, secrets) } }),
          signal,
        );
      });
      if (!started) await job;
      job.then(
        (cert) => finished(cert.status, cert.jobId, cert.error),
        (err: unknown) => {
          const plain = plainError(err);
          if (plain.logDetail) log(`pmu: programming job ${jobId} failed: ${redact(plain.logDetail, secrets)}`);
          finished(null, null, plain.message);
        },
      );
      return { jobId };
    },

    'program.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),

    'certificates.list': async ({ serial }) => listCertificates(db, serial !== undefined ? { serial } : {}).map((c) => ({ ...c })),
    'certificates.get': async ({ jobId }) => getCertificate(db, jobId),
    'certificates.export': async ({ jobId, format }) => {
      const cert = getCertificate(db, jobId);
      const text = services.certificateFile(cert, format);
      const serial = cert.meter.serial.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 32) || 'meter';
      return writeExportText(ctx, `certificate_${serial}_job${jobId}.${format}`, text, opts.offerDownload);
    },

    'meters.programmingState': async ({ serial }) => ({ ...meterProgrammingState(db, serial) }),
  };
}
