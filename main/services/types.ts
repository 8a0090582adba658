/**
 * Request/outcome shapes of the main-process services. The renderer sees them through preload/contract.ts
 * (zod schemas there mirror these types).
 */

/** A port the technician can pick: a real serial port (optical probe) or the built-in emulated meter. */
export interface PortInfo {
  /** What to pass as `port`: `emulator`, `COM3`, `/dev/ttyUSB0`… */
  readonly path: string;
  /** Label for people: "Emulated meter (built-in)", "COM3 — FTDI USB optical probe". */
  readonly label: string;
  readonly kind: 'emulator' | 'serial';
  /** USB manufacturer / serial of the adapter when the OS reports it. */
  readonly detail: string | null;
}

/** What to read and where to save it. */
export interface ReadMeterRequest {
  /** Port path from `PortInfo.path` (or `emulator`). */
  readonly port: string;
  /** Device address for the sign-on ('' = any meter on the probe). */
  readonly address?: string;
  /** Highest baud rate to negotiate (default: what the meter offers, at most 19200). */
  readonly maxBaud?: number;
  /** Read the load profile through programming mode (default true). */
  readonly loadProfile?: boolean;
  /** Where to write the .RES file: a folder or a file path; default the store's RES folder; `false` = none. */
  readonly resOut?: string | false;
}

/** Result of a reading that was stored. */
export interface ReadMeterOutcome {
  readonly readingId: number;
  /** True when an identical reading was already stored (nothing new written). */
  readonly duplicate: boolean;
  readonly resPath: string | null;
  readonly registerCount: number;
  readonly intervalCount: number;
  readonly serial: string | null;
  readonly identification: string;
  /** Elapsed seconds of the whole session. */
  readonly elapsedSeconds: number;
  /** Non-fatal notes (e.g. "meter offers no load profile"). */
  readonly notes: readonly string[];
}
