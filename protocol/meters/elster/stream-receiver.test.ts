import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../iec62056-21/errors';
import { encodeErrorFrame, encodeAnswerFrame } from './answers';
import { ElsterSession } from './session';
import { encodeStream } from './stream';
import { scanStreamFrame } from './stream-receiver';
import { scriptedElsterMeter } from './testing/scripted-meter';

/**
 * The RD stream receiver against a meter that streams without waiting for ACK and never repeats a block
 * (as the project's emulator does): damaged blocks are read again by R1 packets.
 */
const FAST = { reactionTimeoutMs: 60, interCharTimeoutMs: 40, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const item = Uint8Array.from({ length: 700 }, (_, i) => (i * 13 + 5) & 0xff);

async function read(streamMangle: (s: Uint8Array) => Uint8Array, blocks = 0xffff) {
  const m = scriptedElsterMeter({ items: { '550': item }, continuous: true, streamMangle });
  const events: string[] = [];
  const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', timings: FAST, maxResignOns: 0, onEvent: (e) => events.push(e) });
  await s.open();
  const r1 = () => m.link.sent.filter((x) => x.startsWith('\x01R1')).map((x) => x.slice(4, 10));
  return { data: await s.streamItem('550', blocks), r1, events, m };
}

describe('stream without repeats: repair by R1 packets', () => {
  it('an undamaged continuous stream needs no R1', async () => {
    const r = await read((x) => x);
    expect(r.data).toEqual(item);
    expect(r.r1()).toEqual([]);
  });

  it('a middle block with a bad CRC is read again as R1 packets 5…8', async () => {
    const r = await read((x) => {
      const y = x.slice();
      y[263 + 100]! ^= 0x10; // inside block 2's data
      return y;
    });
    expect(r.data).toEqual(item);
    expect(r.r1()).toEqual(['550005', '550006', '550007', '550008']);
    expect(r.events.at(-1)).toMatch(/did not repeat damaged stream block 2; read again by R1 packets/);
  });

  it('a lost byte (block 1 shorter than its length says) resynchronises on block 2', async () => {
    const r = await read((x) => Uint8Array.from([...x.subarray(0, 50), ...x.subarray(51)]));
    expect(r.data).toEqual(item);
    expect(r.r1()).toEqual(['550001', '550002', '550003', '550004']);
  });

  it('a damaged last (EOT) block: the rest is read by R1 until ERR3 / a short packet', async () => {
    const r = await read((x) => {
      const y = x.slice();
      y[y.length - 5]! ^= 0x01;
      return y;
    });
    expect(r.data).toEqual(item);
    expect(r.r1()).toEqual(['550009', '55000A', '55000B']); // 700 bytes: packet 0x00B is short
  });

  it('any single damaged byte of the stream still gives the right data (bounded time, no hang)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 700 + 3 * 7 - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const r = await read((x) => {
          const y = x.slice();
          y[at]! ^= flip;
          return y;
        });
        expect(r.data).toEqual(item);
      }),
      { numRuns: 30, seed: 7 },
    );
  }, 30_000);

  it('a stream that breaks off is read on by R1; when the meter is gone it is a typed error', async () => {
    const r = await read((x) => x.subarray(0, 100));
    expect(r.data).toEqual(item);
    expect(r.r1()).toHaveLength(11);

    const m = scriptedElsterMeter({ items: { '550': item }, continuous: true, streamMangle: (x) => x.subarray(0, 100), fault: (_t, _m, c) => (c?.command === 'R1' ? null : undefined) });
    const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', timings: FAST, maxResignOns: 0 });
    await s.open();
    const e = await s.streamItem('550', 3, 'load profile (550)').then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).code).toBe('STOPPED_ANSWERING');
    expect((e as ProtocolError).message).toMatch(/^The meter stopped answering after 100 of 789 bytes of the load profile \(550\)/);
  });
});

describe('scanStreamFrame', () => {
  it('delimits blocks, refusals, stale answers and NAK', () => {
    const [b1] = encodeStream(item.subarray(0, 10));
    expect(scanStreamFrame(b1!)).toMatchObject({ type: 'frame', frame: { kind: 'block' }, end: b1!.length });
    expect(scanStreamFrame(b1!.subarray(0, 8))).toEqual({ type: 'incomplete' });
    const err = encodeErrorFrame('ERR2');
    expect(scanStreamFrame(err)).toEqual({ type: 'frame', frame: { kind: 'error', code: 'ERR2' }, end: err.length });
    const stale = encodeAnswerFrame(Uint8Array.of(1, 2));
    expect(scanStreamFrame(stale)).toEqual({ type: 'noise', end: stale.length });
    expect(scanStreamFrame(Uint8Array.of(0x15))).toEqual({ type: 'frame', frame: { kind: 'nak' }, end: 1 });
    const bad = b1!.slice();
    bad[6]! ^= 1;
    expect(scanStreamFrame(bad)).toMatchObject({ type: 'frame', frame: { kind: 'damaged' }, end: bad.length });
    expect(scanStreamFrame(bad, undefined, true)).toMatchObject({ type: 'frame', frame: { kind: 'damaged' }, end: 1 });
  });
});
