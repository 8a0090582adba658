/**
 * THE zod shape of a reading (protocol/reading.ts `ReadingResult`), written once: the UI's view (contract/index.ts
 * `readingViewSchema`: plus the store id and English OBIS descriptions, without the raw bytes) and the readings JSON
 * export (main/formats/readings-json-schema.ts: plus the raw bytes as base64, inside its own format envelope) are
 * both built from these parts. Units and times as in protocol/reading.ts: `…Utc` ISO instants, `…Local` the meter's
 * wall clock without offset, values in the register's unit.
 */
import { z } from 'zod';

/** Which meter was read: identification line, maker, model, serial number (or null), device address. */
export const readingMeterSchema = z.object({
  identification: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
  address: z.string(),
});

/** How it was read: port, operator, start/finish (UTC), protocol mode, baud rate, the meter clock's zone, software. */
export const readingSessionSchema = z.object({
  port: z.string(),
  operator: z.string(),
  startedUtc: z.string(),
  finishedUtc: z.string(),
  mode: z.string(),
  baud: z.number(),
  timeZone: z.string(),
  software: z.string(),
});

/** One register (data set) without its raw value groups. */
export const registerBaseSchema = z.object({
  address: z.string(),
  obis: z.string(),
  code: z.string(),
  /** Billing period 1…99 of a historic value; null for the current value. */
  billingPeriod: z.number().int().nullable(),
  value: z.number().nullable(),
  text: z.string(),
  unit: z.string().nullable(),
  /** Time stamp of a later value group, meter local time (no offset), or null. */
  timestampLocal: z.string().nullable(),
});

/** One load-profile interval: UTC bounds, the meter's local start, DST flag, status word as sent, one value per channel. */
export const intervalSchema = z.object({
  startUtc: z.string(),
  endUtc: z.string(),
  startLocal: z.string(),
  dst: z.boolean(),
  /** Meter status word as sent; anything other than zeros means the meter flagged the interval. */
  status: z.string(),
  values: z.array(z.number().nullable()),
});

/** A load profile with `channel` as the shape of one channel (capture period in minutes). */
export function loadProfileSchemaOf<C extends z.ZodObject>(channel: C) {
  return z.object({
    profile: z.number().int(),
    /** Capture period, minutes. */
    periodMinutes: z.number(),
    channels: z.array(channel),
    intervals: z.array(intervalSchema),
  });
}

/** A channel of the load profile: OBIS code and unit. */
export const channelSchema = z.object({ obis: z.string(), unit: z.string() });

/** Notes on a reading (e.g. "meter offers no load profile"). */
export const readingNotesSchema = z.array(z.object({ level: z.enum(['info', 'warning']), message: z.string() }));
