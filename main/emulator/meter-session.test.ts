import { afterEach, describe, expect, it } from 'vitest';
import { checkBlockBcc } from '../../protocol/iec62056-21/bcc';
import { ACK, NAK, bytesToAscii } from '../../protocol/iec62056-21/control';
import { parseDataBlock } from '../../protocol/iec62056-21/datasets';
import { decodeBlock, encodeBreak, encodeCommand, encodeOptionSelect, encodeSignOn } from '../../protocol/iec62056-21/frames';
import { parseLoadProfileAnswer } from '../../protocol/iec62056-21/load-profile';
import { ConsumptionModel } from './consumption';
import { GenericMeter, type GenericMeterOptions } from './generic/meter';
import { createLinkPair } from './link';
import { MeterSession, type MeterSessionOptions } from './meter-session';
import { RawPeer } from './raw-peer';

/**
 * The meter's protocol state machine driven with raw frames over an unpaced in-memory link.
 * Reaction time is 5 ms (except where the default is checked) so the suite runs fast.
 */

const NOW = Date.UTC(2025, 2, 31, 10, 7, 30);
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0);
const sessions: MeterSession[] = [];

function setup(meterOpts: GenericMeterOptions = {}, sessionOpts: MeterSessionOptions = {}) {
  const [client, far] = createLinkPair({ names: ['client', 'meter'] });
  const meter = new GenericMeter({ now: () => NOW, installedUtcMs: INSTALLED, powerFailure: null, ...meterOpts });
  const session = new MeterSession(meter, far, { reactionTimeMs: 5, ...sessionOpts });
  session.start();
  sessions.push(session);
  return { peer: new RawPeer(client), meter, session };
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
});

async function signOn(peer: RawPeer, address = ''): Promise<string> {
  await peer.send(encodeSignOn(address));
  return bytesToAscii(await peer.message());
}

async function optionSelect(peer: RawPeer, baudChar: string, mode: string, baud: number): Promise<void> {
  await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar, modeControl: mode }));
  await peer.setBaud(baud);
}

describe('MeterSession: sign-on and data readout', () => {
  it('answers a sign-on with the identification after the default 200 ms reaction time', async () => {
    const { peer } = setup({}, { reactionTimeMs: undefined });
    const t0 = Date.now();
    expect(await signOn(peer)).toBe('/PMU5EMU-GEN-1.0\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('option select Y=0 at 9600 baud gives a BCC-valid readout matching the consumption model, then idles at 300', async () => {
    const { peer, session } = setup();
    await peer.send('\x00\x00garbage'); // noise before the sign-on is ignored
    await signOn(peer);
    await optionSelect(peer, '5', '0', 9600);
    const readout = await peer.message();
    expect(checkBlockBcc(readout)).toEqual({ ok: true });
    const regs = parseDataBlock(decodeBlock(readout).data.replace(/!\r\n$/, ''));
    expect(regs.length).toBeGreaterThanOrEqual(20);
    const model = new ConsumptionModel({ seed: 1, timeZone: 'Europe/London' });
    const total = regs.find((r) => r.address === '1-0:1.8.0*255')!;
    expect(total.value).toBeCloseTo(model.energyBetween(INSTALLED, NOW).importKwh, 3);
    const exp = regs.find((r) => r.address === '1-0:2.8.0*255')!;
    expect(exp.value).toBeCloseTo(model.energyBetween(INSTALLED, NOW).exportKwh, 3);
    await new Promise((r) => setTimeout(r, 20));
    expect(session.state).toBe('idle');
    await peer.setBaud(300);
    expect(await signOn(peer)).toMatch(/^\/PMU5/);
  });

  it('a client that stays at 300 baud receives garbage, not the readout', async () => {
    const { peer } = setup();
    await signOn(peer);
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '0' }));
    await new Promise((r) => setTimeout(r, 50));
    const got = bytesToAscii(peer.pending());
    expect(got.length).toBeGreaterThan(0);
    expect(got).not.toContain('1.8.0');
  });

  it('ignores a sign-on for another device address; answers its own address and the empty one', async () => {
    const { peer } = setup();
    await peer.send(encodeSignOn('87654321'));
    expect(await peer.silent(100)).toBe(true);
    expect(await signOn(peer, '12345678')).toBe('/PMU5EMU-GEN-1.0\r\n');
    expect(await signOn(peer, '')).toBe('/PMU5EMU-GEN-1.0\r\n');
  });

  it('stays silent on a baud character above the one it offered, and is ready for a new sign-on', async () => {
    const { peer, session } = setup();
    await signOn(peer);
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '6', modeControl: '0' }));
    expect(await peer.silent(100)).toBe(true);
    expect(session.state).toBe('idle');
    expect(await signOn(peer)).toMatch(/^\/PMU5/);
  });

  it('sends the readout at 300 baud when the client stays silent after the identification', async () => {
    const { peer } = setup({}, { autoReadoutAfterMs: 100 });
    await signOn(peer);
    const readout = await peer.message(1000);
    expect(checkBlockBcc(readout)).toEqual({ ok: true });
    expect(bytesToAscii(readout)).toContain('1-0:1.8.0*255(');
  });
});

describe('MeterSession: programming mode', () => {
  async function program(peer: RawPeer): Promise<string> {
    await signOn(peer);
    await optionSelect(peer, '5', '1', 9600);
    return bytesToAscii(await peer.message());
  }

  it('Y=1 sends P0 with the serial; R5 reads registers and a load-profile range; B0 returns to idle', async () => {
    const { peer, meter, session } = setup();
    const p0 = await program(peer);
    expect(p0).toBe(bytesToAscii(encodeCommand('P0', '(12345678)')));
    expect(session.state).toBe('programming');

    await peer.send(encodeCommand('R5', '1.8.0()'));
    const reg = decodeBlock(await peer.message());
    expect(reg.data).toBe(meter.read('1.8.0()'));
    expect(reg.data).toMatch(/^\(\d{7}\.\d{3}\*kWh\)$/);
    await peer.send(encodeCommand('R5', '42.42.42()'));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR02)');

    await peer.send(encodeCommand('R5', 'P.01(12503291000;12503291200)'));
    const lp = decodeBlock(await peer.message());
    expect(lp.partial).toBe(false);
    const profile = parseLoadProfileAnswer(lp.data, 'Europe/London');
    // 10:00 … 12:00 GMT on 29 March (season digit 1 in the request is honoured: 09:00 … 11:00 UTC)
    expect(profile.intervals.map((i) => i.endUtc)).toEqual(
      [0, 15, 30, 45, 60, 75, 90, 105, 120].map((m) => new Date(Date.UTC(2025, 2, 29, 9, 0) + m * 60_000).toISOString()),
    );

    await peer.send(encodeBreak());
    await new Promise((r) => setTimeout(r, 20));
    expect(session.state).toBe('idle');
    await peer.setBaud(300);
    expect(await signOn(peer)).toMatch(/^\/PMU5/);
  });

  it('R6 sends partial blocks that each wait for ACK; NAK repeats the block', async () => {
    const { peer, meter } = setup({}, { partialBlockBytes: 1024 });
    await program(peer);
    await peer.send(encodeCommand('R6', 'P.01(02503200000;02503220000)'));
    const first = await peer.message();
    const b1 = decodeBlock(first);
    expect(b1.partial).toBe(true);
    expect(b1.data.length).toBeLessThanOrEqual(1024);
    expect(await peer.silent(80)).toBe(true); // no ACK, no next block
    await peer.send(Uint8Array.of(NAK));
    expect(await peer.message()).toEqual(first);
    let data = b1.data;
    let blocks = 1;
    for (;;) {
      await peer.send(Uint8Array.of(ACK));
      const b = decodeBlock(await peer.message());
      data += b.data;
      blocks++;
      if (!b.partial) break;
    }
    expect(blocks).toBeGreaterThan(3);
    expect(data).toBe(meter.read('P.01(02503200000;02503220000)'));
  });

  it('asks for the password when one is configured', async () => {
    const { peer } = setup({ password: 'secret' });
    await program(peer);
    await peer.send(encodeCommand('R5', '1.8.0()'));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR05)');
    await peer.send(encodeCommand('P1', '(wrong)'));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR10)');
    await peer.send(encodeCommand('P1', '(secret)'));
    expect([...(await peer.message())]).toEqual([ACK]);
    await peer.send(encodeCommand('R5', '1.8.0()'));
    expect(decodeBlock(await peer.message()).data).toMatch(/kWh/);
  });

  it('answers a damaged command with NAK and drops programming mode after the inactivity time-out', async () => {
    const { peer, session } = setup({}, { inactivityTimeoutMs: 150 });
    await program(peer);
    const bad = encodeCommand('R5', '1.8.0()');
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
    await peer.send(bad);
    expect([...(await peer.message())]).toEqual([NAK]);
    await new Promise((r) => setTimeout(r, 250));
    expect(session.state).toBe('idle');
    await peer.setBaud(300);
    expect(await signOn(peer)).toMatch(/^\/PMU5/);
  });
});
