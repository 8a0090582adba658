import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asciiToBytes, bytesToAscii } from '../../../protocol/iec62056-21/control';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { readMeter } from '../../../protocol/iec62056-21/read-meter';
import type { Transport } from '../../../protocol/iec62056-21/transport';
import { createEmulatedMeter, createReplayMeter, pacedTransport, runMeterOnTransport } from '../../emulator';
import { hasSocat, openPtyPair, type PtyPair } from './pty-pair';
import { openSerialTransport } from './transport';

/**
 * Integration tests of the real serial link: serialport on both ends of a socat pty pair (7E1), with the
 * emulator answering on one end. socat is installed by `npm test` (scripts/ensure-system-deps.mjs).
 * The meter end is paced at the real wire time, as `pmu simulate` does: a pty passes bytes instantly, and
 * baud changes are recorded but not applied on a pty (see isPseudoTerminal in serial-transport.ts).
 */
const MT174 = new URL('../../../fixtures/vectors/iskra-mt174-readout.bin', import.meta.url);
// Iskra MT174 readout: Apollon77/smartmeter-obis test data (MIT licence), see fixtures/vectors/README.md.

describe.skipIf(!hasSocat())('serial link over a socat pty pair', () => {
  let pair: PtyPair;
  const open: Transport[] = [];
  beforeEach(async () => {
    pair = await openPtyPair();
  });
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    await pair.close();
  });
  const openEnd = async (path: string) => {
    const t = await openSerialTransport(path);
    open.push(t);
    return t;
  };
  const collect = (t: Transport, n: number) =>
    new Promise<string>((resolve) => {
      let got = '';
      const off = t.onData((c) => {
        got += bytesToAscii(c);
        if (got.length >= n) {
          off();
          resolve(got);
        }
      });
    });

  it('carries bytes both ways at 300 baud and after switching both ends to 9600', async () => {
    const a = await openEnd(pair.a);
    const b = await openEnd(pair.b);
    const gotB = collect(b, 5);
    await a.write(asciiToBytes('/?!\r\n'));
    expect(await gotB).toBe('/?!\r\n');
    await a.setBaudRate(9600);
    await b.setBaudRate(9600);
    const text = 'x'.repeat(3000);
    const gotA = collect(a, text.length);
    await b.write(asciiToBytes(text));
    expect(await gotA).toBe(text);
  });

  it('a port that does not exist is a plain-language LINK_LOST error', async () => {
    const err = await openSerialTransport(`${pair.a}-missing`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).message).toMatch(/does not exist\. Plug in the optical probe, or choose another port/);
  });

  it('reads registers and load profile from the emulated meter over the pty', async () => {
    const meterEnd = await openEnd(pair.b);
    const running = runMeterOnTransport(createEmulatedMeter({ timeZone: 'Europe/London' }), pacedTransport(meterEnd), { reactionTimeMs: 200 });
    try {
      const client = await openEnd(pair.a);
      const now = Date.now();
      const reading = await readMeter(client, {
        timeZone: 'Europe/London',
        loadProfile: { fromUtc: new Date(now - 26 * 3600_000).toISOString(), toUtc: new Date(now).toISOString() },
      });
      expect(reading.baud).toBe(9600);
      expect(reading.registers.length).toBeGreaterThanOrEqual(20);
      expect(reading.registers.find((r) => r.code === '1.8.0' && r.billingPeriod === null)?.unit).toBe('kWh');
      expect(reading.loadProfile?.intervals.length).toBeGreaterThanOrEqual(96);
      expect(reading.loadProfile?.periodMinutes).toBe(15);
    } finally {
      await running.stop();
    }
  }, 40_000);

  it('serves the real Iskra MT174 readout from a replay meter and parses all of it', async () => {
    const meterEnd = await openEnd(pair.b);
    const running = runMeterOnTransport(
      createReplayMeter({ identification: '/ISk5MT174-0001', readout: new Uint8Array(readFileSync(MT174)) }),
      pacedTransport(meterEnd),
      { reactionTimeMs: 200 },
    );
    try {
      const client = await openEnd(pair.a);
      const reading = await readMeter(client, { timeZone: 'Europe/Ljubljana', loadProfile: null });
      expect(reading.identification.raw).toBe('/ISk5MT174-0001');
      expect(reading.identification.shortReactionTime).toBe(true);
      expect(reading.registers.length).toBeGreaterThanOrEqual(100);
      const energy = reading.registers.find((r) => r.address === '1-0:1.8.0*255');
      expect([energy?.value, energy?.unit]).toEqual([8048.375, 'kWh']);
      const md = reading.registers.find((r) => r.address === '1-0:1.6.0*255');
      expect([md?.value, md?.unit, md?.timestampLocal]).toEqual([2.468, 'kW', '2017-03-10T09:30:00']);
    } finally {
      await running.stop();
    }
  }, 40_000);
});
