import { z } from 'zod';
import { METER_MODELS } from './models';
import { type Fact, provenanceSchema } from './provenance';

/**
 * The shape of a meter definition: one per model, listing each data item the program reads or writes (Elster data
 * IDs `798`…, generic OBIS data-set addresses `0-0:13.0.0`…) with its size, layout, unit and scale, the security
 * level needed to read and write it, and where each of those facts comes from (provenance.ts). Readers, the
 * emulator, the programming compiler and the capability limits of schemes all read these definitions
 * (meter-definitions/index.ts), so a correction is made in one place. Pure data + zod.
 */

/** How a data item's bytes (Elster) or value text (generic) are laid out. */
export const ENCODINGS = [
  'ascii', // printable ASCII, padded
  'bcd-le', // packed BCD, least significant byte first (registers)
  'uint-le', // unsigned binary, least significant byte first
  'uint-be', // unsigned binary, most significant byte first
  'time-bcd', // 861: ss mm hh DD MM wd YY in BCD
  'records', // a sequence of fixed records (see `layout`)
  'stream', // load profile: markers and entries
  'image', // a tariff image (programming)
  'text', // generic data set value text
] as const;

/** One data item of a meter. */
export const dataItemSchema = z.object({
  /** Elster: 3-digit data ID (`798`); generic: OBIS address of the data set (`0-0:13.0.0`, `0-0:13.3.n` for a list). */
  id: z.string().min(1).max(32),
  /** Short name, e.g. `serial number`. */
  name: z.string().min(1).max(120),
  /** What it holds, in words, for the UI (register descriptions, staging view). */
  description: z.string().max(600).default(''),
  /** Size in bytes (Elster) or at most characters (generic); null when it varies (the layout says how). */
  bytes: z.number().int().min(0).max(65535).nullable(),
  encoding: z.enum(ENCODINGS),
  /** The layout in words, e.g. `16 × 8-byte LE BCD, mWh`. */
  layout: z.string().min(1).max(600),
  /** Unit of the value as the meter keeps it (`mWh`, `mW`, `s`…), '' for none. */
  unit: z.string().max(16).default(''),
  /** Power of ten to apply to the raw number for `unit` (616: −2 = hundredths). */
  scale: z.number().int().min(-9).max(9).default(0),
  /** Lowest security level that may read it (Elster 1…3; generic 0 = readout / 1 = programming mode), null = not readable. */
  readLevel: z.number().int().min(0).max(3).nullable(),
  /** Lowest security level that may write it, null = read-only. */
  writeLevel: z.number().int().min(0).max(3).nullable(),
  /** Where the size and layout come from. */
  provenance: provenanceSchema,
  /** Set when a user definition file confirmed an unproven layout: the file's name (see merge.ts). */
  confirmedBy: z.string().max(260).optional(),
});
/** See {@link dataItemSchema} (output side: defaults applied). */
export type DataItem = z.infer<typeof dataItemSchema>;
/** A data item as written in a definition (defaults optional). */
export type DataItemInput = z.input<typeof dataItemSchema>;

/** Load-profile value decodings: 24-bit big-endian binary (A1140 driver) or 6 BCD digits (A1700 driver). */
export const LP_VALUE_ENCODINGS = ['binary24', 'bcd6'] as const;
/** One of {@link LP_VALUE_ENCODINGS}. */
export type LpValueEncoding = (typeof LP_VALUE_ENCODINGS)[number];

/** Facts of the Elster dialect that differ by model. */
export interface ElsterFacts {
  /** TOU register counts of the variants (A1140 8; A1700 16 or 32). */
  readonly touRegisters: Fact<readonly number[]>;
  /** Identification device numbers (characters 10–12) of the 32-register variant (A1700), else empty. */
  readonly touRegisters32DeviceNumbers: Fact<readonly string[]>;
  /** Cumulative registers of 507 and what each holds, in order (`customer-1`… for customer-defined ones). */
  readonly cumulativeRegisters: Fact<readonly string[]>;
  readonly maxDemandRegisters: Fact<number>;
  readonly cumulativeMaxDemandRegisters: Fact<number>;
  /** How a load-profile entry's 3 value bytes are read. */
  readonly lpValueEncoding: Fact<LpValueEncoding>;
  /** How the E4/E8 channel mask maps to channels: A1140 (custom byte first) or A1700 ((m & 0x7F00) >> 1 | m & 0x7F, DST bit 0x80). */
  readonly lpChannelMask: Fact<'a1140' | 'a1700'>;
  /** Channels a load-profile record holds at most. */
  readonly lpMaxChannels: Fact<number>;
  /** How the client selects a range: W1 554 from/to (A1140) or W1 551 number of days (A1700). */
  readonly lpSelection: Fact<'range-554' | 'days-551'>;
  /** An extended status byte precedes each entry's status byte. */
  readonly lpExtendedStatus: Fact<boolean>;
  /** CT ratio layout of 616: two 4-byte big-endian binaries (A1140) or 4 + 2 LE BCD (A1700), both × 100. */
  readonly ctRatioLayout: Fact<'binary-be-4-4' | 'bcd-le-4-2'>;
  /** Data ID of the VT ratio, or null when no public source names one. */
  readonly vtRatioId: Fact<string | null>;
  /** Layout of 680: A1140 53 bytes (count, times, sources, 3 × 12-byte user names); A1700 14 bytes. */
  readonly programmingLog: Fact<'a1140-53' | 'a1700-14'>;
  /** Layout of 544: A1140 groups (HistoricalEventRegister) or A1700 66-byte sets (HistoricalEventSet). */
  readonly historicalEvents: Fact<'a1140-groups' | 'a1700-sets'>;
}

/** A built-in meter definition. */
export interface MeterDefinition {
  readonly model: (typeof METER_MODELS)[number];
  /** Name for people: `Elster A1140`. */
  readonly name: string;
  readonly dialect: 'elster' | 'iec62056-21';
  /** Every data item, by id. */
  readonly items: readonly DataItem[];
  /** Elster facts, or null for the generic meter. */
  readonly elster: ElsterFacts | null;
  /** Names of the user definition files merged in (merge.ts), in order. */
  readonly sources: readonly string[];
}
