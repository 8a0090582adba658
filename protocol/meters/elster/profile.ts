/**
 * The Elster A1140 / A1120 / A1700 dialect's fixed numbers, each with its source. Sizes, layouts and what differs
 * by model are in the meter definitions (meter-definitions/, read through model.ts); this module holds the
 * session and framing facts that are the same on every model. Public sources: the EnergyICT drivers in
 * `chandangeek/Connexo_Code` (docs/elster-sources.md lists each with file and line; citations below are
 * `public:<folder>/<file>:<line>` with the folders of that document). What no source shows is marked ASSUMPTION
 * and listed in `ELSTER_ASSUMPTIONS`.
 */

// ---- Session facts -------------------------------------------------------------------------------------

/** Option select mode control Y: `6` manufacturer (Elster) mode; `1` on meters set "IEC 1107 compatible" (public:iec1107/FlagIEC1107Connection.java:412-421). */
export const ELSTER_MODE_CONTROL = { manufacturer: '6', iec1107: '1' } as const;
/** Passwords are exactly 8 characters (reference "Session"; the driver tests use `FEDC0003`). */
export const ELSTER_PASSWORD_LENGTH = 8;
/** The P0 seed: 16 hex characters = 8 bytes. */
export const ELSTER_SEED_HEX_LENGTH = 16;
/** The meter locks the session (ERR5) after minutes without traffic; re-authenticate this often (4.5 min, reference "Corrections"). */
export const ELSTER_REAUTH_INTERVAL_MS = 270_000;
/** Security level 1 may only adjust (creep) the clock: at most ±7.5 min in total (manual). */
export const ELSTER_CLOCK_ADJUST_TOTAL_S = 450;
/** …and about 5 s per integration period (manual). */
export const ELSTER_CLOCK_ADJUST_PER_PERIOD_S = 5;
/** R1 reads at most 0x40 bytes per packet (reference; public:abba1140/ABBA1140ProfileEntry.java:25 "64 (normal mode) or 256 (DS mode)"). */
export const ELSTER_MAX_PACKET_BYTES = 0x40;
/** R1/W1 packet numbers start at 001 (reference). */
export const ELSTER_FIRST_PACKET = 1;
/** Packet numbers are 3 hex digits, so at most FFF. */
export const ELSTER_MAX_PACKET_NUMBER = 0xfff;
/** ASSUMPTION: a W1 write packet carries at most the same 0x40 bytes as an R1 read packet. */
export const ELSTER_MAX_WRITE_BYTES = 0x40;
/** ASSUMPTION: the RD block count `(n)` is 1…0xFFFF (the stream's packet number is 2 bytes). */
export const ELSTER_MAX_STREAM_BLOCKS = 0xffff;

// ---- Data stream (RD) ----------------------------------------------------------------------------------

/** Data bytes of a full RD block: the length byte says N − 1, so 0xFF = 256 (public:iec1107/FlagIEC1107Connection.java:1045,1054,1079). */
export const STREAM_BLOCK_BYTES = 256;
/** After an ESC the driver waits and flushes this long before asking again (public:iec1107/FlagIEC1107Connection.java:979-983). */
export const STREAM_ESC_PAUSE_MS = 3000;

// ---- Load profile (ID 550) ------------------------------------------------------------------------------

/**
 * Load-profile marker bytes (public:abba1140/ABBA1140ProfileEntry.java:17-26; the A1700 also has E2 external data,
 * public:abba1700/ABBA1700ProfileEntry.java:28). Each but FF and E2 is followed by a 4-byte LE local time; FF ends
 * the data and carries nothing (the stream receiver appends it after the last block, public:iec1107/FlagIEC1107Connection.java:1088).
 */
export const LP_MARKERS = {
  externalData: 0xe2,
  newDay: 0xe4,
  powerUp: 0xe5,
  powerDown: 0xe6,
  configChange: 0xe8,
  forcedEndOfDemand: 0xe9,
  timeChange: 0xea,
  profileCleared: 0xeb,
  dstChange: 0xed,
  end: 0xff,
} as const;
/** Name of a load-profile marker. */
export type LpMarkerName = keyof typeof LP_MARKERS;

/** Capture period in minutes of interval codes 0…A (public:abba1700/ABBA1700ProfileEntry.java:160-163). */
export const LP_INTERVAL_MINUTES: readonly number[] = [1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60];
/** A1140: bit 7 of the E4/E8 period byte = DST active (public:abba1140/ABBA1140ProfileEntry.java:74). */
export const LP_DST_BIT = 0x80;
/** A1700: bit 0x0080 of the E4/E8 channel mask = DST active (public:abba1700/ABBA1700ProfileEntry.java:184-185). */
export const LP_A1700_DST_MASK_BIT = 0x0080;

/** Interval status bits (public:abba1140/ABBA1140Profile.java `METER_TRANSIENT_RESET` … `PHASE_FAILURE`). */
export const LP_STATUS_BITS = [
  { bit: 0x01, flag: 'transientReset', label: 'transient reset' },
  { bit: 0x02, flag: 'timeSync', label: 'time synchronised' },
  { bit: 0x04, flag: 'dataChange', label: 'data change' },
  { bit: 0x08, flag: 'batteryFail', label: 'battery failure' },
  { bit: 0x10, flag: 'ctRatioChange', label: 'CT ratio change' },
  { bit: 0x20, flag: 'reverseRun', label: 'reverse run' },
  { bit: 0x40, flag: 'phaseFailure', label: 'phase failure' },
] as const;
/** Machine name of an interval status bit. */
export type LpStatusFlag = (typeof LP_STATUS_BITS)[number]['flag'];

/**
 * Load-profile channels by channel number after the model's mask mapping (lp-channels.ts): the A1140 mask as read
 * big-endian (byte 0 customer-defined 0x40/0x80 = bits 14/15, byte 1 import … VA export = bits 0…7;
 * public:abba1140/LoadProfileConfigRegister.java:44-140) and the A1700's ((m & 0x7F00) >> 1) | (m & 0x7F)
 * (0 import, 1 export, 2…5 Q1…Q4, 6 VA, 7…9 customer 1…3, 10…13 external inputs; public:abba1700/ABBA1700Profile.java:145-189).
 * Values are power: the flow unit of the register, mW / mvar / mVA (public:abba1140/LoadProfileConfigRegister.java:18-22);
 * the OBIS codes (C.5.0 "last average demand") are our mapping; customer channels and external inputs have no known unit.
 */
export interface LpChannel {
  readonly key: string;
  readonly label: string;
  readonly obis: string;
  /** Unit of the decoded value (the meter's milli-units), '' when unknown. */
  readonly unit: 'mW' | 'mvar' | 'mVA' | '';
}

/** A1140 channels by mask bit. */
export const LP_CHANNELS_A1140: ReadonlyMap<number, LpChannel> = new Map<number, LpChannel>([
  [0, { key: 'importW', label: 'import W', obis: '1.5.0', unit: 'mW' }],
  [1, { key: 'exportW', label: 'export W', obis: '2.5.0', unit: 'mW' }],
  [2, { key: 'q1', label: 'Q1 var', obis: '5.5.0', unit: 'mvar' }],
  [3, { key: 'q2', label: 'Q2 var', obis: '6.5.0', unit: 'mvar' }],
  [4, { key: 'q3', label: 'Q3 var', obis: '7.5.0', unit: 'mvar' }],
  [5, { key: 'q4', label: 'Q4 var', obis: '8.5.0', unit: 'mvar' }],
  [6, { key: 'vaImport', label: 'import VA', obis: '9.5.0', unit: 'mVA' }],
  [7, { key: 'vaExport', label: 'export VA', obis: '10.5.0', unit: 'mVA' }],
  [14, { key: 'customer1', label: 'customer-defined 1', obis: '128.5.0', unit: '' }],
  [15, { key: 'customer2', label: 'customer-defined 2', obis: '129.5.0', unit: '' }],
]);

/** A1700 channels by channel index after the mask mapping. */
export const LP_CHANNELS_A1700: ReadonlyMap<number, LpChannel> = new Map<number, LpChannel>([
  [0, { key: 'importW', label: 'import W', obis: '1.5.0', unit: 'mW' }],
  [1, { key: 'exportW', label: 'export W', obis: '2.5.0', unit: 'mW' }],
  [2, { key: 'q1', label: 'Q1 var', obis: '5.5.0', unit: 'mvar' }],
  [3, { key: 'q2', label: 'Q2 var', obis: '6.5.0', unit: 'mvar' }],
  [4, { key: 'q3', label: 'Q3 var', obis: '7.5.0', unit: 'mvar' }],
  [5, { key: 'q4', label: 'Q4 var', obis: '8.5.0', unit: 'mvar' }],
  [6, { key: 'va', label: 'VA', obis: '9.5.0', unit: 'mVA' }],
  [7, { key: 'customer1', label: 'customer-defined 1', obis: '128.5.0', unit: '' }],
  [8, { key: 'customer2', label: 'customer-defined 2', obis: '129.5.0', unit: '' }],
  [9, { key: 'customer3', label: 'customer-defined 3', obis: '130.5.0', unit: '' }],
  [10, { key: 'external1', label: 'external input 1', obis: '131.5.0', unit: '' }],
  [11, { key: 'external2', label: 'external input 2', obis: '132.5.0', unit: '' }],
  [12, { key: 'external3', label: 'external input 3', obis: '133.5.0', unit: '' }],
  [13, { key: 'external4', label: 'external input 4', obis: '134.5.0', unit: '' }],
]);

/**
 * Every remaining assumption of the dialect, in words, for the report and for whoever holds a real capture. Each
 * names where it lives so it can be corrected in one place. (Sizes and layouts without a public source are marked
 * `assumption` in meter-definitions/; the tariff-programming layouts are listed in docs/programming.md.)
 */
export const ELSTER_ASSUMPTIONS: readonly string[] = [
  'RD blocks are numbered from 1 by the meter (the driver reads the 2-byte packet number but does not check it; stream.ts).',
  'A damaged RD block: the client sends ESC, waits 3 s and asks for the whole RD again, at most 3 times (the driver\'s breakStreamingMode; stream-receiver.ts).',
  'W1 writes carry at most 0x40 bytes per packet, like R1 reads (ELSTER_MAX_WRITE_BYTES).',
  'Serial number and scheme ID are ASCII padded with spaces (NUL and 0xFF also taken as padding; decoders.ts).',
  'Load-profile timeline: each entry is one interval from the last E4/E8/E5/EA/EB time rounded down to the period; entries falling into one interval are summed (as the driver); ED toggles the DST flag (load-profile.ts).',
  'Load-profile value encoding per firmware: the A1140 driver reads 24-bit binary, the A1700 driver 6 BCD digits; a definition file can set either per identification (meter-definitions/).',
  'Re-authentication within a session re-sends the password sequence computed from the sign-on P0 seed (session.ts).',
  'W1 861 at security level 1 or 2 is a clock adjust (creep); at level 3 it is a clock set (clock.ts).',
  'W1 554 from/to are written in the meter\'s local seconds, widened by 14 h each side and trimmed after reading (the driver writes UTC seconds; load-profile-transfer.ts).',
  'The A1700 544 set 0 is the current one (the driver reads only the first 66 bytes; events.ts).',
];
