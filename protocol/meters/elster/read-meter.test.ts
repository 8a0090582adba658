import { describe, expect, it } from 'vitest';
import { ProtocolError, TransferInterruptedError } from '../../iec62056-21/errors';
import type { ReadProgress } from '../../iec62056-21/progress';
import {
  encodeEnergyRegisters, encodeEvents, encodeMaxDemandRegisters, encodeProgrammingCounter, encodeSchemeId, encodeSerialNumber,
  encodeTimeDate,
} from './decoders';
import { type LpRecord, encodeLoadProfile } from './load-profile';
import { readElsterMeter, type ElsterReadOptions } from './read-meter';
import { type ScriptedElsterOptions, errorFrame, scriptedElsterMeter } from './testing/scripted-meter';

/** A whole Elster reading against the scripted meter (reference ../shared/reference/elster-dialect.md). */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const NOW = Date.parse('2025-01-02T12:00:00Z');
const day = Date.parse('2025-01-01T00:00:00Z') / 1000;

const lpRecords: LpRecord[] = [
  { kind: 'marker', marker: 'newDay', unix: day, config: { channelMask: 0x0003, intervalCode: 9, dst: false } },
  { kind: 'entry', status: 0, values: [1200, 0] },
  { kind: 'entry', status: 0, values: [1500.5, 10] },
  { kind: 'entry', status: 0x02, values: [800, 0] },
  { kind: 'end', unix: day + 5400 },
];

function items(): Record<string, Uint8Array> {
  return {
    '798': encodeSerialNumber('A1140-123456'),
    '795': encodeSchemeId('SCH-0042'),
    '861': encodeTimeDate('2025-01-02T12:00:42'), // 42 s fast (Europe/London = UTC in winter)
    '507': encodeEnergyRegisters([123_456_789_012n, 5_000_000n, ...Array<bigint>(14).fill(0n)]),
    '508': encodeEnergyRegisters([100_000_000n, 23_456_789_012n, 0n, 0n, 0n, 0n, 0n, 0n]),
    '510': encodeMaxDemandRegisters(Array.from({ length: 12 }, (_, i) => ({ mW: i === 0 ? 7_250_000n : 0n, at: i === 0 ? '2025-01-01T17:30:00Z' : null }))),
    '680': encodeProgrammingCounter({ count: 3, last: ['2024-12-01T09:00:00Z', null, null] }),
    '544': encodeEvents([{ count: 2, last: '2024-12-24T10:00:00Z' }, { count: 0, last: null }]),
    '550': encodeLoadProfile(lpRecords),
  };
}

function run(meter: ScriptedElsterOptions = {}, opts: Partial<ElsterReadOptions> = {}) {
  const m = scriptedElsterMeter({ items: items(), ...meter });
  const progress: ReadProgress[] = [];
  const p = readElsterMeter(m.link.transport, {
    password: 'ABCDEFGH',
    timings: FAST,
    timeZone: 'Europe/London',
    now: () => NOW,
    loadProfile: 'all',
    onProgress: (x) => progress.push(x),
    resignOnPauseMs: 1,
    ...opts,
  });
  return { m, p, progress };
}

describe('readElsterMeter', () => {
  it('reads identification, registers, clock, counter, events and the load profile (RD stream)', async () => {
    const { m, p, progress } = run();
    const r = await p;
    const reg = (a: string) => r.registers.find((x) => x.address === a);
    expect(reg('C.1.0')?.text).toBe('A1140-123456');
    expect(reg('0.2.1')?.text).toBe('SCH-0042');
    expect(reg('1.8.0')).toMatchObject({ text: '123456.789012', value: 123456.789012, unit: 'kWh' });
    expect(reg('2.8.0')).toMatchObject({ value: 5, unit: 'kWh' });
    expect(reg('1.8.2')).toMatchObject({ text: '23456.789012', unit: 'kWh' });
    expect(reg('1.6.1')).toMatchObject({ value: 7.25, unit: 'kW', timestampLocal: '2025-01-01T17:30:00' });
    expect(reg('0.9.1')?.text).toBe('120042');
    expect(reg('0.9.2')?.text).toBe('250102');
    expect(reg('C.2.0')?.value).toBe(3);
    expect(r.registers.filter((x) => x.address.startsWith('1.8.') && x.address !== '1.8.0')).toHaveLength(8);
    expect(r.elster.clock.driftMs).toBe(42_000);
    expect(r.notes.map((n) => n.message)).toContain('Meter clock 42 s fast (meter 2025-01-02 12:00:42).');
    expect(r.elster.programmingCounter).toEqual({ count: 3, lastUtc: ['2024-12-01T09:00:00.000Z', null, null] });
    expect(r.elster.events?.[0]).toEqual({ index: 0, count: 2, lastUtc: '2024-12-24T10:00:00.000Z' });
    expect(r.loadProfile?.channels).toEqual([{ obis: '1.5.0', unit: 'W' }, { obis: '2.5.0', unit: 'W' }]);
    expect(r.loadProfile?.intervals.map((i) => [i.startUtc, i.values, i.status])).toEqual([
      ['2025-01-01T00:00:00.000Z', [1200, 0], '00'],
      ['2025-01-01T00:30:00.000Z', [1500.5, 10], '00'],
      ['2025-01-01T01:00:00.000Z', [800, 0], '02'],
    ]);
    // the 551 answer and the stream block as received (7 bytes of framing around the data)
    expect(r.rawLoadProfile?.length).toBe(2 * 2 + 5 + r.elster.loadProfile!.bytes.length + 7);
    expect(r.readout.length).toBeGreaterThan(100);
    expect(r.mode).toBe('C');
    expect(m.items.get('551')).toEqual(Uint8Array.of(0xff, 0xff)); // "everything" selected
    expect(m.commands.at(-1)?.command).toBe('B0');
    const steps = [...new Set(progress.map((x) => x.step))];
    expect(steps).toEqual(['sign-on', 'programming-mode', 'data-readout', 'load-profile', 'break']);
    expect(progress.filter((x) => x.step === 'data-readout').every((x) => x.percent === null || (x.percent >= 5 && x.percent <= 45))).toBe(true);
  });

  it('the R1 packet method gives the same profile; a date range is written to 554', async () => {
    const { m, p } = run({}, { loadProfileMethod: 'packets', loadProfile: { fromUtc: '2025-01-01T00:00:00Z', toUtc: '2025-01-01T02:00:00Z' } });
    const r = await p;
    expect(r.loadProfile?.intervals).toHaveLength(3);
    expect([...m.items.get('554')!]).toEqual([...new Uint8Array(new Uint32Array([day, day + 7200]).buffer)]);
    expect(m.commands.some((c) => c.command === 'RD')).toBe(false);
  });

  it('items the model lacks (ERR2) become notes; the reading goes on', async () => {
    const { p } = run({ fault: (_t, _m, c) => (c && 'request' in c && c.request.dataId === '680' ? errorFrame('ERR2') : undefined) }, { loadProfile: null, events: false });
    const r = await p;
    expect(r.elster.programmingCounter).toBeNull();
    expect(r.notes.some((n) => /programming counter \(680\).*ERR2/.test(n.message))).toBe(true);
    expect(r.loadProfile).toBeNull();
  });

  it('a stream that stops names received-of-expected bytes and nothing is returned', async () => {
    const big: LpRecord[] = [lpRecords[0]!, ...Array.from({ length: 200 }, () => ({ kind: 'entry' as const, status: 0, values: [1, 2] })), { kind: 'end', unix: null }];
    const { p } = run(
      { items: { ...items(), '550': encodeLoadProfile(big), '551': Uint8Array.of(6, 0) }, mangle: (reply, t) => (t === '\x06' && reply instanceof Uint8Array && reply[1] === 3 ? null : reply) },
      { maxResignOns: 0, loadProfile: { fromUtc: '2025-01-01T00:00:00Z', toUtc: '2025-01-05T00:00:00Z' } },
    );
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(TransferInterruptedError);
    expect((e as ProtocolError).message).toMatch(/^The meter stopped answering after 526 of 1\u202f578 bytes of the load profile \(550\)\./);
  });

  it('a wrong password ends the reading with a plain error and B0', async () => {
    const { m, p } = run({ password: 'ZZZZZZZZ' });
    const e = await p.then(() => null, (x: unknown) => x);
    expect((e as ProtocolError).code).toBe('REFUSED');
    expect(m.commands.at(-1)?.command).toBe('B0');
  });
});
