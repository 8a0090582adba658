import type { PlanStep } from '../../programming/upload';
import { compareReadBack } from '../../programming/compile';
import type { ProgrammingLog } from '../../protocol/meters/elster/events';
import type { ProgramDifference, ProgramPlan, ProgrammingCertificate, StagedProgram } from '../../programming/plan';
import { hasErrors, validateScheme } from '../../schemes/validate';
import { programAccess, type ProgramAccess } from './program-access';
import { compilePlan, meterUserIdOf } from './program-plan';
import { startProgrammingJob } from '../store/programming-jobs';
import { type StoredSchemeVersion, getSchemeVersion } from '../store/schemes';
import type { AppContext } from '../core/context';
import { type LineFormat, defaultLine } from './meter-link';
import { delegatedUse, type DelegatedUse } from './delegation';
import { type LoadedDefinitions, dataDirOf, definitionsDir, loadMeterDefinitions } from './meter-definitions';
import { recordProgrammingOutcome } from './program-records';
import { type MeterRun, type RunStep, runProgramming } from './program-run';
import type { ProgramProgressView } from '../../contract';

/**
 * Program a meter with an approved staged program (issue 4 "Compile and program"), for the CLI (`pmu program`), the
 * UI (main/api/handlers/programming.ts) and browser mode alike:
 * 1. before a job exists (these THROW, plain messages, nothing is recorded): load the staged program and its scheme
 *    version from the store, refuse a draft, validate the scheme for the meter model (schemes/validate.ts), check the
 *    password and level an Elster meter needs (security level 3), compile the plan (programming/compile.ts);
 * 2. record the job (startProgrammingJob) and run the meter side (program-run.ts): open the port, sign on, refuse a
 *    different meter ("This meter is 12345679, the staged program is for 12345678. Nothing was written."), read the
 *    clock and programming counter, upload with progress per write, read back, counter again, B0;
 * 3. compare the read back with the plan (differences explained in scheme terms), build the programming
 *    certificate and record it (./program-records.ts recordProgrammingOutcome: the staged program becomes programmed /
 *    partially-programmed / failed, and the audit trail gets `program.uploaded` or `program.uploadFailed` under
 *    `ctx.actor` — the one place for the UI and the CLI), also when the meter or link failed — from step 2 on this
 *    function does not throw for those.
 * Status: nothing written → failed; some writes not acknowledged → partially-programmed (written / notWritten);
 * all written and read back equal → verified; all written but read back differs or could not be read → differences.
 */

/**
 * A programming request. `password` is the meter password TYPED for the staged level (Elster: level 3), or null to
 * use the stored one (./program-access.ts decides); `access` = that decision already made by the caller (the UI's
 * `program.start` makes it before answering, so a refusal is the call's error, not an event).
 */
export interface ProgramRequest {
  readonly stagedId: number;
  readonly port: string;
  readonly password: string | null;
  readonly access?: ProgramAccess;
  /** The programmer's ID written to the meter; default `meterUserIdFor(ctx.operator)`. */
  readonly meterUserId?: string;
  /** Serial line format; default 8N1 for an Elster model (as `pmu read --meter a1140`), 7E1 for a generic meter. */
  readonly line?: LineFormat;
  /** Device address for the sign-on; default any meter on the probe. */
  readonly address?: string;
}

/** Progress of a programming job. `percent` = whole-job completion 0…100 (null when unknown). */
export type ProgramProgress = ProgramProgressView;

export { DRAFT_MESSAGE } from './program-access';
export { meterUserIdFor } from './program-plan';

const PERCENT: Record<RunStep | 'store' | 'done', number> = {
  'open-port': 0, 'sign-on': 3, 'check-meter': 7, 'counter-before': 9, write: 10, 'read-back': 80, 'counter-after': 95, store: 97, done: 100,
};

interface Prepared {
  readonly staged: StagedProgram;
  readonly version: StoredSchemeVersion;
  readonly plan: ProgramPlan;
  readonly meterUserId: string;
  readonly password: string | null;
  readonly definitions: LoadedDefinitions;
  /** The delegated use of a meter's stored password (./delegation.ts), or undefined. */
  readonly delegation: DelegatedUse | undefined;
}

/** Step 1 (module comment). @throws Error / StoreError with a plain message. */
function prepare(ctx: AppContext, req: ProgramRequest): Prepared {
  const access = req.access ?? programAccess(ctx, req.stagedId, req.password);
  const { staged, password } = access;
  // A meter's own stored password above the user's role: the meter on the probe is checked before it is sent.
  const delegation = delegatedUse(ctx, access, req.port, staged.meter.passwordLevel);
  const version = getSchemeVersion(ctx.db, staged.schemeStoreId, staged.schemeVersion);
  const errors = validateScheme(version.content, { model: staged.meterModel }).filter((p) => p.severity === 'error');
  if (hasErrors(errors)) {
    const list = errors.slice(0, 5).map((p) => p.message.replace(/([^.!?])$/, '$1.')).join(' ');
    throw new Error(`Scheme ${version.content.id} version ${version.version} has ${errors.length} error${errors.length === 1 ? '' : 's'} and cannot be uploaded: ${list}${errors.length > 5 ? ' …' : ''} Fix the scheme and stage it again.`);
  }
  const meterUserId = req.meterUserId ?? meterUserIdOf(ctx);
  const definitions = loadMeterDefinitions(dataDirOf(ctx));
  if (definitions.problems.length > 0) throw new Error(`${definitions.problems.map((p) => p.message).join(' ')} Correct or remove the file, then try again.`);
  return { staged, version, plan: compilePlan(version.content, staged, meterUserId, definitions.files), meterUserId, password, definitions, delegation };
}

const counterOf = (c: ProgrammingLog | null) => (c === null ? null : { count: c.count, lastTimesUtc: c.entries.map((e) => e.at.utc) });

/** The certificate's status from what the run achieved and the differences found. */
function statusOf(run: MeterRun, differences: readonly ProgramDifference[]): ProgrammingCertificate['status'] {
  if (run.written.length === 0) return 'failed';
  if (run.notWritten.length > 0) return 'partially-programmed';
  return differences.length > 0 || run.error !== null ? 'differences' : 'verified';
}

/**
 * Program the meter on `req.port` with approved staged program `req.stagedId` (see the module comment); progress to
 * `onProgress`; `signal` cancels (between writes, and any exchange in progress).
 * @returns the programming certificate, also stored with the job.
 * @throws Error / StoreError (plain) before the job starts: staged program not found, still a draft, scheme errors,
 *   missing level-3 password, a scheme that does not compile for the model. StoreError when the store itself fails.
 */
export async function programStagedMeter(
  ctx: AppContext,
  req: ProgramRequest,
  onProgress: (p: ProgramProgress) => void,
  signal?: AbortSignal,
): Promise<ProgrammingCertificate> {
  const { staged, version, plan, meterUserId, password, definitions, delegation } = prepare(ctx, req);
  const dataDir = dataDirOf(ctx);
  const startedUtc = new Date().toISOString();
  const jobId = startProgrammingJob(ctx.db, { stagedId: staged.id, meterSerial: staged.meter.serial, port: req.port, operator: ctx.operator, startedUtc });
  const total = plan.writes.length;
  let done = 0;
  let bytesDone = 0;
  const say = (step: ProgramProgress['step'], message: string, percent: number | null) => onProgress({ step, message, writesDone: done, writesTotal: total, percent });
  const run = await runProgramming(ctx, {
    port: req.port,
    model: staged.meterModel,
    meter: staged.meter,
    plan,
    password,
    line: req.line ?? defaultLine(staged.meterModel === 'generic' ? 'generic' : staged.meterModel === 'A1700' ? 'a1700' : 'a1140'),
    address: req.address,
    signal,
    ...(delegation ? { delegation } : {}),
    definitions: definitions.files,
    definitionsDir: dataDir === null ? 'the data directory\'s meter-definitions folder' : definitionsDir(dataDir),
    onStep: (step: RunStep, message: string, p?: PlanStep) => {
      if (step === 'write' && p) {
        done = p.done;
        bytesDone += p.write.command === 'W1' ? p.write.value.length / 2 : p.write.value.length;
        return say(step, message, Math.round(PERCENT.write + (70 * bytesDone) / Math.max(1, plan.totalBytes)));
      }
      if (step === 'read-back' && p) return say(step, message, Math.round(PERCENT['read-back'] + (15 * p.done) / Math.max(1, p.total)));
      say(step, message, PERCENT[step]);
    },
  });
  const differences = run.readBackDone ? compareReadBack(plan, run.readBack, version.content) : [];
  const status = statusOf(run, differences);
  say('store', 'Storing the programming certificate…', PERCENT.store);
  const finishedUtc = new Date().toISOString();
  const certificate: ProgrammingCertificate = {
    certificateVersion: 1,
    jobId,
    status,
    scheme: { storeId: version.schemeStoreId, version: version.version, id: version.content.id, name: version.content.name, contentSha256: version.contentSha256 },
    meter: { ...staged.meter, model: staged.meterModel, identification: run.identification, manufacturer: run.manufacturer },
    port: req.port,
    seenSerial: run.seenSerial,
    operator: ctx.operator,
    meterUserId,
    stagedBy: staged.createdBy,
    approvedBy: staged.approvedBy,
    approvedUtc: staged.approvedUtc,
    startedUtc,
    finishedUtc,
    meterTimeLocal: run.meterTimeLocal,
    counterBefore: counterOf(run.counterBefore),
    counterAfter: counterOf(run.counterAfter),
    written: run.written,
    notWritten: run.notWritten,
    readBack: [...run.readBack].map(([address, value]) => ({ address, value })),
    differences,
    error: run.error,
    emulated: run.emulated,
    definitionFiles: run.definitionFiles,
  };
  recordProgrammingOutcome(ctx, jobId, { status, error: run.error, certificate, finishedUtc });
  say('done', status === 'verified' ? 'Programmed and verified.' : `Finished: ${status}.`, PERCENT.done);
  return certificate;
}
