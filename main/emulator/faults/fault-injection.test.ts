import { afterEach, describe, expect, it } from 'vitest';
import { checkBlockBcc } from '../../../protocol/iec62056-21/bcc';
import { ACK, NAK, bytesToAscii } from '../../../protocol/iec62056-21/control';
import { decodeBlock, encodeCommand, encodeOptionSelect, encodeSignOn } from '../../../protocol/iec62056-21/frames';
import { decodeAnswerFrame } from '../../../protocol/meters/elster/answers';
import { decodeProgrammingLog } from '../../../protocol/meters/elster/events';
import {
  type ElsterRig, elsterLogin, elsterRead, elsterReadRaw, elsterSignOn, elsterStream, elsterWrite, startElsterRig,
} from '../elster/raw-client';
import type { FaultPlan } from './faults';
import { GenericMeter } from '../generic/meter';
import { openEmbeddedEmulator } from '../index';
import { createLinkPair } from '../link';
import { MeterSession } from '../meter-session';
import { RawPeer } from '../raw-peer';

/**
 * Every fault kind injected into real sessions of both dialects, shown by the FaultLog and by the bytes the
 * client end observes (unpaced links, short reaction times).
 */

const NOW = Date.UTC(2025, 2, 31, 10, 7, 30);
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0);
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

function generic(faults: FaultPlan, password: string | null = null) {
  const [client, far] = createLinkPair({ names: ['client', 'meter'] });
  const meter = new GenericMeter({ now: () => NOW, installedUtcMs: INSTALLED, powerFailure: null, password });
  const session = new MeterSession(meter, far, { reactionTimeMs: 5, faults });
  session.start();
  stops.push(() => session.stop());
  return { peer: new RawPeer(client), client, session, meter };
}

async function readout(peer: RawPeer): Promise<string> {
  await peer.send(encodeSignOn());
  const id = bytesToAscii(await peer.message());
  await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '0' }));
  await peer.setBaud(9600);
  return id;
}

function elster(faults: FaultPlan): ElsterRig {
  const r = startElsterRig(NOW, { installedUtcMs: INSTALLED, powerFailure: null, loadProfileDays: 3 }, { faults });
  stops.push(() => r.stop());
  return r;
}

describe('byte faults on the generic meter', () => {
  it('corrupt-byte on the readout: the client sees a readout whose BCC fails', async () => {
    const { peer, session } = generic([{ fault: 'corrupt-byte', when: { commandKind: 'readout' }, offset: 40 }]);
    await readout(peer);
    const r = await peer.message();
    expect(checkBlockBcc(r).ok).toBe(false);
    expect(session.faultLog.entries).toMatchObject([{ fault: 'corrupt-byte', kind: 'readout', offset: 40, answerIndex: 2 }]);
  });

  it('drop-byte on the readout: one byte short and the BCC fails', async () => {
    const clean = new GenericMeter({ now: () => NOW, installedUtcMs: INSTALLED, powerFailure: null }).dataReadout();
    const { peer, session } = generic([{ fault: 'drop-byte', when: { commandKind: 'readout' } }]);
    await readout(peer);
    const r = await peer.message();
    expect(r.length).toBe(clean.length - 1);
    expect(checkBlockBcc(r).ok).toBe(false);
    expect(session.faultLog.count('drop-byte')).toBe(1);
  });

  it('bad-check on an R5 answer: the client NAKs and gets the clean answer repeated', async () => {
    const { peer, session } = generic([{ fault: 'bad-check', when: { commandKind: 'R5' } }]);
    await peer.send(encodeSignOn());
    await peer.message();
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '1' }));
    await peer.setBaud(9600);
    await peer.message(); // P0
    await peer.send(encodeCommand('R5', '1.8.0()'));
    const bad = await peer.message();
    expect(checkBlockBcc(bad).ok).toBe(false);
    await peer.send(Uint8Array.of(NAK));
    const good = await peer.message();
    expect(checkBlockBcc(good)).toEqual({ ok: true });
    expect(decodeBlock(good).data).toMatch(/kWh\)$/);
    expect(session.faultLog.entries.map((e) => e.fault)).toEqual(['bad-check']);
  });

  it('stall: the readout stops after K bytes for longer than ta, then resumes', async () => {
    const { peer } = generic([{ fault: 'stall', when: { commandKind: 'readout' }, offset: 100, ms: 1600 }]);
    await readout(peer);
    await new Promise((r) => setTimeout(r, 300));
    expect(peer.pending().length).toBe(100);
    expect(await peer.silent(1000)).toBe(true);
    const r = await peer.message(2000);
    expect(checkBlockBcc(r)).toEqual({ ok: true });
  });

  it('unplug: the link closes after K bytes of the readout', async () => {
    const { peer, client, session } = generic([{ fault: 'unplug', when: { commandKind: 'readout' }, offset: 50 }]);
    const closed: string[] = [];
    client.onClose((why) => closed.push(why));
    await readout(peer);
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toEqual(['link closed']);
    expect(peer.pending().length).toBe(50);
    expect(session.state).toBe('stopped');
  });

  it('slow: the identification comes only after the extra delay (beyond tr max 1500 ms)', async () => {
    const { peer, session } = generic([{ fault: 'slow', ms: 1600, when: { commandKind: 'identification' } }]);
    const t0 = Date.now();
    await peer.send(encodeSignOn());
    expect(await peer.silent(1500)).toBe(true);
    expect(bytesToAscii(await peer.message(1000))).toBe('/PMU5EMU-GEN-1.0\r\n');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1600);
    expect(session.faultLog.entries[0]).toMatchObject({ fault: 'slow', kind: 'identification', answerIndex: 1 });
  });
});

describe('message faults', () => {
  it('generic err5-lock: (ERR05) until P1 again', async () => {
    const { peer, session } = generic([{ fault: 'err5-lock', when: { commandKind: 'R5' } }], 'secret');
    await peer.send(encodeSignOn());
    await peer.message();
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '1' }));
    await peer.setBaud(9600);
    await peer.message();
    await peer.send(encodeCommand('P1', '(secret)'));
    expect([...(await peer.message())]).toEqual([ACK]);
    await peer.send(encodeCommand('R5', '1.8.0()'));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR05)');
    await peer.send(encodeCommand('R5', '1.8.0()'));
    expect(decodeBlock(await peer.message()).data).toBe('(ERR05)');
    await peer.send(encodeCommand('P1', '(secret)'));
    expect([...(await peer.message())]).toEqual([ACK]);
    await peer.send(encodeCommand('R5', '1.8.0()'));
    expect(decodeBlock(await peer.message()).data).toMatch(/kWh/);
    expect(session.faultLog.count('err5-lock')).toBe(1);
  });

  it('Elster err5-lock: (ERR5) to R1 until the client re-authenticates with P2', async () => {
    const { peer, session } = elster([{ fault: 'err5-lock', when: { commandKind: 'R1' } }]);
    const { seed } = await elsterSignOn(peer);
    await elsterLogin(peer, 2, '00000000', seed);
    expect(decodeBlock(await elsterReadRaw(peer, '861', 1, 7)).data).toBe('(ERR5)');
    expect(decodeBlock(await elsterReadRaw(peer, '861', 1, 7)).data).toBe('(ERR5)');
    await elsterLogin(peer, 2, '00000000', seed);
    expect(decodeAnswerFrame(await elsterReadRaw(peer, '861', 1, 7))).toHaveLength(7);
    expect(session.faultLog.entries).toMatchObject([{ fault: 'err5-lock', kind: 'R1' }]);
  });

  it('Elster nak-storm on W1: NAK to the next 2 writes without acting on them, then the third is handled once', async () => {
    const { peer, session, meter } = elster([{ fault: 'nak-storm', when: { commandKind: 'W1' }, count: 2 }]);
    const { seed } = await elsterSignOn(peer);
    await elsterLogin(peer, 3, '00000000', seed);
    const scheme = Uint8Array.from('SCHEMEXX', (c) => c.charCodeAt(0));
    expect([...(await elsterWrite(peer, '795', scheme))]).toEqual([NAK]);
    expect(meter.schemeId).toBe('SCHEME01');
    expect([...(await elsterWrite(peer, '795', scheme))]).toEqual([NAK]);
    expect([...(await elsterWrite(peer, '795', scheme))]).toEqual([ACK]);
    expect(meter.schemeId).toBe('SCHEMEXX');
    expect(decodeProgrammingLog(await elsterRead(peer, '680', 53), 'a1140-53', { zone: 'Europe/London' }).count).toBe(1);
    expect(session.faultLog.count('nak-storm')).toBe(2);
  });

  it('Elster bad-check on RD: the first stream block fails its CRC on the client side', async () => {
    const { peer, session } = elster([{ fault: 'bad-check', when: { commandKind: 'RD' } }]);
    const { seed } = await elsterSignOn(peer);
    await elsterLogin(peer, 2, '00000000', seed);
    await expect(elsterStream(peer, '550')).rejects.toThrow(/stream block 1 failed its CRC/);
    expect(session.faultLog.entries).toMatchObject([{ fault: 'bad-check', kind: 'RD' }]);
  });
});

describe('openEmbeddedEmulator with a model and faults', () => {
  it('an a1140 with a fault plan exposes the FaultLog; the link carries 8 bits for the binary stream', async () => {
    const emu = openEmbeddedEmulator({
      meter: { model: 'a1140', now: () => NOW, installedUtcMs: INSTALLED, loadProfileDays: 2 },
      session: { reactionTimeMs: 2 },
      faults: [{ fault: 'corrupt-byte', when: { commandKind: 'P0' }, offset: 5 }],
      paced: false,
    });
    stops.push(() => emu.stop());
    const peer = new RawPeer(emu.clientTransport);
    await expect(elsterSignOn(peer)).rejects.toThrow(/BCC|check/i);
    expect(emu.faultLog.entries).toMatchObject([{ fault: 'corrupt-byte', kind: 'P0', offset: 5 }]);
    expect(emu.meter.modelName).toBe('a1140');
  });
});
