/**
 * Test fixtures of the export formats: readings whose load profile is built the way a real reading is —
 * the meter's answer text encoded with `encodeLoadProfileAnswer` and parsed back with
 * `parseLoadProfileAnswer` (season digits, capture at the END of each interval) — across the Europe/Berlin
 * DST changes of 2025 (30 March: 23 h; 26 October: 25 h). For tests only.
 */
import { encodeReadout } from '../../protocol/iec62056-21/frames';
import { encodeLoadProfileAnswer, localStampFromUtc, parseLoadProfileAnswer } from '../../protocol/iec62056-21/load-profile';
import { asciiToBytes } from '../../protocol/iec62056-21/control';
import type { LoadProfileChannel, ReadingResult } from '../../protocol/reading';

/** The time zone of the DST fixtures. */
export const BERLIN = 'Europe/Berlin';

/** Channels of the fixtures: import/export demand (kW) and import energy per period (kWh). */
export const CHANNELS: readonly LoadProfileChannel[] = [
  { obis: '1.5.0', unit: 'kW' },
  { obis: '2.5.0', unit: 'kW' },
  { obis: '1-0:1.29.0', unit: 'kWh' },
];

/** Options of {@link profileReading}. */
export interface ProfileReadingOptions {
  readonly serial?: string;
  readonly manufacturer?: string;
  /** UTC start of the first interval. */
  readonly fromUtc: string;
  /** Number of 15-minute intervals. */
  readonly count: number;
  /** When the reading was made (UTC); default: the end of the last interval + 5 min. */
  readonly startedUtc?: string;
  /** Added to every value, so readings of the same meter and time can be told apart. */
  readonly offset?: number;
  readonly channels?: readonly LoadProfileChannel[];
  readonly timeZone?: string;
}

/**
 * A reading with a 15-minute load profile of `count` intervals from `fromUtc`, values
 * `(k mod 97) × 0.125 + offset` (channel 1), `0.25 × (k mod 3)` (channel 2), `k / 1000` (channel 3),
 * interval 5 empty (power failure, status 81), status 08 in summer time else 00 per block, and two registers.
 */
export function profileReading(o: ProfileReadingOptions): ReadingResult {
  const zone = o.timeZone ?? BERLIN;
  const channels = o.channels ?? CHANNELS;
  const periodMs = 15 * 60_000;
  const from = Date.parse(o.fromUtc);
  const firstEnd = new Date(from + periodMs).toISOString();
  const rows = Array.from({ length: o.count }, (_v, k) =>
    channels.map((_c, ci) => {
      if (k === 5) return null;
      const v = ci === 0 ? (k % 97) * 0.125 + (o.offset ?? 0) : ci === 1 ? 0.25 * (k % 3) : k / 1000;
      return v.toFixed(3);
    }),
  );
  const answer = encodeLoadProfileAnswer([
    { firstCapture: localStampFromUtc(firstEnd, zone), status: '00', periodMinutes: 15, channels, rows },
  ]);
  const lp = parseLoadProfileAnswer(answer, zone);
  const intervals = lp.intervals.map((iv, k) => ({ ...iv, status: k === 5 ? '81' : iv.dst ? '08' : '00' }));
  const startedUtc = o.startedUtc ?? new Date(from + o.count * periodMs + 5 * 60_000).toISOString();
  const serial = o.serial ?? '12345678';
  return {
    version: 1,
    meter: { identification: '/XYZ5GENERIC', manufacturer: o.manufacturer ?? 'XYZ', model: 'GENERIC', serial, address: '' },
    session: {
      port: 'COM3', operator: 'tester', startedUtc, finishedUtc: new Date(Date.parse(startedUtc) + 60_000).toISOString(),
      mode: 'C', baud: 9600, timeZone: zone, software: 'pmu-workstation test',
    },
    registers: [
      { address: '1.8.0', obis: '1.8.0', code: '1.8.0', billingPeriod: null, value: 1234.5 + (o.offset ?? 0), text: '0001234.500', unit: 'kWh', timestampLocal: null, values: [{ raw: '0001234.500*kWh' }], interpretation: null },
      { address: '1.6.0*01', obis: '1.6.0*01', code: '1.6.0', billingPeriod: 1, value: 2.5, text: '02.500', unit: 'kW', timestampLocal: '2025-09-30T18:45:00', values: [{ raw: '02.500*kW' }, { raw: '2509301845' }], interpretation: null },
    ],
    loadProfile: { ...lp, intervals },
    notes: [],
    raw: { readout: encodeReadout(`1.8.0(0001234.500*kWh)\r\n`), loadProfile: asciiToBytes(answer) },
  };
}
