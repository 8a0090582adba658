import fc from 'fast-check';
import { fuzzBytes, mutate, type Mutation } from '../../iec62056-21/fuzz-inputs';
import { encodeAnswerFrame, encodeErrorFrame, encodePasswordFrame, encodeSeedFrame } from './answers';
import { encodeElsterCommand } from './commands';
import { encodeAscii, encodeEnergyRegisters, encodeTimeDate } from './decoders';
import { encodeCumulativeMaxDemand, encodeMaxDemandRegisters } from './demand';
import { encodeLogRecord, encodeProgrammingLog } from './events';
import { type LpLayout, type LpRecord, encodeLoadProfile } from './load-profile';
import { encodeStream, encodeStreamBlock, streamBlockCrc } from './stream';

/**
 * Seed material for the Elster fuzz properties: valid frames and data of every kind, built with this
 * module's own encoders (so the module stays pure and needs no files), and input arbitraries that mutate
 * them (bit flips, truncation, insertion, deletion; BCC or stream CRC optionally repaired so mutations reach
 * the inner decoders).
 */

const T0 = 1743292800; // 2025-03-30T00:00:00Z

const LP_RECORDS: LpRecord[] = [
  { kind: 'marker', marker: 'newDay', seconds: T0, config: { channelMask: 0x0003, intervalCode: 9, dst: false } },
  { kind: 'entry', status: 0, values: [1200000, 0] },
  { kind: 'marker', marker: 'dstChange', seconds: T0 + 3600 },
  { kind: 'entry', status: 0x20, values: [800500, 20000] },
  { kind: 'marker', marker: 'powerDown', seconds: T0 + 4200 },
  { kind: 'marker', marker: 'powerUp', seconds: T0 + 9000 },
  { kind: 'entry', status: 0x41, values: [300000, 0] },
  { kind: 'marker', marker: 'configChange', seconds: T0 + 14400, config: { channelMask: 0x000f, intervalCode: 7, dst: true } },
  { kind: 'entry', status: 0x04, values: [1000, 2000, 3000, 99999000] },
  { kind: 'marker', marker: 'timeChange', seconds: T0 + 14000 },
  { kind: 'marker', marker: 'forcedEndOfDemand', seconds: T0 + 15000 },
  { kind: 'marker', marker: 'profileCleared', seconds: T0 + 16000 },
  { kind: 'end' },
];

/** The layouts fuzzed: A1140 (binary values) and A1700 (BCD values, its own mask). */
export const LP_LAYOUTS: readonly LpLayout[] = [
  { mask: 'a1140', values: 'binary24', extendedStatus: false },
  { mask: 'a1700', values: 'bcd6', extendedStatus: false },
  { mask: 'a1140', values: 'bcd6', extendedStatus: true },
];

/** A load profile with every marker, a DST change, a power failure and a configuration change, per layout. */
export const LP_SEEDS = LP_LAYOUTS.map((l) => encodeLoadProfile(LP_RECORDS, l));
/** The A1140 seed. */
export const LP_SEED = LP_SEEDS[0]!;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Seeds by kind. */
export const SEEDS = {
  identification: ['/GEC5090100100400@000\r\n', '/GEC510051000000\r\n', '/GEC510050000000\r\n', '/ISk5MT174-0001\r\n'],
  requestText: ['798001(10)', '550FFF(40)', '861001(7)', '861001(00302112030025)', '551001(FFFF)', '550001(a)', '550001(1234)'],
  clientFrames: [
    encodeElsterCommand('R1', '798001(10)'), encodeElsterCommand('W1', '861001(00302112030025)'),
    encodeElsterCommand('RD', '550001(a)'), encodePasswordFrame({ command: 'P2', operand: '6090C0F0205080B0' }),
    encodePasswordFrame({ command: 'P1', operand: 'ABCDEFGH' }), encodeElsterCommand('B0', null),
  ],
  answerFrames: [
    encodeAnswerFrame(ascii('0123456789ABCDEF')), encodeAnswerFrame(Uint8Array.of(0, 0x30, 0x21, 0x12, 3, 0, 0x25)),
    encodeErrorFrame('ERR2'), encodeErrorFrame('ERR5'), encodeSeedFrame('0123456789ABCDEF'),
  ],
  streamBlocks: [
    ...encodeStream(LP_SEED).slice(0, 3),
    encodeStreamBlock({ packet: 0x0102, data: ascii('ABC'), last: false }),
    encodeStreamBlock({ packet: 7, data: Uint8Array.from({ length: 256 }, (_, i) => i), last: true }),
  ],
  serial: [encodeAscii('A1140-12345678', 16, 'serial'), ascii('0123456789ABCDEF')],
  timeDate: [encodeTimeDate('2025-03-12T21:30:00'), encodeTimeDate('2024-02-29T23:59:59')],
  registers: [encodeEnergyRegisters([12345678901n, 0n, 9999999999999999n, 1n]), encodeEnergyRegisters(new Array(16).fill(1000n))],
  maxDemand: [encodeMaxDemandRegisters([{ source: 0, milli: 2500000n, atSeconds: T0 }, { source: null, milli: 0, atSeconds: null }]), encodeCumulativeMaxDemand([{ source: 1, milli: 123n }])],
  programmingLog: [encodeProgrammingLog({ count: 3, times: [T0, T0 - 86400], info: [0, 1], users: ['TECH01', 'ENG'] }, 'a1140-53'), encodeProgrammingLog({ count: 11, times: [T0] }, 'a1700-14')],
  events: [encodeLogRecord({ count: 2, times: [T0] }), encodeLogRecord({ count: 65535, times: [T0, T0 - 1, T0 - 2], info: [1, 2, 4] }, 3), new Uint8Array(280), new Uint8Array(66)],
  loadProfile: [...LP_SEEDS, LP_SEED.subarray(0, 30)],
} as const;

/** Recompute the CRC of something that still looks like one stream block (STX … ETX|EOT CRC CRC). */
export function fixStreamCrc(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n < 7 || bytes[0] !== 0x02 || (bytes[n - 3] !== 0x03 && bytes[n - 3] !== 0x04)) return bytes;
  const out = bytes.slice();
  const crc = streamBlockCrc(out, n - 3);
  [out[n - 2], out[n - 1]] = [crc & 0xff, crc >> 8];
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

/** Stream-block bytes: fuzzBytes of the seeds, plus mutated seeds with the CRC repaired. */
export function fuzzStreamBytes(): fc.Arbitrary<Uint8Array> {
  const seeds = SEEDS.streamBlocks;
  return fc.oneof(
    fuzzBytes(seeds),
    fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([s, m]) => fixStreamCrc(mutate(s, m))),
  );
}

/** Data bytes for a data-ID decoder: random bytes of about the right size, seeds, mutated seeds. */
export function fuzzData(seeds: readonly Uint8Array[], size?: number): fc.Arbitrary<Uint8Array> {
  const arbs = [fuzzBytes(seeds)];
  if (size !== undefined) arbs.push(fc.uint8Array({ minLength: size, maxLength: size }));
  // Valid BCD bytes only, so the decoders get past the digit check more often.
  arbs.push(fc.array(fc.integer({ min: 0, max: 99 }).map((n) => ((n / 10) | 0) * 16 + (n % 10)), { maxLength: 64 }).map((a) => Uint8Array.from(a)));
  return fc.oneof(...arbs);
}
