import { CRC16_VARIANTS, type Crc16Spec } from './crc16';

/**
 * The Elster A1140 / A1120 / A1700 meter profile: every meter-specific number of the dialect in ONE module,
 * so a correction (from a real capture or a manual) is made here and nowhere else.
 * Source of the facts: ../shared/reference/elster-dialect.md (A1120/A1140 manual M181 001, A1700 PMU
 * chapter M120 001, facts read from a public EnergyICT driver). Items marked ASSUMPTION are not in any public
 * source we have; each is also listed in `ELSTER_ASSUMPTIONS`.
 */

/** Meter families of the dialect (A1100 only streams one-way OBIS data and does not speak it). */
export type ElsterFamily = 'A1140' | 'A1120' | 'A1700';

/** Register-set sizes of a model. Counts are numbers of registers; null = not publicly known. */
export interface ElsterModel {
  readonly family: ElsterFamily;
  /** Cumulative energy registers (ID 507): 128 bytes / 8 bytes each = 16 (reference table). */
  readonly cumulativeRegisters: number;
  /** Time-of-use rate registers (ID 508): 8 on the A1140; 16 or 32 on the A1700 (reference). */
  readonly touRegisters: readonly number[];
  /** Maximum demand registers (ID 510): 12 on the A1140, 24 on the A1700 (reference). */
  readonly maxDemandRegisters: number;
  /** Cumulative maximum demand registers (ID 509): 8 on the A1700 (reference); A1140 count not published. */
  readonly cumulativeMaxDemandRegisters: number | null;
}

/** Sizes per family. A1120 is taken to match the A1140 (same manual M181 001). */
export const ELSTER_MODELS: Readonly<Record<ElsterFamily, ElsterModel>> = {
  A1140: { family: 'A1140', cumulativeRegisters: 16, touRegisters: [8], maxDemandRegisters: 12, cumulativeMaxDemandRegisters: null },
  A1120: { family: 'A1120', cumulativeRegisters: 16, touRegisters: [8], maxDemandRegisters: 12, cumulativeMaxDemandRegisters: null },
  A1700: { family: 'A1700', cumulativeRegisters: 16, touRegisters: [16, 32], maxDemandRegisters: 24, cumulativeMaxDemandRegisters: 8 },
};

/** One data ID of the register-access commands (R1/W1/RD `IDppp(…)`). */
export interface ElsterDataId {
  /** The 3-digit data ID, e.g. `798`. */
  readonly id: string;
  readonly name: string;
  /** Size in bytes when known (for the A1140), else null. */
  readonly bytes: number | null;
  /** Families that have it (per the reference). */
  readonly families: readonly ElsterFamily[];
}

const ALL: readonly ElsterFamily[] = ['A1140', 'A1120', 'A1700'];

/** The data IDs the reference lists (A1140 table; 680 is the A1700's). Sizes are A1140 sizes. */
export const ELSTER_DATA_IDS = {
  serialNumber: { id: '798', name: 'serial number (16 bytes ASCII)', bytes: 16, families: ALL },
  schemeId: { id: '795', name: 'scheme ID (8 bytes)', bytes: 8, families: ALL },
  timeDate: { id: '861', name: 'time/date (7 BCD bytes ss mm hh DD MM xx YY)', bytes: 7, families: ALL },
  cumulativeRegisters: { id: '507', name: 'cumulative energy registers (16 × 8-byte LE BCD, mWh)', bytes: 128, families: ALL },
  touRegisters: { id: '508', name: 'time-of-use rate registers', bytes: 64, families: ALL },
  cumulativeMaxDemand: { id: '509', name: 'cumulative maximum demand registers', bytes: null, families: ALL },
  maxDemandRegisters: { id: '510', name: 'maximum demand registers (12 bytes each)', bytes: 144, families: ALL },
  billingSets: { id: '543', name: 'historical (billing) sets, 24 × 457 bytes', bytes: 24 * 457, families: ALL },
  events: { id: '544', name: 'events', bytes: null, families: ALL },
  dailyHistoricalSets: { id: '545', name: 'daily historical sets × 14', bytes: null, families: ALL },
  loadProfile: { id: '550', name: 'load profile data', bytes: null, families: ALL },
  loadProfileBlocks: { id: '551', name: 'load profile block count (write FFFF = whole profile)', bytes: 2, families: ALL },
  loadProfileRange: { id: '554', name: 'load profile read by date range (from, to: 4-byte LE Unix times)', bytes: 8, families: ALL },
  ctRatio: { id: '616', name: 'CT ratio', bytes: null, families: ALL },
  billingReset: { id: '655', name: 'billing reset', bytes: null, families: ALL },
  programmingCounter: { id: '680', name: 'programming counter (count + 3 last times)', bytes: 14, families: ['A1700'] },
  touSources: { id: '667', name: 'TOU register sources', bytes: null, families: ALL },
  status: { id: '724', name: 'status', bytes: null, families: ALL },
  loadProfileChannelMask: { id: '777', name: 'load profile channel mask', bytes: null, families: ALL },
  dstFlag: { id: '778', name: 'DST flag', bytes: null, families: ALL },
  integrationPeriod: { id: '878', name: 'integration period', bytes: null, families: ALL },
  firmwareVersion: { id: '998', name: 'firmware version', bytes: null, families: ALL },
} as const satisfies Record<string, ElsterDataId>;

/** A data ID written when a tariff scheme is programmed; `assumed` = not in the reference table (ASSUMPTION). */
export interface ElsterTariffDataId extends ElsterDataId {
  /** True when no public source names this ID: it is this program's choice (see ELSTER_ASSUMPTIONS). */
  readonly assumed: boolean;
}

/**
 * The data IDs a tariff-scheme programming writes (W1 at security level 3) and reads back (R1). Their byte layouts
 * are in tariff-codec.ts (module comment), each one an ASSUMPTION, since no public source gives them.
 * 795 scheme ID, 667 TOU register sources and 616 CT ratio are in the reference table (their layouts are not);
 * 681 (programmer's user ID) is the emulator's choice from before; 617 and 901…908 are our choice, picked so they
 * collide with no ID the reference lists (ELSTER_DATA_IDS, ELSTER_EVENT_LOG_IDS).
 * `bytes` = fixed size, or null when the size depends on the content (the layout then starts with a count).
 */
export const ELSTER_TARIFF_IDS = {
  userId: { id: '681', name: "programmer's user ID (8 ASCII; reads 3 × 8, newest first)", bytes: 8, families: ALL, assumed: true },
  schemeId: { id: '795', name: 'scheme ID (8 ASCII)', bytes: 8, families: ALL, assumed: false },
  touSources: { id: '667', name: 'TOU register sources (2 bytes per TOU register)', bytes: null, families: ALL, assumed: false },
  ctRatio: { id: '616', name: 'CT ratio (primary, secondary × 1000, 4-byte LE each)', bytes: 8, families: ALL, assumed: false },
  vtRatio: { id: '617', name: 'VT ratio (primary, secondary × 1000, 4-byte LE each)', bytes: 8, families: ALL, assumed: true },
  dayProfiles: { id: '901', name: 'day profiles (count, then per profile: switch count, switches of hour, minute, rate)', bytes: null, families: ALL, assumed: true },
  weekProfiles: { id: '902', name: 'week profiles (count, then 7 day-profile numbers each)', bytes: null, families: ALL, assumed: true },
  seasons: { id: '903', name: 'seasons (count, then month, day, week-profile number each)', bytes: null, families: ALL, assumed: true },
  specialDays: { id: '904', name: 'special days (count, then year, month, day, day-profile number each)', bytes: null, families: ALL, assumed: true },
  dstRule: { id: '905', name: 'DST rule (11 bytes)', bytes: 11, families: ALL, assumed: true },
  maximumDemand: { id: '906', name: 'maximum demand configuration', bytes: null, families: ALL, assumed: true },
  loadProfile: { id: '907', name: 'load profile configuration (interval code, channel mask, depth)', bytes: 5, families: ALL, assumed: true },
  pulseOutputs: { id: '908', name: 'pulse outputs (count, then 8 bytes each)', bytes: null, families: ALL, assumed: true },
} as const satisfies Record<string, ElsterTariffDataId>;

/** Event logs 691…701 (reference: "691–701 event logs"); layout not published. */
export const ELSTER_EVENT_LOG_IDS: readonly string[] = Array.from({ length: 11 }, (_, i) => String(691 + i));

// ---- Session facts -------------------------------------------------------------------------------------

/** Option select mode control Y: `6` manufacturer (Elster) mode; `1` on meters set "IEC 1107 compatible". */
export const ELSTER_MODE_CONTROL = { manufacturer: '6', iec1107: '1' } as const;
/** Passwords are exactly 8 characters (upper-case in the PMU). */
export const ELSTER_PASSWORD_LENGTH = 8;
/** The P0 seed: 16 hex characters = 8 bytes. */
export const ELSTER_SEED_HEX_LENGTH = 16;
/** The meter locks the session (ERR5) after minutes without traffic; re-authenticate this often (4.5 min). */
export const ELSTER_REAUTH_INTERVAL_MS = 270_000;
/** Security level 1 may only adjust (creep) the clock: at most ±7.5 min in total (manual). */
export const ELSTER_CLOCK_ADJUST_TOTAL_S = 450;
/** …and about 5 s per integration period (manual). */
export const ELSTER_CLOCK_ADJUST_PER_PERIOD_S = 5;
/** R1 reads at most 0x40 bytes per packet (reference). */
export const ELSTER_MAX_PACKET_BYTES = 0x40;
/** R1/W1 packet numbers start at 001 (reference). */
export const ELSTER_FIRST_PACKET = 1;
/** Packet numbers are 3 hex digits, so at most FFF. */
export const ELSTER_MAX_PACKET_NUMBER = 0xfff;
/** ASSUMPTION: a W1 write packet carries at most the same 0x40 bytes as an R1 read packet. */
export const ELSTER_MAX_WRITE_BYTES = 0x40;
/** ASSUMPTION: the RD block count `(n)` is 1…0xFFFF (the stream's packet number is 2 bytes). */
export const ELSTER_MAX_STREAM_BLOCKS = 0xffff;

/** Layout of one RD data-stream block: STX, packet (2 bytes LE), length byte, data, ETX|EOT, CRC-16. */
export interface StreamFormat {
  /** ASSUMPTION: the CRC-16 variant. No public source names it; CRC-16/ARC ("the" CRC-16) is our guess. */
  readonly crc: Crc16Spec;
  /** ASSUMPTION: CRC byte order on the wire (low byte first, like the packet number). */
  readonly crcByteOrder: 'le' | 'be';
  /** ASSUMPTION: the CRC covers packet number … ETX/EOT, not the STX (as the IEC 62056-21 BCC does). */
  readonly crcCoversStx: boolean;
  /** ASSUMPTION: blocks carry up to 256 bytes ("RD blocks of 256 bytes"), so a length byte 0 means 256. */
  readonly lengthZeroMeans256: boolean;
  /** ASSUMPTION: the first block of a stream is packet 1 (as R1 packets start at 001). */
  readonly firstPacket: number;
}

/** The stream block format in use. Change the CRC (or anything else) here only. */
export const ELSTER_STREAM_FORMAT: StreamFormat = {
  crc: CRC16_VARIANTS.ARC,
  crcByteOrder: 'le',
  crcCoversStx: false,
  lengthZeroMeans256: true,
  firstPacket: 1,
};

// ---- Register layouts ----------------------------------------------------------------------------------

/**
 * Byte layouts of the register data IDs. BCD registers are 8 bytes, little-endian by byte (first byte = the two
 * least significant digits, high nibble = the more significant of the two: ASSUMPTION on the nibble order).
 */
export const ELSTER_LAYOUT = {
  /** 507/508/509: 8-byte LE BCD per register; 507/508 in mWh (reference); 509 in mW (ASSUMPTION, by analogy). */
  registerBytes: 8,
  /** 510: 12 bytes per register. ASSUMPTION: 8-byte LE BCD value in mW, then 4-byte LE Unix time of the maximum. */
  maxDemandBytes: 12,
  /** 798: 16 ASCII bytes. ASSUMPTION: padded at the end with spaces (NUL and 0xFF are also taken as padding). */
  serialBytes: 16,
  /** 795: 8 bytes. ASSUMPTION: ASCII like the serial number (also given as hex). */
  schemeIdBytes: 8,
  /** 861: 7 BCD bytes ss mm hh DD MM xx YY; byte 5 is written as 00 (reference). ASSUMPTION: 20YY. */
  timeDateBytes: 7,
  /** 680: 2-byte LE count + 3 × 4-byte LE Unix times, newest first (reference). ASSUMPTION: 0/FFFFFFFF = empty. */
  programmingCounterBytes: 14,
  /** 544: ASSUMPTION: records of 2-byte LE count + 4-byte LE Unix time of the last occurrence (as 680). */
  eventRecordBytes: 6,
} as const;

// ---- Load profile (ID 550) ------------------------------------------------------------------------------

/** Load-profile marker bytes (reference "Load profile encoding"); each is followed by a 4-byte LE Unix time. */
export const LP_MARKERS = {
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

/** Capture period in minutes of interval codes 0…A (low nibble of the E4/E8 config byte). */
export const LP_INTERVAL_MINUTES: readonly number[] = [1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60];
/** Bit 7 of the E4/E8 config byte: DST (summer time) active. */
export const LP_DST_BIT = 0x80;

/** Interval status bits (reference), with plain-language labels. */
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
 * Load-profile channels by channel-mask bit (reference: low byte import W, export W, Q1…Q4, VA import,
 * VA export; high byte 0x40/0x80 customer-defined 1/2). `obis` and `unit` are our mapping (ASSUMPTION: values
 * are average demand over the interval in W/var/VA; OBIS C codes 1, 2, 5–8, 9, 10 with D = 5 "last average",
 * manufacturer-specific C = 128/129 for the customer channels, whose unit is not known).
 */
export const LP_CHANNELS = [
  { bit: 0, key: 'importW', label: 'import W', obis: '1.5.0', unit: 'W' },
  { bit: 1, key: 'exportW', label: 'export W', obis: '2.5.0', unit: 'W' },
  { bit: 2, key: 'q1', label: 'Q1 var', obis: '5.5.0', unit: 'var' },
  { bit: 3, key: 'q2', label: 'Q2 var', obis: '6.5.0', unit: 'var' },
  { bit: 4, key: 'q3', label: 'Q3 var', obis: '7.5.0', unit: 'var' },
  { bit: 5, key: 'q4', label: 'Q4 var', obis: '8.5.0', unit: 'var' },
  { bit: 6, key: 'vaImport', label: 'import VA', obis: '9.5.0', unit: 'VA' },
  { bit: 7, key: 'vaExport', label: 'export VA', obis: '10.5.0', unit: 'VA' },
  { bit: 14, key: 'customer1', label: 'customer-defined 1', obis: '128.5.0', unit: '' },
  { bit: 15, key: 'customer2', label: 'customer-defined 2', obis: '129.5.0', unit: '' },
] as const;
/** One load-profile channel definition. */
export type LpChannel = (typeof LP_CHANNELS)[number];
/** Mask bits that name a channel; any other bit set makes the mask undecodable. */
export const LP_KNOWN_MASK_BITS = LP_CHANNELS.reduce((m, c) => m | (1 << c.bit), 0);

/**
 * Every assumption of this profile, in words, for the report and for whoever holds a real capture.
 * Each names where it lives so it can be corrected in one place.
 */
export const ELSTER_ASSUMPTIONS: readonly string[] = [
  'Stream CRC-16 variant is CRC-16/ARC, sent low byte first, over packet number … ETX/EOT (ELSTER_STREAM_FORMAT).',
  'Stream length byte 0 means 256 data bytes; stream packets are numbered from 1 (ELSTER_STREAM_FORMAT).',
  'RD block count (n) is written as at least 2 upper-case hex digits, at most FFFF (commands.ts).',
  'W1 writes carry at most 0x40 bytes per packet, like R1 reads (ELSTER_MAX_WRITE_BYTES).',
  'BCD registers are little-endian by byte with the high nibble the more significant digit (ELSTER_LAYOUT).',
  'Cumulative maximum demand (509) values are in mW (ELSTER_LAYOUT).',
  'Maximum demand record (510) = 8-byte LE BCD value in mW + 4-byte LE Unix time (ELSTER_LAYOUT).',
  'Event data (544) = records of 2-byte LE count + 4-byte LE Unix time (ELSTER_LAYOUT).',
  'Serial number is space-padded ASCII; scheme ID is ASCII; time/date year is 20YY (ELSTER_LAYOUT).',
  'Unix times (load profile, 680, 510, 554) are UTC seconds; 0 and FFFFFFFF mean "none" (unix-time.ts).',
  'Load profile channel OBIS codes (C.5.0) are our mapping; customer channels have no known unit (LP_CHANNELS).',
  'Load profile: channel mask little-endian; channel values in mask-bit order; BCD digits high nibble first; values in W/var/VA (LP_CHANNELS, load-profile.ts).',
  'Load profile timeline: E4/E8/EA/EB restart intervals at their time rounded down to the interval; E5 (power up) never moves it backwards; ED toggles the DST flag (load-profile.ts).',
  'The A1140/A1120 type digits are characters 7..9 of the identification counted from the "/" (identification.ts).',
  'Security level 3 sends P2(0000000000000000) and then the real P2 computed from the same P0 seed (password.ts).',
  // Client session (session.ts, stream-receiver.ts, load-profile-transfer.ts, clock.ts, registers.ts):
  'Re-authentication within a session re-sends the password sequence computed from the sign-on P0 seed (session.ts).',
  'A wrong password is refused with (ERRn) or NAK; either is reported as a refused password (session.ts).',
  'RD flow control: the client ACKs each stream block and NAKs a damaged one; a meter that streams on without repeating is also read, the missing blocks by R1 packets 4k-3…4k (stream-receiver.ts).',
  'Reading 551 after a load-profile selection gives its size as a 2-byte LE count of 256-byte stream blocks; 0/FFFF or an ERR = unknown (load-profile-transfer.ts).',
  'W1 861 at security level 1 or 2 is a clock adjust (creep); at level 3 it is a clock set (clock.ts).',
  'Cumulative registers 0…7 (507) hold import/export W, Q1…Q4, VA import/export like the load-profile mask; TOU (508) and maximum demand (510) registers are active import (registers.ts).',
  // Tariff programming (tariff-codec.ts, ELSTER_TARIFF_IDS; docs/programming.md):
  'Programming a tariff scheme needs security level 3; every write is W1 to one data ID and the meter answers ACK (ELSTER_TARIFF_IDS).',
  "The programmer's user ID is written to 681 as 8 space-padded ASCII bytes before the first programming write; R1 681 gives the user IDs of the last 3 programmings, 8 bytes each, newest first (ELSTER_TARIFF_IDS.userId).",
  'Data IDs 617 (VT ratio) and 901…908 (day profiles, week profiles, seasons, special days, DST rule, maximum demand, load profile, pulse outputs) are our choice; no public source names them (ELSTER_TARIFF_IDS).',
  'A value longer than 64 bytes is written as W1 packets 001, 002, … of 64 bytes in order (the last shorter); the meter takes the value when its last byte has arrived, known from the layout\'s own count bytes (tariff-codec.ts tariffImageLength).',
  'TOU register sources (667): 2 bytes per TOU register in register order: quantity code (0 unused, 1…10 = active import, active export, Q1…Q4, reactive import, reactive export, apparent import, apparent export) and rate number (1…32; 0 = every rate). A shorter write leaves the remaining registers unused (tariff-codec.ts).',
  'Day profiles (901): count, then per profile a switch count and 3 bytes per switch (hour 0…23, minute 0…59, rate 1…32), switch times strictly ascending (tariff-codec.ts).',
  'Week profiles (902): count, then 7 day-profile numbers (1-based, Monday first) per week profile (tariff-codec.ts).',
  'Seasons (903): count, then month, day, week-profile number (1-based) per season (tariff-codec.ts).',
  'Special days (904): count, then year − 2000 (0xFF = every year), month, day, day-profile number (1-based) per entry (tariff-codec.ts).',
  'DST rule (905): enabled, start (week 1…4 or 5 = last, ISO weekday 1…7, month, hour), end (the same 4 bytes), deviation in minutes, repeated hour (0 both passes, 1 first pass); the zone is not written (tariff-codec.ts).',
  'Maximum demand (906): integration period in minutes, method (0 block, 1 sliding), sub-intervals, per rate (0/1), reset lockout days, quantity count + quantity codes, billing-date count + (day, month 0 = every month) pairs (tariff-codec.ts).',
  'Load profile (907): interval code (as in the E4/E8 marker: 0…A = 1…60 min), 2-byte LE channel mask (as 777), 2-byte LE depth in days (0 = as deep as memory allows) (tariff-codec.ts).',
  'Pulse outputs (908): count, then output number, quantity code, pulses per kWh/kvarh × 1000 as 4-byte LE, pulse width in ms as 2-byte LE (tariff-codec.ts).',
  'CT ratio (616) and VT ratio (617): primary and secondary × 1000 as two 4-byte LE numbers; 1/1 = direct connected (tariff-codec.ts).',
  'The programming counter (680) is also answered by the A1140/A1120, not only the A1700 (elster/program.ts readElsterProgrammingCounter reads it and takes a refusal as no counter).',
];
