/**
 * The real scheme services (./services-schemes.ts) behind the API: validation and the scheme file codec
 * (schemes/validate.ts, schemes/scheme-file.ts), the program compiler (programming/compile.ts), the
 * programming service (main/services/program.ts), the certificate text (main/services/certificate-text.ts) and
 * the holiday packs / iCal import (schemes/holidays.ts, loaded on first use: date-holidays with moment-timezone and
 * astronomia is about 2 MB of the bundle, kept out of start-up — issue 13.12). Part of `realServices` (./real-services.ts); never
 * loaded by handler tests, which pass fakes (./testing/fake-schemes.ts).
 */
import { compileProgram } from '../../programming/compile';
import type { HolidayType } from '../../schemes/holidays';
import { parseSchemeFile, serializeScheme } from '../../schemes/scheme-file';
import { validateScheme } from '../../schemes/validate';
import { certificateCsv, certificateJson, certificateText } from '../services/certificate-text';
import { meterUserIdFor, programStagedMeter } from '../services/program';
import type { SchemeServices } from './services-schemes';

/** schemes/holidays.ts, evaluated the first time a holiday call needs it (not when the app starts). */
const holidays = () => import('../../schemes/holidays');

/** The real scheme services (see file comment). */
export const realSchemeServices: SchemeServices = {
  validateScheme: (input, opts) => validateScheme(input, { ...(opts.model ? { model: opts.model } : {}), ...(opts.years ? { years: opts.years } : {}) }),
  parseSchemeFile: (text) => parseSchemeFile(text),
  serializeScheme,
  compileProgram,
  meterUserIdFor,
  programStagedMeter: (ctx, req, onProgress, signal) =>
    programStagedMeter(ctx, { stagedId: req.stagedId, port: req.port, password: req.password, ...(req.meterUserId ? { meterUserId: req.meterUserId } : {}), ...(req.access ? { access: req.access } : {}) }, onProgress, signal),
  certificateFile: (cert, format) => (format === 'json' ? certificateJson(cert) : format === 'txt' ? certificateText(cert) : certificateCsv(cert)),
  listHolidayCountries: async () => (await holidays()).listHolidayCountries().map((c) => ({ code: c.code, name: c.name })),
  listHolidayRegions: async (country) => (await holidays()).listHolidayRegions(country).map((c) => ({ code: c.code, name: c.name })),
  holidaysFromPack: async (opts) => {
    const { HOLIDAY_TYPES, holidaysFromPack } = await holidays();
    const isHolidayType = (t: string): t is HolidayType => (HOLIDAY_TYPES as readonly string[]).includes(t);
    return {
      specialDays: holidaysFromPack({
        country: opts.country,
        years: opts.years,
        dayProfile: opts.dayProfile,
        ...(opts.region ? { region: opts.region } : {}),
        ...(opts.types ? { types: opts.types.filter(isHolidayType) } : {}),
      }),
      skipped: [],
    };
  },
  specialDaysFromICal: async (text, opts) => {
    const r = (await holidays()).specialDaysFromICal(text, { dayProfile: opts.dayProfile, years: opts.years });
    return { specialDays: r.specialDays, skipped: r.skipped.map((s) => ({ date: null, name: s.summary, reason: s.reason })) };
  },
};
