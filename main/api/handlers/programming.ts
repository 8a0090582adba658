/**
 * Handlers of the programming calls (contract/schemes-programming.ts): staged programs (a scheme
 * version + one meter's data; approval refused while the scheme has validation errors for the meter model or
 * cannot be compiled), programming a meter as a background job, certificates, a meter's programming state.
 *
 * `program.start` answers at once with the job id and runs the programming service in the background as a
 * job of the app's MeterJobs (one job per port, shared with readings and clock jobs, `program.cancel` stops
 * it): progress as `programProgress` events, the end as one `programFinished` event. Only approved programs are
 * uploaded (a draft is refused). Before the job starts, main/api/meter-access.ts decides the password like the
 * meter calls: the staged password level must not exceed the role's highest (technicians: level 1, so an Elster
 * upload at level 3 is refused in plain words), the meter must be in the user's meter groups, and with no typed
 * password the stored one of the meter (its group, or the default) is used. The meter password goes to the service
 * only; messages that contain it are redacted.
 * Audit: staged, approved and deleted through main/services/program-records.ts (same transaction as the change);
 * the upload's `program.uploaded` / `program.uploadFailed` by the programming service itself (shared with
 * `pmu program`); `certificate.exported` right after the file is written. A user limited to some meter groups
 * sees and works on only the staged programs, certificates and programming state of those meters (./object-scope.ts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CallResult } from '../../../contract';
import type { programmingCalls } from '../../../contract/schemes-programming';
import type { ProgrammingCertificate, StagedProgram } from '../../../schemes/program';
import { appendAudit } from '../../audit/append';
import type { MeterLevel } from '../../secrets/credentials';
import type { AppContext } from '../../core/context';
import { approveProgram, deleteProgram, stageProgram } from '../../services/program-records';
import { getCertificate, listCertificates, meterProgrammingState } from '../../store/programming-jobs';
import { getSchemeVersion } from '../../store/schemes';
import { getStagedProgram, listStagedPrograms } from '../../store/staging';
import { actingContext, meterUserIdOf } from '../actor';
import { actorOf, type CallContext } from '../call-context';
import type { Handlers } from '../dispatch';
import { ApiError, plainError } from '../errors';
import type { EmitEvent } from './index';
import { writeExportText } from './schemes';
import { MeterJobs, redact } from '../jobs';
import { prepareMeterAccess } from '../../services/meter-access';
import { objectScope } from '../../services/object-scope';
import type { SchemeServices } from '../services-schemes';

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

  /** Staged program `id`, refused (FORBIDDEN) when its meter is outside the caller's meter groups. */
  const stagedFor = (id: number, call: CallContext): StagedProgram => {
    const staged = getStagedProgram(db, id);
    objectScope(db, call).requireMeter(staged.meter.serial);
    return staged;
  };
  /** The certificate of job `jobId`, refused (FORBIDDEN) when its meter is outside the caller's meter groups. */
  const certificateFor = (jobId: number, call: CallContext): ProgrammingCertificate => {
    const cert = getCertificate(db, jobId);
    objectScope(db, call).requireMeter(cert.meter.serial);
    return cert;
  };

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
    'staging.list': async ({ serial, status }, call) => {
      const scope = objectScope(db, call);
      return listStagedPrograms(db, { ...(serial !== undefined ? { serial } : {}), ...(status !== undefined ? { status } : {}) }).filter((p) => scope.meterAllowed(p.meter.serial));
    },

    'staging.create': async ({ schemeStoreId, schemeVersion, meter }, call) => {
      const scope = objectScope(db, call);
      scope.requireScheme(schemeStoreId);
      scope.requireMeter(meter.serial);
      return stageProgram(actingContext(ctx, call), { schemeStoreId, schemeVersion, meter });
    },

    'staging.get': async ({ id }, call) => detail(stagedFor(id, call), call),

    'staging.approve': async ({ id }, call) => {
      const d = detail(stagedFor(id, call), call);
      if (d.staged.status === 'draft' && d.plan === null) throw new ApiError('NOT_PROGRAMMABLE', `This program cannot be approved. ${d.planError ?? ''}`.trim());
      return approveProgram(actingContext(ctx, call), id);
    },

    'staging.delete': async ({ id }, call) => {
      stagedFor(id, call);
      deleteProgram(actingContext(ctx, call), id);
      return { deleted: true };
    },

    'program.start': async ({ stagedId, port, password, jobId: chosen }, call) => {
      const staged = getStagedProgram(db, stagedId);
      if (staged.status === 'draft') {
        throw new ApiError('NOT_APPROVED', 'This program is still a draft: an engineer must approve it before it can be uploaded to the meter.');
      }
      const c = actingContext(ctx, call);
      // The staged password level against the role's highest, the meter against the user's meter groups, and the
      // stored password of the meter (its group, or the default) when none was typed (meter-access.ts).
      const access = prepareMeterAccess(
        c,
        actorOf(call),
        {
          ...(password !== undefined ? { password } : {}),
          passwordLevel: staged.meter.passwordLevel as MeterLevel,
          meterSerial: staged.meter.serial,
          // An engineer's approval lets the stored password of the staged level be used (meter-access.ts).
          ...(staged.approvedBy !== null ? { approvedLevel: staged.meter.passwordLevel as MeterLevel } : {}),
        },
        'program',
      );
      if (access.password === undefined && staged.meterModel !== 'generic') {
        throw new ApiError(
          'PASSWORD_NEEDED',
          `Programming an ${staged.meterModel} needs its security level ${staged.meter.passwordLevel} password: type it, or ask an administrator to store it for meter ${staged.meter.serial}.`,
        );
      }
      const jobId = chosen ?? `program-${randomUUID()}`;
      const secrets = [password, ...access.secrets];
      const finished = (status: CallResult<'certificates.get'>['status'] | null, certificateJobId: number | null, error: string | null) =>
        emit('programFinished', { jobId, stagedId, status, certificateJobId, error: error === null ? null : redact(error, secrets) });
      let started = false;
      // MeterJobs.run checks the id and the port and calls the body synchronously: `started` tells at once
      // whether the job runs, so a busy port is refused by this call instead of by an event.
      const job = jobs.run(jobId, port, secrets, async (signal) => {
        started = true;
        return services.programStagedMeter(
          c,
          { stagedId, port, password: access.password ?? null, meterUserId: meterUserIdOf(ctx, call, services.meterUserIdFor) },
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

    'certificates.list': async ({ serial }, call) => {
      const scope = objectScope(db, call);
      return listCertificates(db, serial !== undefined ? { serial } : {}).filter((c) => scope.meterAllowed(c.meterSerial)).map((c) => ({ ...c }));
    },
    'certificates.get': async ({ jobId }, call) => certificateFor(jobId, call),
    'certificates.export': async ({ jobId, format }, call) => {
      const cert = certificateFor(jobId, call);
      const text = services.certificateFile(cert, format);
      const serial = cert.meter.serial.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 32) || 'meter';
      const written = await writeExportText(ctx, `certificate_${serial}_job${jobId}.${format}`, text, opts.offerDownload);
      // The file is written first (atomically); its record right after.
      appendAudit(actingContext(ctx, call), {
        action: 'certificate.exported',
        meterSerial: cert.meter.serial,
        object: `certificate:${jobId}`,
        traceRef: `certificate:${jobId}`,
        summary: { after: { format, file: path.basename(written.path), status: cert.status } },
      });
      return written;
    },

    'meters.programmingState': async ({ serial }, call) => {
      objectScope(db, call).requireMeter(serial);
      return { ...meterProgrammingState(db, serial) };
    },
  };
}
