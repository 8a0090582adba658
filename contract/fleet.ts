/**
 * The meter manager's calls (issue 14 item 1; spread into `calls` of contract/index.ts): measurement places in a
 * hierarchy (region → substation → feeder → place), customers, the fleet's meters with their links, installations
 * (a meter at a place from/until, CT/VT ratios, the customer billed) and the meter list as CSV. The view types are
 * derived from these schemas (z.infer), so main/store returns exactly what the window shows. Pure zod, no node/DOM.
 */
import { z } from 'zod';
import { utcInstantSchema, writtenFileSchema, uploadNameSchema } from './files';
import { meterSerialSchema, meterTypeSchema, passwordLevelSchema, portPathSchema } from './meter';

/** Levels of the place hierarchy, top down. */
export const PLACE_KINDS = ['region', 'substation', 'feeder', 'place'] as const;
export const placeKindSchema = z.enum(PLACE_KINDS);
export type PlaceKind = z.infer<typeof placeKindSchema>;

/** The kinds a child of a `parent` node may have (null = top level): one level down, and a place also under a substation. */
export function childKinds(parent: PlaceKind | null): readonly PlaceKind[] {
  if (parent === null) return ['region'];
  if (parent === 'region') return ['substation'];
  if (parent === 'substation') return ['feeder', 'place'];
  if (parent === 'feeder') return ['place'];
  return [];
}

/** True when `zone` is an IANA time zone this runtime knows (Intl; same answer in the window and in main). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Europe/London`. */
export const timeZoneSchema = z.string().trim().min(1).max(64).refine(isTimeZone, 'is not a time zone (use an IANA name such as Europe/London)');

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).optional();

/** A measurement place (any level of the hierarchy). */
export const placeViewSchema = z.object({
  id: z.number().int(),
  /** Parent node, or null for a top-level region. */
  parentId: z.number().int().nullable(),
  kind: placeKindSchema,
  name: z.string(),
  /** The utility's identifier of the node (metering point ID), or null. */
  code: z.string().nullable(),
  address: z.string(),
  /** IANA zone set on this node, or null (inherits the parent's). */
  timeZone: z.string().nullable(),
  notes: z.string(),
});
export type PlaceView = z.infer<typeof placeViewSchema>;

export const placeInputSchema = z.strictObject({
  /** Absent = a new place. */
  id: z.number().int().positive().optional(),
  parentId: z.number().int().positive().nullable(),
  kind: placeKindSchema,
  name: text(80).min(1, 'enter a name'),
  code: text(64).nullable().optional(),
  address: optionalText(200),
  timeZone: timeZoneSchema.nullable().optional(),
  notes: optionalText(1000),
});
export type PlaceInput = z.infer<typeof placeInputSchema>;

/** A customer (who is billed at a place). */
export const customerViewSchema = z.object({
  id: z.number().int(),
  /** Customer / account number, unique. */
  number: z.string(),
  name: z.string(),
  address: z.string(),
  contact: z.string(),
  notes: z.string(),
});
export type CustomerView = z.infer<typeof customerViewSchema>;

export const customerInputSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  number: text(40).min(1, 'enter the customer number'),
  name: text(120).min(1, 'enter the customer name'),
  address: optionalText(200),
  contact: optionalText(200),
  notes: optionalText(1000),
});
export type CustomerInput = z.infer<typeof customerInputSchema>;

/** A transformer ratio as primary / secondary (A for CT, V for VT); 1/1 = direct connection. */
export const ratioSchema = z.object({ primary: z.number().positive().max(1e7), secondary: z.number().positive().max(1e6) });
export type Ratio = z.infer<typeof ratioSchema>;

/** A meter at a place for a time. */
export const installationViewSchema = z.object({
  id: z.number().int(),
  meterId: z.number().int(),
  meterSerial: z.string(),
  placeId: z.number().int(),
  /** The place's path, e.g. "North / Riverside 11 kV / Feeder 3 / Mill Lane 4". */
  placePath: z.string(),
  customerId: z.number().int().nullable(),
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  installedUtc: z.string(),
  /** Null while the meter is still installed. */
  removedUtc: z.string().nullable(),
  ct: ratioSchema,
  vt: ratioSchema,
  notes: z.string(),
});
export type InstallationView = z.infer<typeof installationViewSchema>;

/** A meter of the fleet with how to reach it and its current installation. */
export const fleetMeterViewSchema = z.object({
  id: z.number().int(),
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  /** Port name of the link: `COM3`, `tcp://host:port`, `bus:<port>#<address>`, `modem:<port>#<number>`, `emulator…`. */
  link: z.string(),
  /** IEC 62056-21 sign-on device address ('' = any meter on the line). */
  deviceAddress: z.string(),
  dialect: meterTypeSchema,
  line: z.enum(['7E1', '8N1']).nullable(),
  passwordLevel: z.number().int().nullable(),
  /** IANA zone of the meter clock, or null (the place's, else the workstation's). */
  timeZone: z.string().nullable(),
  enabled: z.boolean(),
  notes: z.string(),
  installation: installationViewSchema.nullable(),
});
export type FleetMeterView = z.infer<typeof fleetMeterViewSchema>;

export const fleetMeterInputSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  serial: meterSerialSchema,
  manufacturer: optionalText(40),
  model: optionalText(60),
  link: portPathSchema,
  deviceAddress: text(32).regex(/^[^\u0000-\u001f!/?\u007f]*$/, 'must not contain control characters, "/", "?" or "!"').optional(),
  dialect: meterTypeSchema.optional(),
  line: z.enum(['7E1', '8N1']).nullable().optional(),
  passwordLevel: passwordLevelSchema.nullable().optional(),
  timeZone: timeZoneSchema.nullable().optional(),
  enabled: z.boolean().optional(),
  notes: optionalText(1000),
});
export type FleetMeterInput = z.infer<typeof fleetMeterInputSchema>;

export const installInputSchema = z.strictObject({
  meterId: z.number().int().positive(),
  placeId: z.number().int().positive(),
  customerId: z.number().int().positive().nullable().optional(),
  installedUtc: utcInstantSchema,
  ct: ratioSchema.optional(),
  vt: ratioSchema.optional(),
  notes: optionalText(1000),
});
export type InstallInput = z.infer<typeof installInputSchema>;

/** What the meter-manager tree shows: every place, customer and meter. */
export const fleetTreeSchema = z.object({
  places: z.array(placeViewSchema),
  customers: z.array(customerViewSchema),
  meters: z.array(fleetMeterViewSchema),
});
export type FleetTreeView = z.infer<typeof fleetTreeSchema>;

/** One refused line of a meter-list CSV. */
export const csvLineErrorSchema = z.object({ line: z.number().int(), message: z.string() });
export type CsvLineError = z.infer<typeof csvLineErrorSchema>;

/** Outcome of a meter-list import: counts of what was created or changed, and a plain error per refused line. */
export const meterListImportSchema = z.object({
  lines: z.number().int(),
  /** Lines stored (new or changed meters, places, customers, installations). */
  imported: z.number().int(),
  /** Lines that matched what is stored already. */
  unchanged: z.number().int(),
  created: z.object({ places: z.number().int(), customers: z.number().int(), meters: z.number().int(), installations: z.number().int() }),
  errors: z.array(csvLineErrorSchema),
  /** True when nothing was stored on purpose (check only). */
  dryRun: z.boolean(),
});
export type MeterListImportView = z.infer<typeof meterListImportSchema>;

const idArg = z.strictObject({ id: z.number().int().positive() });
const deleted = z.object({ deleted: z.boolean() });

export const fleetCalls = {
  'fleet.tree': { summary: 'Every measurement place, customer and fleet meter (with its current installation).', args: z.strictObject({}), result: fleetTreeSchema },
  'fleet.savePlace': { summary: 'Create or change a measurement place (region, substation, feeder or place).', args: placeInputSchema, result: placeViewSchema },
  'fleet.deletePlace': { summary: 'Delete an empty place (no child places, no installation history).', args: idArg, result: deleted },
  'fleet.saveCustomer': { summary: 'Create or change a customer.', args: customerInputSchema, result: customerViewSchema },
  'fleet.deleteCustomer': { summary: 'Delete a customer no installation names.', args: idArg, result: deleted },
  'fleet.saveMeter': { summary: 'Create or change a fleet meter and its link.', args: fleetMeterInputSchema, result: fleetMeterViewSchema },
  'fleet.deleteMeter': { summary: 'Delete a meter that was never installed (else disable it).', args: idArg, result: deleted },
  'fleet.install': { summary: 'Install a meter at a place from a time, with customer and CT/VT ratios.', args: installInputSchema, result: installationViewSchema },
  'fleet.remove': {
    summary: 'Remove an installed meter at a time (its installation is closed, never deleted).',
    args: z.strictObject({ installationId: z.number().int().positive(), removedUtc: utcInstantSchema }),
    result: installationViewSchema,
  },
  'fleet.installations': {
    summary: 'Installation history of a meter or of a place, newest first.',
    args: z.strictObject({ meterId: z.number().int().positive().optional(), placeId: z.number().int().positive().optional() }),
    result: z.array(installationViewSchema),
  },
  'fleet.importCsv': {
    summary: 'Import a meter list CSV: good lines are stored, each bad line gets a plain error and stores nothing.',
    args: z.strictObject({ fileName: uploadNameSchema, content: z.string().max(20 * 1024 * 1024), dryRun: z.boolean().optional() }),
    result: meterListImportSchema,
  },
  'fleet.exportCsv': {
    summary: 'Write the meter list (meters, links, places, customers, CT/VT) as CSV into the exports folder (desktop: saveAs asks where).',
    args: z.strictObject({ saveAs: z.boolean().optional() }),
    result: writtenFileSchema.extend({ meters: z.number().int() }),
  },
} as const;
