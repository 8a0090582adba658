/**
 * The tariff-scheme calls of the contract (spread into `calls` of contract/index.ts) and their schemas: the
 * scheme library (folders, schemes and their saved versions, diff), scheme files (export one version or a
 * folder bundle, import), and holiday packs / iCal calendars turned into special days. Staging, programming and
 * certificates are in ./contract-schemes-programming.ts. Pure zod, no node/DOM.
 *
 * Call names are `<area>.<verb>` (`schemes.tree`). Validation and simulation of a scheme are NOT calls: the
 * renderer runs schemes/validate.ts and schemes/simulate.ts itself (schemes/ is pure).
 * Times are UTC ISO instants (`…Utc`); scheme contents follow schemes/model.ts (local wall-clock times).
 */
import { z } from 'zod';
import { METER_MODELS, refIdSchema, specialDaySchema, tariffSchemeSchema } from '../schemes/model';
import { schemeDiffEntrySchema } from '../schemes/diff';
import { schemeProblemSchema } from '../schemes/problems';
import { uploadNameSchema, writtenFileSchema } from './files';

/** Largest scheme file or bundle `schemes.importFile` accepts, characters. */
export const MAX_SCHEME_FILE_CHARS = 5 * 1024 * 1024;
/** Largest iCal calendar `holidays.fromICal` accepts, characters. */
export const MAX_ICAL_CHARS = 2 * 1024 * 1024;

const noArgs = z.strictObject({});
/** A store id (folder, scheme, staged program, job): a positive whole number. */
export const storeIdSchema = z.number().int().positive();
/** A folder of the tree, or null for the top level. */
const folderRefSchema = storeIdSchema.nullable();

/** A folder or scheme name as typed: trimmed, 1…80 characters. */
export const treeNameSchema = z.string().trim().min(1, 'enter a name').max(80, 'use at most 80 characters');

/** A folder of the scheme tree (THE shape: main/store/scheme-folders.ts `SchemeFolder` is this type). `parentId` null = top level. */
export const schemeFolderSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  createdUtc: z.string(),
});

/** A scheme in the tree with its latest version (THE shape: main/store/schemes.ts `SchemeSummary` is this type). */
export const schemeSummarySchema = z.object({
  /** Store id: `schemeStoreId` in the other calls. */
  id: z.number().int(),
  folderId: z.number().int().nullable(),
  /** Name shown in the tree (starts as the content's name; renaming changes only this). */
  name: z.string(),
  /** The scheme ID written to the meter (content `id`, 1…8 characters) of the latest version. */
  schemeId: z.string(),
  meterModel: z.enum(METER_MODELS),
  latestVersion: z.number().int(),
  /** When and by whom the latest version was saved. */
  savedUtc: z.string(),
  savedBy: z.string(),
});

/** One saved version without its content. */
export const schemeVersionInfoSchema = z.object({
  schemeStoreId: z.number().int(),
  version: z.number().int(),
  /** SHA-256 of the canonical JSON of the content. */
  contentSha256: z.string(),
  savedUtc: z.string(),
  savedBy: z.string(),
  note: z.string(),
});

/** A version with its content, the scheme's tree entry and its whole history (newest first). */
export const storedSchemeSchema = schemeVersionInfoSchema.extend({
  content: tariffSchemeSchema,
  name: z.string(),
  folderId: z.number().int().nullable(),
  /** True when the scheme was deleted (still readable: staged programs and certificates point at it). */
  deleted: z.boolean(),
  versions: z.array(schemeVersionInfoSchema),
});

/** A problem of a scheme and one difference between two versions: THE shapes are schemes/problems.ts and schemes/diff.ts. */
export { schemeDiffEntrySchema, schemeProblemSchema };

/** A scheme version picked for a diff. */
const versionRefSchema = z.strictObject({ schemeStoreId: storeIdSchema, version: z.number().int().positive() });

/** A written scheme file: where (exports folder), the browser-mode download link, and its text ("save as"). */
export const schemeFileResultSchema = writtenFileSchema.extend({
  /** The file's whole text (the desktop "save as" and browser mode can save it without the link). */
  text: z.string(),
  /** Number of schemes in the file (1 for a scheme file). */
  schemes: z.number().int(),
});

/** What happened to one scheme of an imported file. */
export const schemeImportResultSchema = z.object({
  /** The file name, with `› <scheme name>` for a scheme of a bundle. */
  source: z.string(),
  result: z.enum(['imported', 'already-present', 'problems']),
  schemeStoreId: z.number().int().nullable(),
  version: z.number().int().nullable(),
  /** Plain sentence: `Imported as 'Domestic' version 1.` / `Already present as 'Domestic' version 3.` / why not. */
  message: z.string(),
  problems: z.array(schemeProblemSchema),
});

/** A country or region of the holiday packs (ISO 3166 code and English name). */
export const holidayPlaceSchema = z.object({ code: z.string(), name: z.string() });

/** Calendar years to take holidays for: 1…30 years between 1970 and 2100. */
const yearsSchema = z
  .array(z.number().int().min(1970, 'must be 1970 or later').max(2100, 'must be 2100 or earlier'))
  .min(1, 'choose at least one year')
  .max(30, 'choose at most 30 years');

/** Special days made from holidays, and what was left out with the reason. */
export const holidaySpecialDaysSchema = z.object({
  specialDays: z.array(specialDaySchema),
  skipped: z.array(z.object({ date: z.string().nullable(), name: z.string(), reason: z.string() })),
});

/** The scheme-library and holiday calls: name → { summary, args schema, result schema }. */
export const schemeCalls = {
  'schemes.tree': {
    summary: 'Scheme folders and schemes (latest version of each), by name.',
    args: noArgs,
    result: z.object({ folders: z.array(schemeFolderSchema), schemes: z.array(schemeSummarySchema) }),
  },
  'schemes.createFolder': {
    summary: 'Create a folder (parentId null = top level); refused when a sibling has the name.',
    args: z.strictObject({ parentId: folderRefSchema, name: treeNameSchema }),
    result: schemeFolderSchema,
  },
  'schemes.renameFolder': { summary: 'Rename a folder.', args: z.strictObject({ id: storeIdSchema, name: treeNameSchema }), result: schemeFolderSchema },
  'schemes.moveFolder': {
    summary: 'Move a folder (with its contents) under another folder or to the top level; never into itself.',
    args: z.strictObject({ id: storeIdSchema, parentId: folderRefSchema }),
    result: schemeFolderSchema,
  },
  'schemes.deleteFolder': {
    summary: 'Delete an empty folder (the UI confirms first); refused while it holds folders or schemes.',
    args: z.strictObject({ id: storeIdSchema }),
    result: z.object({ deleted: z.boolean() }),
  },
  'schemes.create': {
    summary: 'Create a scheme from the starting template (schemes/model.ts newScheme) as version 1.',
    args: z.strictObject({
      folderId: folderRefSchema,
      name: treeNameSchema,
      schemeId: tariffSchemeSchema.shape.id,
      meterModel: z.enum(METER_MODELS),
      /** IANA time zone of the DST rule, e.g. `Europe/London`. */
      zone: z.string().trim().min(1, 'choose the time zone').max(64),
    }),
    result: z.object({ schemeStoreId: z.number().int(), version: z.number().int() }),
  },
  'schemes.get': {
    summary: 'One version (default the latest) of a scheme with its content and the list of its versions.',
    /** `saveAs`: in the desktop app, also ask where to save it (a native "Save as" dialog). */
    args: z.strictObject({ schemeStoreId: storeIdSchema, version: z.number().int().positive().optional(), saveAs: z.boolean().optional() }),
    result: storedSchemeSchema,
  },
  'schemes.save': {
    summary: 'Save the content as a new version; refused when someone saved after baseVersion. Unchanged content saves nothing.',
    args: z.strictObject({
      schemeStoreId: storeIdSchema,
      content: tariffSchemeSchema,
      /** The version the editor opened. */
      baseVersion: z.number().int().positive(),
      note: z.string().trim().max(500, 'use at most 500 characters').optional(),
    }),
    result: z.object({ version: z.number().int(), unchanged: z.boolean() }),
  },
  'schemes.rename': {
    summary: 'Rename a scheme in the tree (its content is unchanged).',
    args: z.strictObject({ schemeStoreId: storeIdSchema, name: treeNameSchema }),
    result: schemeSummarySchema,
  },
  'schemes.move': {
    summary: 'Move a scheme into another folder (null = top level).',
    args: z.strictObject({ schemeStoreId: storeIdSchema, folderId: folderRefSchema }),
    result: schemeSummarySchema,
  },
  'schemes.delete': {
    summary: 'Delete a scheme (kept for the staged programs and certificates that use it).',
    args: z.strictObject({ schemeStoreId: storeIdSchema }),
    result: z.object({ deleted: z.boolean() }),
  },
  'schemes.diff': {
    summary: 'What differs between two scheme versions, in a stable order.',
    args: z.strictObject({ left: versionRefSchema, right: versionRefSchema }),
    result: z.array(schemeDiffEntrySchema),
  },
  'schemes.exportFile': {
    summary: 'Write one scheme version (default the latest) as a scheme file into the exports folder.',
    /** `saveAs`: in the desktop app, also ask where to save it (a native "Save as" dialog). */
    args: z.strictObject({ schemeStoreId: storeIdSchema, version: z.number().int().positive().optional(), saveAs: z.boolean().optional() }),
    result: schemeFileResultSchema,
  },
  'schemes.exportFolder': {
    summary: 'Write the latest version of every scheme of a folder and its subfolders (null = all) as one bundle file.',
    args: z.strictObject({ folderId: folderRefSchema, saveAs: z.boolean().optional() }),
    result: schemeFileResultSchema,
  },
  'schemes.importFile': {
    summary: 'Import a scheme file or bundle into a folder; content already stored is reported, not duplicated.',
    args: z.strictObject({
      folderId: folderRefSchema,
      /** The file's name (a label for messages). */
      name: uploadNameSchema,
      content: z.string().max(MAX_SCHEME_FILE_CHARS, `the file is larger than ${MAX_SCHEME_FILE_CHARS / 1024 / 1024} MB`),
    }),
    result: z.object({ results: z.array(schemeImportResultSchema) }),
  },
  'holidays.countries': { summary: 'Countries of the built-in holiday packs.', args: noArgs, result: z.array(holidayPlaceSchema) },
  'holidays.regions': {
    summary: 'Regions (states, provinces) of a country with their own holidays; empty when none.',
    args: z.strictObject({ country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'choose a country') }),
    result: z.array(holidayPlaceSchema),
  },
  'holidays.fromPack': {
    summary: 'Special days for the public holidays of a country (and region) in the given years.',
    args: z.strictObject({
      country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'choose a country'),
      region: z.string().trim().min(1).max(16).optional(),
      years: yearsSchema,
      /** Holiday types to take (date-holidays types); default public and bank holidays. */
      types: z.array(z.enum(['public', 'bank', 'school', 'optional', 'observance'])).min(1).optional(),
      /** Day profile the special days use. */
      dayProfile: refIdSchema,
    }),
    result: holidaySpecialDaysSchema,
  },
  'holidays.fromICal': {
    summary: 'Special days from an iCal (.ics) calendar for the given years.',
    args: z.strictObject({
      content: z.string().min(1, 'the calendar is empty').max(MAX_ICAL_CHARS, `the calendar is larger than ${MAX_ICAL_CHARS / 1024 / 1024} MB`),
      dayProfile: refIdSchema,
      years: yearsSchema,
    }),
    result: holidaySpecialDaysSchema,
  },
} as const;

export type SchemeFolderView = z.infer<typeof schemeFolderSchema>;
export type SchemeSummaryView = z.infer<typeof schemeSummarySchema>;
export type SchemeVersionInfoView = z.infer<typeof schemeVersionInfoSchema>;
export type StoredSchemeView = z.infer<typeof storedSchemeSchema>;
export type SchemeProblemView = z.infer<typeof schemeProblemSchema>;
export type SchemeDiffEntryView = z.infer<typeof schemeDiffEntrySchema>;
export type SchemeFileResultView = z.infer<typeof schemeFileResultSchema>;
export type SchemeImportResultView = z.infer<typeof schemeImportResultSchema>;
export type HolidayPlaceView = z.infer<typeof holidayPlaceSchema>;
export type HolidaySpecialDaysView = z.infer<typeof holidaySpecialDaysSchema>;
