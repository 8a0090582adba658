/**
 * Handlers of the programming calls (contract/schemes-programming.ts): parse → main/services/staging.ts,
 * program-access.ts, program.ts → map. The services check the permission and the meter / scheme-folder scope and
 * record every change in the audit trail.
 *
 * `program.start` answers at once with the job id and runs the programming service in the background as a job of the
 * app's MeterJobs (one job per port, shared with readings and clock jobs, `program.cancel` stops it): progress as
 * `programProgress` events, the end as one `programFinished` event. Who may upload with which password is decided by
 * main/services/program-access.ts BEFORE the job starts, so a refusal is this call's error; passwords are redacted
 * from every message.
 */
import { randomUUID } from 'node:crypto';
import type { CallResult } from '../../../contract';
import type { programmingCalls } from '../../../contract/schemes-programming';
import { callerAudience } from '../../auth/event-scope';
import type { AppContext } from '../../core/context';
import { programAccess } from '../../services/program-access';
import { meterUserIdOf } from '../../services/program-plan';
import {
  approveAs, certificateAs, deleteStagedAs, exportCertificateAs, listCertificatesAs, listStagedAs, programmingStateAs, stageAs, stagedDetailAs,
} from '../../services/staging';
import { defined } from '../args';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { plainError } from '../errors';
import { writtenFile, type EmitEvent, type OfferDownload } from '../events';
import { MeterJobs, redact } from '../jobs';
import type { SchemeServices } from '../services-schemes';

type ProgrammingCallNames = keyof typeof programmingCalls;

/** What the programming handlers need besides the context. */
export interface ProgrammingHandlerOptions {
  readonly services: SchemeServices;
  readonly emit: EmitEvent;
  /** The app's meter jobs (shared with the reading and clock calls so one port runs one job). */
  readonly jobs: MeterJobs;
  readonly offerDownload?: OfferDownload;
  /** Where technical details of failed background jobs go; default console.error. */
  readonly log?: (line: string) => void;
}

/** Build the programming handlers over `ctx`. */
export function createProgrammingHandlers(ctx: AppContext, opts: ProgrammingHandlerOptions): Pick<Handlers, ProgrammingCallNames> {
  const { services, emit, jobs } = opts;
  const log = opts.log ?? ((line: string) => console.error(line));

  return {
    'staging.list': async (f, call) => listStagedAs(acting(ctx, call), defined(f)),
    'staging.create': async (a, call) => stageAs(acting(ctx, call), a),
    'staging.get': async ({ id }, call) => stagedDetailAs(acting(ctx, call), id),
    'staging.approve': async ({ id }, call) => approveAs(acting(ctx, call), id),
    'staging.delete': async ({ id }, call) => {
      deleteStagedAs(acting(ctx, call), id);
      return { deleted: true };
    },

    'program.start': async ({ stagedId, port, password, jobId: chosen }, call) => {
      const c = acting(ctx, call);
      const access = programAccess(c, stagedId, password);
      const jobId = chosen ?? `program-${randomUUID()}`;
      const secrets = [password, ...access.secrets];
      const audience = callerAudience(call.caller, call.actor);
      const finished = (status: CallResult<'certificates.get'>['status'] | null, certificateJobId: number | null, error: string | null) =>
        emit('programFinished', { jobId, stagedId, status, certificateJobId, error: error === null ? null : redact(error, secrets) }, audience);
      let started = false;
      // MeterJobs.run checks the id and the port and calls the body synchronously: `started` tells at once
      // whether the job runs, so a busy port is refused by this call instead of by an event.
      const job = jobs.run(jobId, port, secrets, async (signal) => {
        started = true;
        return services.programStagedMeter(
          c,
          { stagedId, port, password: access.password, access, meterUserId: meterUserIdOf(c) },
          (p) => emit('programProgress', { jobId, stagedId, progress: { ...p, message: redact(p.message, secrets) } }, audience),
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

    'certificates.list': async ({ serial }, call) => listCertificatesAs(acting(ctx, call), defined({ serial })).map((c) => ({ ...c })),
    'certificates.get': async ({ jobId }, call) => certificateAs(acting(ctx, call), jobId),
    'certificates.export': async ({ jobId, format }, call) => {
      const w = await exportCertificateAs(acting(ctx, call), jobId, format);
      return { ...writtenFile(w.path, w.fileName, opts.offerDownload), text: w.text };
    },
    'meters.programmingState': async ({ serial }, call) => ({ ...programmingStateAs(acting(ctx, call), serial) }),
  };
}
