import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../iec62056-21/errors';
import type { ReadProgress } from '../../iec62056-21/progress';
import { encodeAscii, encodeEnergyRegisters, encodeLoadProfileSize, encodeTimeDate } from './decoders';
import { encodeCumulativeMaxDemand, encodeMaxDemandRegisters } from './demand';
import { encodeLogRecord, encodeProgrammingLog } from './events';
import { type LpRecord, encodeLoadProfile } from './load-profile';
import { readElsterMeter, type ElsterReadOptions } from './read-meter';
import { type ScriptedElsterOptions, errorFrame, scriptedElsterMeter } from './testing/scripted-meter';

/** A whole Elster reading against the scripted meter, with the sizes and layouts of the public drivers. */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const NOW = Date.parse('2025-01-02T12:00:00Z');
const day = Date.parse('2025-01-01T00:00:00Z') / 1000; // Europe/London = UTC in winter: local seconds = UTC seconds

const lpRecords: LpRecord[] = [
  { kind: 'marker', marker: 'newDay', seconds: day, config: { channelMask: 0x0003, intervalCode: 9, dst: false } },
  { kind: 'entry', status: 0, values: [1_200_000, 0] },
  { kind: 'entry', status: 0, values: [1_500_000, 10_000] },
  { kind: 'entry', status: 0x02, values: [800_000, 0] },
];
/** A meter pads the last 64-byte packet with FF (public:abba1140/ABBA1140ProfileEntry.java:25). */
const padded = (b: Uint8Array) => Uint8Array.from({ length: Math.ceil(b.length / 64) * 64 }, (_, i) => b[i] ?? 0xff);
const lpBytes = padded(encodeLoadProfile(lpRecords, { mask: 'a1140', values: 'binary24', extendedStatus: false }));

function items(): Record<string, Uint8Array> {
  return {
    '798': encodeAscii('A1140-123456', 16, 's'),
    '795': encodeAscii('SCH-0042', 8, 's'),
    '998': encodeAscii('V1.23', 12, 's'),
    '861': encodeTimeDate('2025-01-02T12:00:42'), // 42 s fast
    '507': encodeEnergyRegisters([123_456_789_012n, 5_000_000n, ...Array<bigint>(14).fill(0n)]),
    '667': Uint8Array.of(0, 0, 1, 0, 0, 0, 0, 0),
    '508': encodeEnergyRegisters([100_000_000n, 23_456_789_012n, 1n, 0n, 0n, 0n, 0n, 0n]),
    '510': encodeMaxDemandRegisters(Array.from({ length: 12 }, (_, i) => ({ source: i === 0 ? 0 : null, milli: i === 0 ? 7_250_000n : 0n, atSeconds: i === 0 ? Date.parse('2025-01-01T17:30:00Z') / 1000 : null }))),
    '509': encodeCumulativeMaxDemand(Array.from({ length: 4 }, (_, i) => ({ source: 0, milli: i === 0 ? 2_000_000n : 0n }))),
    '616': Uint8Array.of(0, 0, 0x4e, 0x20, 0, 0, 0x01, 0xf4),
    '680': encodeProgrammingLog({ count: 3, times: [Date.parse('2024-12-01T09:00:00Z') / 1000], info: [0], users: ['TECH0042'] }, 'a1140-53'),
    '544': new Uint8Array(280),
    '695': encodeLogRecord({ count: 2, times: [Date.parse('2024-12-24T10:00:00Z') / 1000] }),
    '778': Uint8Array.of(1),
    '550': lpBytes,
    '551': encodeLoadProfileSize({ blocks64: Math.ceil(lpBytes.length / 64), blocks256: Math.ceil(lpBytes.length / 256) }),
  };
}

function run(meter: ScriptedElsterOptions = {}, opts: Partial<ElsterReadOptions> = {}) {
  const m = scriptedElsterMeter({ items: items(), ...meter });
  const progress: ReadProgress[] = [];
  const p = readElsterMeter(m.link.transport, {
    password: 'ABCDEFGH', timings: FAST, timeZone: 'Europe/London', now: () => NOW, loadProfile: 'all', onProgress: (x) => progress.push(x), resignOnPauseMs: 1, ...opts,
  });
  return { m, p, progress };
}

describe('readElsterMeter (A1140)', () => {
  it('reads identification, registers, clock, programming log, events and the load profile (RD stream)', async () => {
    const { m, p, progress } = run();
    const r = await p;
    const reg = (a: string) => r.registers.find((x) => x.address === a);
    expect(reg('C.1.0')?.text).toBe('A1140-123456');
    expect(reg('0.2.1')?.text).toBe('SCH-0042');
    expect(reg('0.2.0')?.text).toBe('V1.23');
    expect(reg('1.8.0')).toMatchObject({ text: '123456.789012', value: 123456.789012, unit: 'kWh' });
    expect(reg('2.8.3')).toMatchObject({ text: '0.000001', unit: 'kWh' }); // TOU 3 counts export (667 source 1)
    expect(reg('1.6.1')).toMatchObject({ value: 7.25, unit: 'kW', timestampLocal: '2025-01-01T17:30:00' });
    expect(reg('1.2.1')).toMatchObject({ value: 2, unit: 'kW' });
    expect(reg('0.4.2')?.text).toBe('200');
    expect(reg('0.4.5')?.text).toBe('5');
    expect(reg('C.2.0')).toMatchObject({ value: 3, timestampLocal: '2024-12-01T09:00:00' });
    expect(reg('128.2.1')?.text).toBe('TECH0042');
    expect(reg('128.98.5')).toMatchObject({ value: 2, timestampLocal: '2024-12-24T10:00:00' });
    expect(r.elster.programmingLog?.count).toBe(3);
    expect(r.elster.clock.driftMs).toBe(42_000);
    expect(r.loadProfile?.channels).toEqual([{ obis: '1.5.0', unit: 'kW' }, { obis: '2.5.0', unit: 'kW' }]);
    expect(r.loadProfile?.intervals.map((i) => [i.startUtc, i.values, i.status])).toEqual([
      ['2025-01-01T00:00:00.000Z', [1.2, 0], '00'],
      ['2025-01-01T00:30:00.000Z', [1.5, 0.01], '00'],
      ['2025-01-01T01:00:00.000Z', [0.8, 0], '02'],
    ]);
    expect(r.notes.map((n) => n.message)).toContain('Load-profile decoding: 3-byte values read as 24-bit binary (A1140 driver), A1140 channel mask, meter times in Europe/London local time.');
    expect(m.written.get('551')).toEqual(Uint8Array.of(0xff, 0xff)); // "everything" selected (W1 551 FFFF)
    expect(m.link.sent.some((x) => x.includes('861001(7)'))).toBe(true); // lengths as the driver writes them
    expect(m.commands.at(-1)?.command).toBe('B0');
    expect([...new Set(progress.map((x) => x.step))]).toEqual(['sign-on', 'programming-mode', 'data-readout', 'load-profile', 'break']);
  });

  it('a range: W1 554 from/to in local seconds (widened by 14 h), then R1 551, then RD 550', async () => {
    const { m, p } = run({}, { loadProfile: { fromUtc: '2025-01-01T00:00:00Z', toUtc: '2025-01-01T02:00:00Z' } });
    const r = await p;
    expect(r.loadProfile?.intervals).toHaveLength(3);
    const w = m.written.get('554')!;
    const le = (o: number) => w[o]! | (w[o + 1]! << 8) | (w[o + 2]! << 16) | (w[o + 3]! * 2 ** 24);
    expect([le(0), le(4)]).toEqual([day - 14 * 3600, day + 2 * 3600 + 14 * 3600]);
    const order = m.commands.map((c) => ('request' in c ? `${c.command} ${c.request.dataId}` : c.command)).filter((x) => /55[014]/.test(x));
    expect(order).toEqual(['W1 554', 'R1 551', 'RD 550']);
  });

  it('the R1 packet method (7E1 line) reads 550 by 64-byte packets', async () => {
    const { m, p } = run({}, { loadProfileMethod: 'packets' });
    const r = await p;
    expect(r.loadProfile?.intervals).toHaveLength(3);
    expect(m.commands.some((c) => c.command === 'RD')).toBe(false);
  });

  it('items the model lacks (ERR2) become notes; the reading goes on', async () => {
    const { p } = run({ fault: (_t, _m, c) => (c && 'request' in c && c.request.dataId === '680' ? errorFrame('ERR2') : undefined) }, { loadProfile: null, events: false });
    const r = await p;
    expect(r.elster.programmingLog).toBeNull();
    expect(r.notes.some((n) => /programming log \(680\).*ERR2/.test(n.message))).toBe(true);
  });

  it('a wrong password ends the reading with a plain error and B0', async () => {
    const { m, p } = run({ password: 'ZZZZZZZZ' });
    const e = await p.then(() => null, (x: unknown) => x);
    expect((e as ProtocolError).code).toBe('REFUSED');
    expect(m.commands.at(-1)?.command).toBe('B0');
  });
});

describe('readElsterMeter (A1700: its own sizes and flow)', () => {
  it('reads 795 as 16 bytes, 680 as 14, and selects the load profile by W1 551 = days', async () => {
    const lp = encodeLoadProfile(lpRecords, { mask: 'a1700', values: 'bcd6', extendedStatus: false });
    const it = {
      ...items(),
      '795': encodeAscii('A1700-SCHEME-001', 16, 's'),
      '507': encodeEnergyRegisters(Array.from({ length: 10 }, () => 1_000_000n)),
      '667': new Uint8Array(32),
      '508': encodeEnergyRegisters(new Array(32).fill(0n)),
      '510': encodeMaxDemandRegisters(Array.from({ length: 24 }, () => ({ source: null, milli: 0, atSeconds: null }))),
      '509': encodeCumulativeMaxDemand(Array.from({ length: 8 }, () => ({ source: 0, milli: 0 }))),
      '616': Uint8Array.of(0, 0, 2, 0, 0, 5),
      '614': Uint8Array.of(0, 0, 0x10, 0x01, 0, 0x10, 0x01),
      '680': encodeProgrammingLog({ count: 11, times: [0x4dc4706c] }, 'a1700-14'),
      '544': new Uint8Array(66),
      '550': lp,
      '551': encodeLoadProfileSize({ blocks64: Math.ceil(lp.length / 64), blocks256: Math.ceil(lp.length / 256) }),
    };
    const { m, p } = run({ items: it, identification: '/GEC5090100100400@000' }, { loadProfile: { fromUtc: '2025-01-01T00:00:00Z', toUtc: null }, timeZone: 'Europe/London' });
    const r = await p;
    expect(r.elster.family).toBe('A1700');
    expect(r.registers.find((x) => x.code === '0.2.1')?.text).toBe('A1700-SCHEME-001');
    expect(r.registers.find((x) => x.code === 'C.2.0')?.value).toBe(11);
    expect(r.registers.find((x) => x.code === '0.4.3')?.text).toBe('11000');
    expect(r.loadProfile?.intervals.map((i) => i.values[0])).toEqual([1.2, 1.5, 0.8]);
    expect(m.written.get('551')).toEqual(Uint8Array.of(2, 0)); // 2 local days: 1 and 2 January
    expect(m.commands.some((c) => 'request' in c && c.request.dataId === '554')).toBe(false);
    expect(r.notes.some((n) => /6 BCD digits \(A1700 driver\), A1700 channel mask/.test(n.message))).toBe(true);
  });
});
