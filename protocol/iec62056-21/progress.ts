/**
 * Progress of a meter session, reported to the CLI (stderr) and the UI (live panel) while a reading runs.
 * Pure data; JSON-safe. THE shape: the zod schema here is the contract's (contract/index.ts `readProgress` event),
 * and the type is derived from it.
 */
import { z } from 'zod';

/** Steps of a reading, in the order they happen (IEC 62056-21 message names). */
export const READ_STEPS = [
  'open-port', 'sign-on', 'identification', 'option-select', 'data-readout', 'programming-mode', 'load-profile', 'break', 'store', 'done',
] as const;

/** One step of a reading (see {@link READ_STEPS}). */
export type ReadStep = (typeof READ_STEPS)[number];

/** One progress report. */
export const readProgressSchema = z.object({
  step: z.enum(READ_STEPS),
  /** Plain-language line for people, e.g. "Meter identified: ISK MT174-0001 (mode C, up to 9600 baud)". */
  message: z.string(),
  /** Current line speed in bit/s. */
  baud: z.number(),
  /** Bytes received in the current step (data readout or load profile). */
  bytes: z.number(),
  /** Bytes expected in the current step when known (e.g. from the previous reading of this meter), else null. */
  expectedBytes: z.number().nullable(),
  /** Whole-job completion 0…100 when it can be estimated, else null. */
  percent: z.number().nullable(),
  /** Identification line once known, e.g. `/ISk5MT174-0001`. */
  identification: z.string().optional(),
});

/** One progress report (see {@link readProgressSchema}). */
export type ReadProgress = Readonly<z.infer<typeof readProgressSchema>>;
