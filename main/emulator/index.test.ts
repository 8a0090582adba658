import { describe, expect, it } from 'vitest';
import { bytesToAscii } from '../../protocol/iec62056-21/control';
import { encodeOptionSelect, encodeSignOn } from '../../protocol/iec62056-21/frames';
import { ElsterMeter } from './elster/meter';
import { GenericMeter } from './generic/meter';
import { createEmulatedMeter, openEmbeddedEmulator } from './index';
import { RawPeer } from './raw-peer';

describe('openEmbeddedEmulator', () => {
  it('serves a paced session on the client transport and closes it on stop', async () => {
    const emu = openEmbeddedEmulator({ meter: { shortReactionTime: true } });
    const peer = new RawPeer(emu.clientTransport);
    const closed: string[] = [];
    emu.clientTransport.onClose((r) => closed.push(r));
    const t0 = Date.now();
    await peer.send(encodeSignOn());
    const id = bytesToAscii(await peer.message());
    expect(id).toBe('/PMu5EMU-GEN-1.0\r\n');
    // 5 chars out + 20 ms reaction + 18 chars back at 300 baud ≈ 0.79 s of wire and reaction time
    expect(Date.now() - t0).toBeGreaterThan(650);
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '0' }));
    await peer.setBaud(9600);
    // wait for the first bytes (the ACK echo at 300 baud and the reaction time come first; timers run late on a
    // loaded machine), then ~0.1 s more: at 9600 baud only part of the ~3.8 kB readout can be there
    for (let i = 0; i < 100 && peer.pending().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    const part = bytesToAscii(peer.pending());
    expect(part.startsWith('\x02')).toBe(true);
    expect(part).toContain('0-0:C.1.0*255(12345678)');
    expect(part.length).toBeLessThan(3000); // not all of it yet (loose: timers fire late on a loaded machine)
    await emu.stop(); // mid-transfer
    expect(closed).toEqual(['link closed']);
  });
});

describe('createEmulatedMeter', () => {
  it('selects the model: generic by default, Elster A1140 / A1700 by name; refuses an unknown one', () => {
    expect(createEmulatedMeter()).toBeInstanceOf(GenericMeter);
    expect(createEmulatedMeter({ model: 'generic', identText: 'X1' }).identification).toBe('/PMU5X1');
    const a1140 = createEmulatedMeter({ model: 'a1140' });
    expect(a1140).toBeInstanceOf(ElsterMeter);
    expect(a1140.identification).toBe('/GEC510051000000');
    expect(createEmulatedMeter({ model: 'a1700' }).identification).toBe('/GEC5090100100400@000');
    expect(() => createEmulatedMeter({ model: 'a1800' } as never)).toThrow(/Unknown meter model "a1800"/);
  });
});
