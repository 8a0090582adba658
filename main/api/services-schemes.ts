/**
 * What the tariff-scheme handlers (handlers/schemes.ts, handlers/programming.ts) need from the scheme modules
 * besides the store: validation and the scheme file codec (schemes/validate.ts, schemes/scheme-file.ts), the
 * program compiler (programming/compile.ts), the programming service (main/services/program.ts), the
 * certificate text (main/services/certificate-text.ts) and the holiday packs / iCal import
 * (schemes/holidays.ts). Part of `Services` (./services.ts): `realSchemeServices` (./real-scheme-services.ts)
 * wires the real modules, tests pass fakes (./testing/fake-schemes.ts). Shapes are the contract's views where
 * a module's own type may differ; real-scheme-services.ts adapts them.
 */
import type { HolidayPlaceView, HolidaySpecialDaysView, ProgramProgressView, SchemeProblemView } from '../../contract';
import type { MeterModel, TariffScheme } from '../../schemes/model';
import type { MeterData, ProgrammingCertificate, ProgramPlan } from '../../programming/plan';
import type { AppContext } from '../core/context';
import type { ProgramAccess } from '../services/program-access';
import type { SchemeFileCodec } from '../schemes-io/scheme-files';
export type { SchemeFileCodec } from '../schemes-io/scheme-files';

/** A programming request (main/services/program.ts `ProgramRequest`). `password` is secret. */
export interface ProgramJobRequest {
  readonly stagedId: number;
  readonly port: string;
  readonly password: string | null;
  readonly meterUserId?: string;
  /** The upload's access, decided before the job (main/services/program-access.ts). */
  readonly access?: ProgramAccess;
}

/** The scheme services (see file comment). */
export interface SchemeServices extends SchemeFileCodec {
  /** Every problem of a scheme for `model` (default its own) over `years` (default this year and the next). Never throws. */
  validateScheme(input: unknown, opts: { model?: MeterModel; years?: readonly number[] }): SchemeProblemView[];
  /**
   * The writes that program `scheme` with `meter` into a meter of `model`, in upload order.
   * Throws RangeError (plain message) when the scheme cannot be compiled for the model.
   */
  compileProgram(scheme: TariffScheme, meter: MeterData, model: MeterModel, options: { meterUserId: string }): ProgramPlan;
  /** The programmer's ID written to the meter for `operator` (≤ 8 ASCII characters). */
  meterUserIdFor(operator: string): string;
  /**
   * Program the meter with approved staged program `req.stagedId`, reporting progress; records the job and its
   * certificate in the store and returns the certificate. Throws (plain) before the job starts (not found,
   * draft, scheme errors); afterwards meter or link failures are in the certificate. `signal` stops it.
   */
  programStagedMeter(ctx: AppContext, req: ProgramJobRequest, onProgress: (p: ProgramProgressView) => void, signal?: AbortSignal): Promise<ProgrammingCertificate>;
  /** The certificate as a document: `json` (lossless), `txt` (printing and filing) or `csv` (one row per write). */
  certificateFile(cert: ProgrammingCertificate, format: 'json' | 'txt' | 'csv'): string;
  /** Countries of the holiday packs, by name. */
  listHolidayCountries(): Promise<HolidayPlaceView[]>;
  /** Regions of `country` with their own holidays (empty when none); throws a plain Error for an unknown country. */
  listHolidayRegions(country: string): Promise<HolidayPlaceView[]>;
  /** Special days for the holidays of a country (and region) in `years`; throws a plain Error for an unknown country/region. */
  holidaysFromPack(opts: { country: string; region?: string; years: readonly number[]; types?: readonly string[]; dayProfile: string }): Promise<HolidaySpecialDaysView>;
  /** Special days from an iCal calendar's events in `years`; throws a plain Error when the text is not a calendar. */
  specialDaysFromICal(text: string, opts: { dayProfile: string; years: readonly number[] }): Promise<HolidaySpecialDaysView>;
}
