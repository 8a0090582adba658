/**
 * zod schema of one reading in a PMU readings JSON export (version 1): exactly the fields of
 * `ReadingResult` (protocol/reading.ts), raw bytes as base64 text. Parsing gives a ReadingResult with the
 * raw bytes as plain Uint8Array.
 */
import { z } from 'zod';
import { interpretRegister } from '../../protocol/iec62056-21/interpret';
import { registerInterpretationSchema } from '../../protocol/interpretation-schema';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Base64 text (RFC 4648, with padding) → Uint8Array. */
const bytes = z
  .string()
  .regex(BASE64, 'expected base64 text')
  .transform((s) => new Uint8Array(Buffer.from(s, 'base64')));

const num = z.number();

const register = z.object({
  address: z.string(),
  obis: z.string(),
  code: z.string(),
  billingPeriod: num.nullable(),
  value: num.nullable(),
  text: z.string(),
  unit: z.string().nullable(),
  timestampLocal: z.string().nullable(),
  values: z.array(z.object({ raw: z.string() })),
  /** Absent in exports written before interpretations existed: then derived from the code and text. */
  interpretation: registerInterpretationSchema.nullable().optional(),
}).transform((g) => ({ ...g, interpretation: g.interpretation === undefined ? interpretRegister(g.code, g.text) : g.interpretation }));

const interval = z.object({
  startUtc: z.string(),
  endUtc: z.string(),
  startLocal: z.string(),
  dst: z.boolean(),
  status: z.string(),
  values: z.array(num.nullable()),
});

const loadProfile = z
  .object({
    profile: num,
    periodMinutes: num,
    channels: z.array(z.object({ obis: z.string(), unit: z.string() })),
    intervals: z.array(interval),
  })
  .superRefine((lp, ctx) => {
    lp.intervals.forEach((iv, i) => {
      if (iv.values.length !== lp.channels.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['intervals', i, 'values'],
          message: `${iv.values.length} values for ${lp.channels.length} channels`,
        });
      }
    });
  });

/** One reading of the export. */
export const readingSchema = z.object({
  version: z.literal(1),
  meter: z.object({
    identification: z.string(),
    manufacturer: z.string(),
    model: z.string(),
    serial: z.string().nullable(),
    address: z.string(),
  }),
  session: z.object({
    port: z.string(),
    operator: z.string(),
    startedUtc: z.string(),
    finishedUtc: z.string(),
    mode: z.string(),
    baud: num,
    timeZone: z.string(),
    software: z.string(),
  }),
  registers: z.array(register),
  loadProfile: loadProfile.nullable(),
  notes: z.array(z.object({ level: z.enum(['info', 'warning']), message: z.string() })),
  raw: z.object({ readout: bytes, loadProfile: bytes.nullable() }),
});

/** The whole file (after `format` and `version` were checked). */
export const envelopeSchema = z.object({
  format: z.literal('pmu-readings'),
  version: z.literal(1),
  exported_utc: z.string(),
  readings: z.array(readingSchema),
});
