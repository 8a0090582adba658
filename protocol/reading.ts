/**
 * The reading result: everything one meter reading produced, as stored in SQLite, written to a .RES file
 * and shown in the UI. Pure data (JSON-safe except the raw byte arrays).
 *
 * Time conventions used throughout:
 * - `...Utc` fields are ISO 8601 instants in UTC with milliseconds and `Z` (e.g. `2026-11-22T01:30:00.000Z`).
 * - `...Local` fields are the meter's wall-clock time as it sent it, ISO 8601 *without* offset
 *   (e.g. `2017-03-10T09:30:00`); `timeZone` of the reading (IANA name) says how to place them in UTC.
 * - Energy and power values are kept in the unit the meter sent (`unit`, e.g. kWh, kW, kvarh); no rescaling.
 */

/** One value group of a data set, e.g. `(0008048.375*kWh)` or the time stamp `(1703100930)`. */
export interface RegisterValue {
  /** Text between the brackets, exactly as sent (e.g. `0008048.375*kWh`). */
  readonly raw: string;
}

/**
 * One data set of a readout or answer (`address(value*unit)(…)`), interpreted.
 * Source: IEC 62056-21:2002 clause 6.5 (data set structure); OBIS per IEC 62056-61.
 */
export interface Register {
  /** Address as sent, e.g. `1-0:1.8.0*255` or `1.8.0` or `F.F`. */
  readonly address: string;
  /**
   * Normalised OBIS code `A-B:C.D.E*F` where it can be derived (missing A/B as sent are left out:
   * `1.8.0` → `1.8.0`; `1-0:1.8.0*255` → `1-0:1.8.0*255`). Same as `address` when not OBIS-shaped.
   */
  readonly obis: string;
  /** The short OBIS form `C.D.E` used for lookups and display, e.g. `1.8.0`, `C.1.0`, `F.F.0`. */
  readonly code: string;
  /** Billing period (historical value) number from the `*NN` suffix, 1…99; null for the current value (`*255` or none). */
  readonly billingPeriod: number | null;
  /**
   * Numeric value of the first value group when it is a quantity sent as a decimal number (`+000.8` → 0.8,
   * ` 12.5` → 12.5), else null. Null as well for texts that only look like numbers but are not quantities:
   * clock, date, status words and identifiers (see `interpretation`). Unit: `unit`.
   */
  readonly value: number | null;
  /**
   * The first value group's text without unit, exactly as sent, leading zeros, sign and padding included
   * (e.g. `0008048.375`, `031629`, `00000000`, `+000.8`, `L1-L2-L3`, ``). What the UI, .RES and exports show.
   */
  readonly text: string;
  /** Unit of the first value group as sent (`kWh`, `kW`, `kvarh`, `V`…), or null when none. */
  readonly unit: string | null;
  /** Time stamp carried by a later value group (max demand time, billing period end), meter local time, or null. */
  readonly timestampLocal: string | null;
  /** All value groups as sent, in order. */
  readonly values: readonly RegisterValue[];
  /**
   * What the text means, typed, beside the text as sent (which stays the truth): the meter clock's time
   * (`0.9.1(031629)` → 03:16:29) and date, a status word's set bits by name, an identifier. Null when the
   * register is a plain quantity (then `value` holds its number) or nothing more is known.
   */
  readonly interpretation: RegisterInterpretation | null;
}

/** One set bit of a status word (error register F.F, meter status), bit 0 = least significant. */
export interface StatusBit {
  readonly bit: number;
  /** What the bit means for this meter, or null when no source names it. */
  readonly name: string | null;
}

/**
 * A typed interpretation of a register's text. Times are meter local wall-clock times without offset (see
 * the time conventions above); `season` is the leading season digit of the date when the meter sent one
 * (0 normal time, 1 summer time, 2 UTC), else null.
 * - `date`: `0.9.2(1261206)` → `{ date: '2026-12-06', season: 1 }`.
 * - `time`: `0.9.1(031629)` → `{ time: '03:16:29' }`.
 * - `date-time`: a time stamp register (`0.1.2*03(2603010000)`) → `{ local: '2026-03-01T00:00:00' }`.
 * - `status`: a status word sent as hexadecimal digits (`F.F(00000010)`): its width in bits and the bits set,
 *   named where the meter's dialect names them.
 * - `identifier`: serial numbers, device addresses, firmware versions: text, never a quantity (`00012345`
 *   keeps its zeros and is not the number 12345).
 */
export type RegisterInterpretation =
  | { readonly kind: 'date'; readonly date: string; readonly season: 0 | 1 | 2 | null }
  | { readonly kind: 'time'; readonly time: string }
  | { readonly kind: 'date-time'; readonly local: string; readonly season: 0 | 1 | 2 | null }
  | { readonly kind: 'status'; readonly widthBits: number; readonly set: readonly StatusBit[] }
  | { readonly kind: 'identifier' };

/** One load-profile channel (a column of the profile). */
export interface LoadProfileChannel {
  /** OBIS code of the channel as sent in the profile header, e.g. `1.5.0` or `1-0:1.29.0`. */
  readonly obis: string;
  /** Unit of the channel's values as sent, e.g. `kW`, `kWh`, `kvarh`. */
  readonly unit: string;
}

/** One load-profile interval (capture period). */
export interface LoadProfileInterval {
  /** Interval start, UTC instant. */
  readonly startUtc: string;
  /** Interval end, UTC instant (start + period). */
  readonly endUtc: string;
  /** Interval start in meter local wall-clock time (no offset). */
  readonly startLocal: string;
  /** True when the meter flagged the interval as in summer time (DST). */
  readonly dst: boolean;
  /** Meter status word of the interval as sent (hex or decimal text); decoded per meter profile elsewhere. */
  readonly status: string;
  /** One value per channel, same order as `LoadProfile.channels`; null where the meter sent an empty value. */
  readonly values: readonly (number | null)[];
}

/** A load profile as read (P.01, clause 6.3.7 / reference note "Load profile and logbook"). */
export interface LoadProfile {
  /** Profile number, 1 for `P.01`, 2 for `P.02`. */
  readonly profile: number;
  /** Capture period in minutes (e.g. 15). When blocks differ, the most common one. */
  readonly periodMinutes: number;
  readonly channels: readonly LoadProfileChannel[];
  /** Intervals in time order. */
  readonly intervals: readonly LoadProfileInterval[];
}

/** A non-fatal note about the reading, e.g. "meter offers no load profile". */
export interface ReadingNote {
  readonly level: 'info' | 'warning';
  readonly message: string;
}

/** Everything a meter reading produced. */
export interface ReadingResult {
  /** Format/model version of this structure (bumped on incompatible change). */
  readonly version: 1;
  readonly meter: {
    /** Identification line without CR LF, e.g. `/ISk5MT174-0001`. */
    readonly identification: string;
    /** Manufacturer flag in upper case (e.g. `ISK`). */
    readonly manufacturer: string;
    /** Identification text after the baud character (model/firmware), e.g. `MT174-0001`. */
    readonly model: string;
    /** Serial number from the readout (C.1.0, else 0.0.0), or null when the meter did not send one. */
    readonly serial: string | null;
    /** Device address used at sign-on ('' for none). */
    readonly address: string;
  };
  readonly session: {
    /** Port name, e.g. `COM3`, `/dev/ttyUSB0`, `emulator`. */
    readonly port: string;
    /** Who read: the OS user (later: the signed-in user). */
    readonly operator: string;
    readonly startedUtc: string;
    readonly finishedUtc: string;
    /** Protocol mode used (A, B, C, E). */
    readonly mode: string;
    /** Baud rate of the data transfer, bit/s. */
    readonly baud: number;
    /** IANA time zone used to place the meter's local times in UTC, e.g. `Europe/London`. */
    readonly timeZone: string;
    /** Application that made the reading, e.g. `pmu-workstation 0.1.0`. */
    readonly software: string;
  };
  /** Data sets of the readout, in the order the meter sent them. */
  readonly registers: readonly Register[];
  /** Load profile when read, else null. */
  readonly loadProfile: LoadProfile | null;
  readonly notes: readonly ReadingNote[];
  /** Raw bytes as received, kept for audit and re-parsing. */
  readonly raw: {
    /** The data readout message, STX … ETX BCC. */
    readonly readout: Uint8Array;
    /** The load-profile answer block(s) as received (concatenated), or null. */
    readonly loadProfile: Uint8Array | null;
  };
}
