import { afterEach, describe, expect, it } from 'vitest';
import { asciiToBytes } from '../../protocol/iec62056-21/control';
import { encodeReadout } from '../../protocol/iec62056-21/frames';
import { getReading, listReadings } from '../store/readings';
import { importContent } from './import-file';
import { readingFromCapture } from './readout-capture';
import { mt174Bytes, testContext } from './test-helpers';

/**
 * Raw data readout captures → readings. Uses the public Iskra MT174 capture
 * (fixtures/vectors/iskra-mt174-readout.bin: Apollon77/smartmeter-obis, MIT licence; fixtures/vectors/README.md).
 */
const CTX = { timeZone: 'Europe/Ljubljana', operator: 'tester', software: 'pmu-workstation test' };
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('readingFromCapture', () => {
  it('reads the MT174 capture: 343 registers, 1.8.0 = 8048.375 kWh, serial, meter clock as the reading time', () => {
    const bytes = mt174Bytes();
    const r = readingFromCapture(bytes, CTX, '2030-01-01T00:00:00.000Z');
    expect(r.registers).toHaveLength(343);
    const energy = r.registers.find((g) => g.code === '1.8.0' && g.billingPeriod === null);
    expect([energy?.address, energy?.value, energy?.unit]).toEqual(['1-0:1.8.0*255', 8048.375, 'kWh']);
    expect(r.meter.serial).toBe('63355730');
    // 0.9.2 (0170318: season 0 = normal time) and 0.9.1 (201455): 2017-03-18 20:14:55 CET = 19:14:55 UTC.
    expect(r.session.startedUtc).toBe('2017-03-18T19:14:55.000Z');
    expect(r.session.finishedUtc).toBe(r.session.startedUtc);
    // Echoed option select ACK 0 5 0: mode C, data at 9600 baud.
    expect([r.session.mode, r.session.baud, r.session.port]).toEqual(['C', 9600, 'readout-import']);
    expect(r.meter.identification).toBe('');
    expect(r.notes.map((n) => n.level)).toEqual(['info', 'warning']);
    expect(r.loadProfile).toBeNull();
    // raw.readout is exactly STX … ETX BCC (the 6 bytes of the echo left out), as a plain Uint8Array.
    expect(r.raw.readout[0]).toBe(0x02);
    expect(r.raw.readout.length).toBe(bytes.length - 6);
    expect(Object.getPrototypeOf(r.raw.readout)).toBe(Uint8Array.prototype);
  });

  it('uses the identification line in front of the readout', () => {
    const r = readingFromCapture(concat(asciiToBytes('/ISk5MT174-0001\r\n'), mt174Bytes()), CTX, '2030-01-01T00:00:00.000Z');
    expect(r.meter).toEqual({ identification: '/ISk5MT174-0001', manufacturer: 'ISK', model: 'MT174-0001', serial: '63355730', address: '' });
    expect(r.session.mode).toBe('C');
    expect(r.notes).toHaveLength(1);
  });

  it('takes the file time when the readout has no meter clock, and honours the season digit when it has one', () => {
    const noClock = encodeReadout('0.0.0(12345678)\r\n1.8.0(0001.5*kWh)\r\n');
    const r = readingFromCapture(noClock, CTX, '2026-05-01T10:00:00.000Z');
    expect(r.session.startedUtc).toBe('2026-05-01T10:00:00.000Z');
    expect(r.meter.serial).toBe('12345678');
    expect([r.session.mode, r.session.baud]).toEqual(['', 0]);
    expect(r.notes.some((n) => n.level === 'warning' && /modification time/.test(n.message))).toBe(true);
    // Autumn repeated hour in Ljubljana, 2025-10-26 02:30: season 1 (summer) = 00:30 UTC, season 0 = 01:30 UTC.
    const summer = readingFromCapture(encodeReadout('0.9.1(023000)\r\n0.9.2(1251026)\r\n'), CTX, 'x');
    const winter = readingFromCapture(encodeReadout('0.9.1(023000)\r\n0.9.2(0251026)\r\n'), CTX, 'x');
    expect([summer.session.startedUtc, winter.session.startedUtc]).toEqual(['2025-10-26T00:30:00.000Z', '2025-10-26T01:30:00.000Z']);
  });
});

describe('importing the MT174 capture', () => {
  const ctx = testContext();
  afterEach(() => ctx.db.exec('DELETE FROM readings; DELETE FROM meters; DELETE FROM import_log'));

  it('stores 343 registers with 1.8.0 = 8048.375 kWh as a readout-import; the same capture again is a duplicate', async () => {
    const first = await importContent(ctx, 'mt174.bin', mt174Bytes());
    expect(first).toMatchObject({ kind: 'readout', result: 'imported', registers: 343, intervals: 0, reason: null, line: null });
    const [summary] = listReadings(ctx.db);
    expect([summary?.source, summary?.registerCount, summary?.meterSerial]).toEqual(['readout-import', 343, '63355730']);
    const stored = getReading(ctx.db, first.readingIds[0]!)!;
    expect(stored.registers.find((g) => g.address === '1-0:1.8.0*255')?.value).toBe(8048.375);
    const again = await importContent(ctx, 'copy of mt174.bin', mt174Bytes());
    expect(again).toMatchObject({ result: 'duplicate', readingIds: first.readingIds });
    expect(listReadings(ctx.db)).toHaveLength(1);
  });
});
