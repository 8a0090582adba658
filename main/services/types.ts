import type { ElsterSecurityLevel } from '../../protocol/meters/elster/password';
import type { MeterChoice } from '../../protocol/meters/read-any';
import type { LineFormat } from '../links/types';
import type { ReadMeterOutcomeView } from '../../contract';

/**
 * Request/outcome shapes of the main-process services. The renderer sees them through contract/index.ts
 * (its zod schemas validate what reaches them; these carry what only main gives, e.g. `resOut`, `checkSerial`).
 */

/** How a job reaches and opens the meter: port, sign-on address, dialect, password and line. */
export interface MeterAccess {
  /** Port path from `listPorts` (`emulator`, `emulator:a1140`, `emulator:a1700`, `COM3`…). */
  readonly port: string;
  /** Device address for the sign-on ('' = any meter on the probe). */
  readonly address?: string;
  /** Dialect: `auto` (default) = decided from the identification; `generic`; `a1140` / `a1700` = Elster. */
  readonly meter?: MeterChoice;
  /**
   * Meter password: generic meters send it with P1 in programming mode; Elster meters need it (exactly 8
   * characters) for the security level `passwordLevel`.
   */
  readonly password?: string;
  /** Elster security level the password opens: 1, 2 (default for reads) or 3. */
  readonly passwordLevel?: ElsterSecurityLevel;
  /** Serial line format; default 8N1 when `meter` is a1140/a1700 (binary RD stream), else 7E1. See link.ts. */
  readonly line?: LineFormat;  /**
   * Serial number of the meter the user says is on the probe (names the meter in the audit record when the job does
   * not read it), or absent.
   */
  readonly meterSerial?: string;
  /**
   * Called with the meter's own serial number once it is known (before anything is written to the meter or stored);
   * throwing stops the job. Set by the service for users limited to some meters (main/services/meter-access.ts); one given is checked too.
   */
  readonly checkSerial?: (serial: string | null) => void;
}

/** What to read and where to save it. */
/** How to listen to a push meter (pmu read --listen; the Read screen's "Listen (push meter)"). */
export interface ListenSettings {
  /** Line speed of the meter, bit/s: 2400 (default, the A1100's), 4800 or 9600 (eHZ class). */
  readonly baud?: 2400 | 4800 | 9600;
  /** Line format: 7E1 (default, IEC 62056-21) or 8N1. */
  readonly line?: LineFormat;
  /** Telegrams to collect, 1 (default) … 100; more than one also gives a short load profile of power values. */
  readonly telegrams?: number;
  /** Longest wait for each telegram, s (default 30). */
  readonly timeoutSeconds?: number;
}

export interface ReadMeterRequest {
  /** Port path from `listPorts` (`emulator`, `emulator:a1140`, `emulator:a1700`, or a serial port). */
  readonly port: string;
  /** Device address for the sign-on ('' = any meter on the probe). */
  readonly address?: string;
  /** Highest baud rate to negotiate (default: what the meter offers, at most 19200). */
  readonly maxBaud?: number;
  /** Read the load profile through programming mode (default true). */
  readonly loadProfile?: boolean;
  /** Where to write the .RES file: a folder or a file path; default the store's RES folder; `false` = none. */
  readonly resOut?: string | false;
  /** Dialect, see MeterAccess.meter. */
  readonly meter?: MeterChoice;
  /** Password, see MeterAccess.password. */
  readonly password?: string;
  /** Elster security level of the password; default 2. */
  readonly passwordLevel?: ElsterSecurityLevel;
  /** Load profile from this instant (UTC ISO); null/absent = 48 h before now (unless `profileAll`). */
  readonly profileFromUtc?: string | null;
  /** Load profile up to this instant (UTC ISO); null/absent = now. */
  readonly profileToUtc?: string | null;
  /** Read the whole load profile the meter holds (overrides the range). */
  readonly profileAll?: boolean;
  /** Elster: read the events (544); default true. */
  readonly events?: boolean;
  /** Serial line format, see MeterAccess.line. */
  readonly line?: LineFormat;  /**
   * Serial number of the meter the user says is on the probe (names the meter in the audit record when the job does
   * not read it), or absent.
   */
  readonly meterSerial?: string;
  /**
   * Called with the meter's own serial number once it is known (before anything is written to the meter or stored);
   * throwing stops the job. Set by the service for users limited to some meters (main/services/meter-access.ts); one given is checked too.
   */
  readonly checkSerial?: (serial: string | null) => void;
  /**
   * Cross-check the identification before storing (./identification-check.ts: a second sign-on for a new meter or a
   * changed identification); default true. False only for benchmarks that time the reading itself.
   */
  readonly confirmIdentification?: boolean;
  /**
   * Listen to a push meter instead of signing on (main/services/listen-meter.ts). Implied for a port the link
   * registry opens with the listen provider (`emulator:a1100`, `emulator:push`, `listen:<port>`).
   */
  readonly listen?: ListenSettings;
}

/** Result of a reading that was stored. */
export type ReadMeterOutcome = ReadMeterOutcomeView;
