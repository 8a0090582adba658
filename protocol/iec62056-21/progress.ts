/**
 * Progress of a meter session, reported to the CLI (stderr) and the UI (live panel) while a reading runs.
 * Pure data; JSON-safe.
 */

/** Steps of a reading, in the order they happen (IEC 62056-21 message names). */
export type ReadStep =
  | 'open-port'
  | 'sign-on'
  | 'identification'
  | 'option-select'
  | 'data-readout'
  | 'programming-mode'
  | 'load-profile'
  | 'break'
  | 'store'
  | 'done';

/** One progress report. */
export interface ReadProgress {
  readonly step: ReadStep;
  /** Plain-language line for people, e.g. "Meter identified: ISK MT174-0001 (mode C, up to 9600 baud)". */
  readonly message: string;
  /** Current line speed in bit/s. */
  readonly baud: number;
  /** Bytes received in the current step (data readout or load profile). */
  readonly bytes: number;
  /** Bytes expected in the current step when known (e.g. from the previous reading of this meter), else null. */
  readonly expectedBytes: number | null;
  /** Whole-job completion 0…100 when it can be estimated, else null. */
  readonly percent: number | null;
  /** Identification line once known, e.g. `/ISk5MT174-0001`. */
  readonly identification?: string;
}
