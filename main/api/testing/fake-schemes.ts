/**
 * Fakes of the scheme services (main/api/services-schemes.ts) for the API tests. Validation and the scheme file
 * codec are the real pure modules (schemes/validate.ts, schemes/scheme-file.ts); the compiler, the programming
 * service, the certificate text and the holiday sources are small fakes that record what they got:
 * - `compileProgram`: one W5 write per day profile plus the scheme ID; a RangeError when the plan is made to fail;
 * - `programStagedMeter`: refuses drafts, records a job in the store (main/store/programming-jobs.ts), reports
 *   `open-port` and `write`, then waits for `releaseProgram()` (→ verified) or the abort signal (→ a
 *   partially-programmed certificate), stores the certificate with its audit record through the real
 *   main/services/program-records.ts `recordProgrammingOutcome` (as the real service does) and returns it;
 * - `certificateFile`: the certificate as JSON, a four-line text or a two-line CSV;
 * - holidays: two German public holidays per year; iCal text must start with `BEGIN:VCALENDAR`.
 * Used by main/api/*.test.ts only.
 */
import type { ProgramProgressView } from '../../../contract';
import { parseSchemeFile, serializeScheme } from '../../../schemes/scheme-file';
import { validateScheme } from '../../../schemes/validate';
import type { ProgrammingCertificate, ProgramPlan } from '../../../programming/plan';
import { recordProgrammingOutcome } from '../../services/program-records';
import { startProgrammingJob } from '../../store/programming-jobs';
import { getSchemeVersion } from '../../store/schemes';
import { getStagedProgram } from '../../store/staging';
import type { ProgramJobRequest, SchemeServices } from '../services-schemes';
import { meterUserIdOf } from '../../services/program-plan';

/** The fake scheme services and what they saw. */
export interface FakeSchemeServices extends SchemeServices {
  /** Programming requests as received (passwords included, to check they arrived). */
  readonly programRequests: ProgramJobRequest[];
  /** Let the running fake programming job finish as verified. */
  releaseProgram(): void;
  /** Resolves once a fake programming job has reported its first progress. */
  readonly programStarted: Promise<void>;
  /** Make `compileProgram` throw a RangeError with this plain message (null = compile normally again). */
  failCompile(message: string | null): void;
}

/** Fake scheme services (see file comment). `leakPasswords`: a careless service that puts the password into its messages. */
export function fakeSchemeServices(opts: { leakPasswords?: boolean } = {}): FakeSchemeServices {
  const programRequests: ProgramJobRequest[] = [];
  let release = (): void => undefined;
  let markStarted = (): void => undefined;
  const programStarted = new Promise<void>((r) => (markStarted = r));
  let failCompileWith: string | null = null;
  const fakes: FakeSchemeServices = {
    programRequests,
    programStarted,
    failCompile: (message) => {
      failCompileWith = message;
    },
    releaseProgram: () => release(),
    validateScheme: (input, o) => validateScheme(input, { ...(o.model ? { model: o.model } : {}), years: o.years ?? [2027] }),
    parseSchemeFile: (text) => parseSchemeFile(text, { years: [2027] }),
    serializeScheme,
    compileProgram: (scheme, meter, model, { meterUserId }): ProgramPlan => {
      if (failCompileWith !== null) throw new RangeError(failCompileWith);
      const write = (address: string, value: string, part: ProgramPlan['writes'][number]['part'], schemePath: string) => ({
        command: 'W5' as const, address, value, part, schemePath, description: `Write ${address}`, verify: true, provenance: 'assumption',
      });
      const writes = [
        write('0.0.96.1.10', scheme.id, 'scheme-id', 'id'),
        write('0.0.96.1.11', meterUserId, 'user-id', 'meter.userId'),
        ...scheme.dayProfiles.map((p, i) => write(`0.0.13.0.${i}`, p.switches.map((s) => `${s.time}=${s.rate}`).join(','), 'day-profiles', `dayProfiles.${i}`)),
        write('1.0.0.4.2', meter.ctRatio ?? '1/1', 'ct-vt', 'meter.ctRatio'),
      ];
      return { meterModel: model, requiredLevel: 3, writes, totalBytes: writes.reduce((n, w) => n + w.value.length, 0) };
    },
    meterUserIdFor: (operator) => operator.replace(/[^\x20-\x7e]/g, '').slice(0, 8).toUpperCase(),
    programStagedMeter: async (ctx, req, onProgress, signal) => {
      programRequests.push({ stagedId: req.stagedId, port: req.port, password: req.password, meterUserId: req.meterUserId ?? meterUserIdOf(ctx) });
      const staged = getStagedProgram(ctx.db, req.stagedId);
      if (staged.status === 'draft') throw new Error('This program is still a draft: it must be approved first.');
      const version = getSchemeVersion(ctx.db, staged.schemeStoreId, staged.schemeVersion);
      const plan = fakes.compileProgram(version.content, staged.meter, staged.meterModel, { meterUserId: req.meterUserId ?? 'FAKE' });
      const startedUtc = '2026-05-04T08:00:00.000Z';
      const jobId = startProgrammingJob(ctx.db, { stagedId: staged.id, meterSerial: staged.meter.serial, port: req.port, operator: ctx.operator, startedUtc });
      const progress = (step: ProgramProgressView['step'], writesDone: number, message: string): ProgramProgressView => ({
        step, message, writesDone, writesTotal: plan.writes.length, percent: Math.round((100 * writesDone) / plan.writes.length),
      });
      onProgress(progress('open-port', 0, `Opening ${req.port}`));
      onProgress(progress('write', 1, `Writing the scheme ID${opts.leakPasswords && req.password ? ` (password ${req.password})` : ''}`));
      markStarted();
      const cancelled = await new Promise<boolean>((resolve) => {
        release = () => resolve(false);
        signal?.addEventListener('abort', () => resolve(true));
      });
      const written = cancelled ? plan.writes.slice(0, 1) : plan.writes;
      const status = cancelled ? 'partially-programmed' : 'verified';
      const error = cancelled ? `Programming was cancelled after ${written.length} of ${plan.writes.length} writes.` : null;
      const certificate: ProgrammingCertificate = {
        certificateVersion: 1, jobId, status,
        scheme: { storeId: staged.schemeStoreId, version: staged.schemeVersion, id: staged.schemeId, name: staged.schemeName, contentSha256: version.contentSha256 },
        meter: { ...staged.meter, model: staged.meterModel, identification: '/GEC5A1140', manufacturer: 'GEC' },
        port: req.port, seenSerial: staged.meter.serial, operator: ctx.operator, meterUserId: req.meterUserId ?? 'FAKE', stagedBy: staged.createdBy, approvedBy: staged.approvedBy, approvedUtc: staged.approvedUtc, startedUtc, finishedUtc: '2026-05-04T08:01:00.000Z',
        meterTimeLocal: '2026-05-04T09:00:00', counterBefore: { count: 4, lastTimesUtc: [] }, counterAfter: { count: cancelled ? 4 : 5, lastTimesUtc: [] },
        written, notWritten: plan.writes.slice(written.length), readBack: written.map((w) => ({ address: w.address, value: w.value })),
        differences: [], error, emulated: true, definitionFiles: [],
      };
      recordProgrammingOutcome(ctx, jobId, { status, error, certificate, finishedUtc: certificate.finishedUtc });
      onProgress(progress('done', written.length, 'Done'));
      return certificate;
    },
    certificateFile: (c, format) =>
      format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : format === 'txt' ? `PROGRAMMING CERTIFICATE\nJob ${c.jobId}\nMeter ${c.meter.serial}\nResult ${c.status}\n` : `job,status\n${c.jobId},${c.status}\n`,
    listHolidayCountries: async () => [{ code: 'DE', name: 'Germany' }, { code: 'GB', name: 'United Kingdom' }],
    listHolidayRegions: async (country) => {
      if (country === 'DE') return [{ code: 'BY', name: 'Bayern' }];
      if (country === 'GB') return [];
      throw new Error(`There is no holiday pack for the country "${country}".`);
    },
    holidaysFromPack: async ({ country, years, dayProfile }) => {
      if (country !== 'DE') throw new Error(`There is no holiday pack for the country "${country}".`);
      return {
        specialDays: years.flatMap((y) => [
          { kind: 'fixed' as const, date: `${y}-10-03`, name: 'Tag der Deutschen Einheit', dayProfile, source: 'holidays:DE' },
          { kind: 'fixed' as const, date: `${y}-12-25`, name: '1. Weihnachtstag', dayProfile, source: 'holidays:DE' },
        ]),
        skipped: [],
      };
    },
    specialDaysFromICal: async (text, { dayProfile, years }) => {
      if (!text.startsWith('BEGIN:VCALENDAR')) throw new Error('This is not an iCal calendar (it does not start with BEGIN:VCALENDAR).');
      return {
        specialDays: years.map((y) => ({ kind: 'fixed' as const, date: `${y}-08-14`, name: 'Site shutdown', dayProfile, source: 'ical' })),
        skipped: [{ date: null, name: 'Weekly meeting', reason: 'it repeats every week' }],
      };
    },
  };
  return fakes;
}
