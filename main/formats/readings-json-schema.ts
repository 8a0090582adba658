/**
 * zod schema of one reading in a PMU readings JSON export (version 1): the one reading shape of the contract
 * (contract/reading.ts, = protocol/reading.ts `ReadingResult`) with the raw bytes as base64 text, in the file's own
 * format envelope. Parsing gives a ReadingResult with the
 * raw bytes as plain Uint8Array.
 */
import { z } from 'zod';
import { channelSchema, loadProfileSchemaOf, readingMeterSchema, readingNotesSchema, readingSessionSchema, registerBaseSchema } from '../../contract/reading';
import { interpretRegister } from '../../protocol/iec62056-21/interpret';
import { registerInterpretationSchema } from '../../protocol/interpretation-schema';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Base64 text (RFC 4648, with padding) → Uint8Array. */
const bytes = z
  .string()
  .regex(BASE64, 'expected base64 text')
  .transform((s) => new Uint8Array(Buffer.from(s, 'base64')));

/** One register with its raw value groups as sent. */
const register = registerBaseSchema
  .extend({
    values: z.array(z.object({ raw: z.string() })),
    /** Absent in exports written before interpretations existed: then derived from the code and text. */
    interpretation: registerInterpretationSchema.nullable().optional(),
  })
  .transform((g) => ({ ...g, interpretation: g.interpretation === undefined ? interpretRegister(g.code, g.text) : g.interpretation }));

const loadProfile = loadProfileSchemaOf(channelSchema).superRefine((lp, ctx) => {
  lp.intervals.forEach((iv, i) => {
    if (iv.values.length !== lp.channels.length) {
      ctx.addIssue({ code: 'custom', path: ['intervals', i, 'values'], message: `${iv.values.length} values for ${lp.channels.length} channels` });
    }
  });
});

/** One reading of the export: the contract's reading shape (contract/reading.ts) with the raw bytes as base64. */
export const readingSchema = z.object({
  version: z.literal(1),
  meter: readingMeterSchema,
  session: readingSessionSchema,
  registers: z.array(register),
  loadProfile: loadProfile.nullable(),
  notes: readingNotesSchema,
  raw: z.object({ readout: bytes, loadProfile: bytes.nullable() }),
});

/** The whole file (after `format` and `version` were checked). */
export const envelopeSchema = z.object({
  format: z.literal('pmu-readings'),
  version: z.literal(1),
  exported_utc: z.string(),
  readings: z.array(readingSchema),
});
