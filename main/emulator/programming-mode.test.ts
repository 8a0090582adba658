import { afterEach, describe, expect, it } from 'vitest';
import { ACK, bytesToAscii } from '../../protocol/iec62056-21/control';
import { decodeBlock, encodeCommand, encodeOptionSelect, encodeSignOn } from '../../protocol/iec62056-21/frames';
import { parseLogbookAnswer } from '../../protocol/iec62056-21/logbook';
import { GenericMeter, type GenericMeterOptions } from './generic/meter';
import { createLinkPair } from './link';
import { MeterSession } from './meter-session';
import { RawPeer } from './raw-peer';

/** The generic meter's programming-mode writes (W5 clock set of 0.9.1 / 0.9.2, behind P1) and its logbook P.98. */

const NOW = Date.UTC(2025, 2, 31, 10, 7, 30); // 11:07:30 BST
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0);
const OUTAGE = { startUtcMs: Date.UTC(2025, 2, 21, 13, 7), durationMinutes: 95 };
const sessions: MeterSession[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
});

async function programming(opts: GenericMeterOptions = {}) {
  const [client, far] = createLinkPair({ names: ['client', 'meter'] });
  const meter = new GenericMeter({ now: () => NOW, installedUtcMs: INSTALLED, powerFailure: OUTAGE, ...opts });
  const session = new MeterSession(meter, far, { reactionTimeMs: 2 });
  session.start();
  sessions.push(session);
  const peer = new RawPeer(client);
  await peer.send(encodeSignOn());
  await peer.message();
  await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '1' }));
  await peer.setBaud(9600);
  await peer.message(); // P0
  const ask = async (cmd: Parameters<typeof encodeCommand>[0], data: string) => {
    await peer.send(encodeCommand(cmd, data));
    const m = await peer.message();
    return m.length === 1 && m[0] === ACK ? 'ACK' : decodeBlock(m).data;
  };
  return { meter, ask };
}

describe('generic meter: W5 clock set', () => {
  it('W5 0.9.1 sets the time of day, W5 0.9.2 the date (season digit honoured); the readout shows it; logged as clock set', async () => {
    const { meter, ask } = await programming();
    expect(await ask('R5', '0.9.1()')).toBe('(110730)');
    expect(await ask('W5', '0.9.1(123000)')).toBe('ACK');
    expect(await ask('R5', '0.9.1()')).toBe('(123000)');
    expect(meter.meterTimeMs()).toBe(Date.UTC(2025, 2, 31, 11, 30, 0));
    expect(await ask('W5', '1-0:0.9.2*255(1250402)')).toBe('ACK');
    expect(await ask('R5', '0.9.2()')).toBe('(250402)');
    expect(meter.meterTimeMs()).toBe(Date.UTC(2025, 3, 2, 11, 30, 0));
    expect(meter.events.sessionEvents.map((e) => e.kind)).toEqual(['clock-set', 'clock-set']);
    expect(bytesToAscii(meter.dataReadout())).toContain('0-0:0.9.2*255(250402)');
  });

  it('refuses impossible values with (ERR04) and unknown addresses with (ERR02); E2 is not supported (ERR03)', async () => {
    const { meter, ask } = await programming();
    expect(await ask('W5', '0.9.1(256100)')).toBe('(ERR04)');
    expect(await ask('W5', '0.9.2(250230)')).toBe('(ERR04)');
    expect(await ask('W5', '1.8.0(0000001.000)')).toBe('(ERR02)');
    expect(await ask('E2', '0.1.0()')).toBe('(ERR03)');
    expect(meter.meterTimeMs()).toBe(NOW);
  });

  it('with a password, writes before P1 get (ERR05)', async () => {
    const { meter, ask } = await programming({ password: 'secret' });
    expect(await ask('W5', '0.9.1(120000)')).toBe('(ERR05)');
    expect(meter.meterTimeMs()).toBe(NOW);
    expect(await ask('P1', '(secret)')).toBe('ACK');
    expect(await ask('W5', '0.9.1(120000)')).toBe('ACK');
    expect(meter.meterTimeMs()).toBe(Date.UTC(2025, 2, 31, 11, 0, 0));
  });
});

describe('generic meter: logbook P.98', () => {
  it('lists the power failure, billing resets and clock sets with season digit, status and event code', async () => {
    const { ask } = await programming();
    expect(await ask('W5', '0.9.1(110000)')).toBe('ACK');
    const entries = parseLogbookAnswer(await ask('R5', 'P.98(;)'), 'Europe/London');
    const codes = entries.map((e) => e.eventCode);
    expect(codes.filter((c) => c === '0006')).toHaveLength(13); // monthly billing resets since 25 Feb 2024
    const tail = entries.slice(-4).map((e) => [e.utc, e.status, e.eventCode]);
    expect(tail).toEqual([
      ['2025-03-01T00:00:00.000Z', '00', '0006'],
      ['2025-03-21T13:07:00.000Z', '00', '0001'],
      ['2025-03-21T14:42:00.000Z', '00', '0002'],
      ['2025-03-31T10:00:00.000Z', '08', '0003'],
    ]);
    expect(entries.at(-1)!.stamp).toEqual({ local: '2025-03-31T11:00:00', season: 1 });
  });

  it('honours the from;to range', async () => {
    const { ask } = await programming();
    const entries = parseLogbookAnswer(await ask('R5', 'P.98(02503211300;02503211500)'), 'Europe/London');
    expect(entries.map((e) => e.eventCode)).toEqual(['0001', '0002']);
    expect(await ask('R5', 'P.98(02503220000;02503230000)')).toBe('');
  });
});

describe('generic meter: reads with extra data in the brackets (issue 10 item 6)', () => {
  it('answers R1/R5 "1.8.0(1)" as "1.8.0()": some clients send a count or format there', async () => {
    const { ask } = await programming();
    const plain = await ask('R1', '1.8.0()');
    expect(plain).toMatch(/^\(\d+\.\d+\*kWh\)$/);
    expect(await ask('R1', '1.8.0(1)')).toBe(plain);
    expect(await ask('R5', '1-0:1.8.0*255(;)')).toBe(plain);
    expect(await ask('R1', '9.9.9(1)')).toBe('(ERR02)');
  });
});
