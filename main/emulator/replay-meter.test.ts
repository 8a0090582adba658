import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToAscii } from '../../protocol/iec62056-21/control';
import { encodeBreak, encodeOptionSelect, encodeSignOn } from '../../protocol/iec62056-21/frames';
import { runMeterOnTransport, type RunningMeter } from './index';
import { createLinkPair } from './link';
import { RawPeer } from './raw-peer';
import { ReplayMeter } from './replay-meter';

/**
 * Test vector: a real IEC 62056-21 mode C data readout of an Iskra MT174 meter (9 511 bytes, starting with the
 * echoed option select), from Apollon77/smartmeter-obis, test/testSerialRequestResponseD0WithAck2.js, MIT licence
 * (see fixtures/vectors/README.md). The meter's identification line was `/ISk5MT174-0001`.
 */
const CAPTURE = new Uint8Array(readFileSync(new URL('../../fixtures/vectors/iskra-mt174-readout.bin', import.meta.url)));
const running: RunningMeter[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

function setup() {
  const [client, far] = createLinkPair();
  const meter = new ReplayMeter({ identification: '/ISk5MT174-0001', readout: CAPTURE });
  running.push(runMeterOnTransport(meter, far, { reactionTimeMs: 5 }));
  return new RawPeer(client);
}

describe('ReplayMeter', () => {
  it('drops the echoed option select in front of the capture', () => {
    const meter = new ReplayMeter({ identification: '/ISk5MT174-0001\r\n', readout: CAPTURE });
    expect(meter.identification).toBe('/ISk5MT174-0001');
    expect(meter.readoutBytes[0]).toBe(0x02);
    expect(meter.readoutBytes.length).toBe(CAPTURE.length - 6);
    expect(() => new ReplayMeter({ identification: '/ISk5MT174-0001', readout: new Uint8Array(4) })).toThrow(/STX/);
  });

  it('answers sign-on with the identification and serves exactly the captured bytes from STX on at 9600 baud', async () => {
    const peer = setup();
    await peer.send(encodeSignOn());
    expect(bytesToAscii(await peer.message())).toBe('/ISk5MT174-0001\r\n');
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '0' }));
    await peer.setBaud(9600);
    const readout = await peer.message();
    expect(readout).toEqual(CAPTURE.slice(CAPTURE.indexOf(0x02)));
    expect(readout[readout.length - 1]).toBe(0x66);
  });

  it('has no programming mode: Y=1 gets silence; B0 and a new sign-on work', async () => {
    const peer = setup();
    await peer.send(encodeSignOn());
    await peer.message();
    await peer.send(encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '1' }));
    expect(await peer.silent(100)).toBe(true);
    await peer.send(encodeBreak());
    await peer.send(encodeSignOn());
    expect(bytesToAscii(await peer.message())).toBe('/ISk5MT174-0001\r\n');
  });
});
