/**
 * Test fixture: a realistic ReadingResult of an Iskra MT174 read in mode C at 9600 Bd on the night summer time
 * starts in the UK (Europe/London, 2026-03-29 01:00 UTC: local 01:00 GMT jumps to 02:00 BST).
 * 30 registers (energy, rate registers, maximum demand with time stamps, billing periods *01…*03, billing
 * period time stamps 0.1.2*NN, a `-0.000` value), a 2-channel 15-minute load profile across the DST change
 * with a power-failure gap (empty values), two notes, and raw bytes built with the lead's frame encoder.
 * For tests only (imported by *.test.ts and benchmarks).
 */
import { DateTime } from 'luxon';
import type { LoadProfileInterval, ReadingResult, Register } from '../../protocol/reading';
import { asciiToBytes } from '../../protocol/iec62056-21/control';
import { encodeReadout } from '../../protocol/iec62056-21/frames';

/** Data sets of the readout, as the meter sends them (address, value groups). */
const DATA_SETS: readonly (readonly [string, ...string[]])[] = [
  ['F.F', '00000000'],
  ['C.1.0', '60219548'],
  ['0.0.0', '60219548'],
  ['0.2.0', 'V1.06'],
  ['C.1.6', 'FDF5'],
  ['0.9.1', '0011025'],
  ['0.9.2', '0260329'],
  ['1.8.0', '0008048.375*kWh'],
  ['1.8.1', '0005102.120*kWh'],
  ['1.8.2', '0002946.255*kWh'],
  ['1.8.3', '0000000.000*kWh'],
  ['1.8.4', '0000000.000*kWh'],
  ['2.8.0', '0000012.004*kWh'],
  ['3.8.0', '0001520.911*kvarh'],
  ['4.8.0', '0000044.030*kvarh'],
  ['1.6.0', '02.468*kW', '2603101930'],
  ['2.6.0', '00.112*kW', '2603041215'],
  ['1.7.0', '00.845*kW'],
  ['3.7.0', '-0.000*kvar'],
  ['32.7.0', '241.3*V'],
  ['0.1.0', '17'],
  ['1.8.0*03', '0007912.007*kWh'],
  ['1.8.0*02', '0007777.500*kWh'],
  ['1.8.0*01', '0007640.190*kWh'],
  ['1.6.0*02', '02.901*kW', '2601151845'],
  ['1.6.0*01', '02.733*kW', '2602091900'],
  ['0.1.2*03', '2601010000'],
  ['0.1.2*02', '2602010000'],
  ['0.1.2*01', '2603010000'],
  ['C.7.0', '0003'],
];

function stamp(t: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(t);
  return m === null ? null : `20${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00`;
}

/** A data set interpreted the way protocol/iec62056-21/datasets.ts does (kept independent here). */
function register(address: string, groups: readonly string[]): Register {
  const [base, period] = address.split('*') as [string, string | undefined];
  const first = groups[0] ?? '';
  const star = first.indexOf('*');
  const text = star < 0 ? first : first.slice(0, star);
  const isStampSet = base === '0.1.2';
  return {
    address,
    obis: address,
    code: base.split('.').length === 2 ? `${base}.0` : base,
    billingPeriod: period === undefined ? null : Number(period),
    value: isStampSet || !/^-?\d+(\.\d+)?$/.test(text) ? null : Number(text),
    text,
    unit: star < 0 || star === first.length - 1 ? null : first.slice(star + 1),
    timestampLocal: isStampSet ? stamp(first) : groups[1] === undefined ? null : stamp(groups[1]),
    values: groups.map((raw) => ({ raw })),
    interpretation: null,
  };
}

const iso = (d: DateTime) => new Date(d.toMillis()).toISOString();

/** Load profile starting `from` (UTC ISO), `count` 15-minute intervals, two channels (import/export demand). */
function intervals(from: string, count: number, zone: string): LoadProfileInterval[] {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const out: LoadProfileInterval[] = [];
  for (let k = 0; k < count; k++) {
    const s = start.plus({ minutes: 15 * k });
    const local = s.setZone(zone);
    const failed = k === 9; // one interval lost to a power failure: empty values
    out.push({
      startUtc: iso(s),
      endUtc: iso(s.plus({ minutes: 15 })),
      startLocal: local.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      dst: local.isInDST,
      status: failed ? '81' : local.isInDST ? '08' : '00',
      values: failed ? [null, null] : [Math.round(((k * 37) % 211) * 7.5) / 1000, k % 5 === 0 ? 0.012 : 0],
    });
  }
  return out;
}

/** Options of {@link buildReading}. */
export interface FixtureOptions {
  /** Number of 15-minute load-profile intervals (default 24, 22:00 → 04:00 UTC over the DST change); 0 → no load profile. */
  readonly intervals?: number;
  readonly serial?: string | null;
  readonly startedUtc?: string;
  readonly address?: string;
}

/** A realistic ReadingResult (see file comment). Each call returns a fresh, equal object for equal options. */
export function buildReading(opts: FixtureOptions = {}): ReadingResult {
  const zone = 'Europe/London';
  const startedUtc = opts.startedUtc ?? '2026-03-29T04:10:00.000Z';
  const count = opts.intervals ?? 24;
  const dataBlock = DATA_SETS.map(([a, ...g]) => `${a}${g.map((x) => `(${x})`).join('')}\r\n`).join('');
  const lpIntervals = intervals('2026-03-28T22:00:00.000Z', count, zone);
  const lpText = `P.01(0260328221500)(00)(15)(2)(1.5.0)(kW)(2.5.0)(kW)\r\n${lpIntervals
    .map((i) => i.values.map((v) => `(${v ?? ''})`).join(''))
    .join('\r\n')}\r\n`;
  return {
    version: 1,
    meter: {
      identification: '/ISk5MT174-0001',
      manufacturer: 'ISK',
      model: 'MT174-0001',
      serial: opts.serial === undefined ? '60219548' : opts.serial,
      address: opts.address ?? '',
    },
    session: {
      port: 'COM3',
      operator: 'j.smith',
      startedUtc,
      finishedUtc: iso(DateTime.fromISO(startedUtc, { zone: 'utc' }).plus({ seconds: 62.5 })),
      mode: 'C',
      baud: 9600,
      timeZone: zone,
      software: 'pmu-workstation 0.1.0',
    },
    registers: DATA_SETS.map(([a, ...g]) => register(a, g)),
    loadProfile:
      count === 0
        ? null
        : {
            profile: 1,
            periodMinutes: 15,
            channels: [
              { obis: '1.5.0', unit: 'kW' },
              { obis: '2.5.0', unit: 'kW' },
            ],
            intervals: lpIntervals,
          },
    notes: [
      { level: 'info', message: 'Meter clock is 12 s behind the PC clock.' },
      { level: 'warning', message: 'Interval 2026-03-29 00:15 flagged power failure (status 81); values empty.' },
    ],
    raw: {
      readout: encodeReadout(dataBlock),
      loadProfile: count === 0 ? null : asciiToBytes(lpText),
    },
  };
}
