import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../iec62056-21/errors';
import { encodeErrorFrame } from './answers';
import { ElsterSession } from './session';
import { scriptedElsterMeter } from './testing/scripted-meter';

/**
 * The RD stream receiver as the public driver behaves (public:iec1107/FlagIEC1107Connection.java:979-983,992-1114):
 * nothing is sent per block; a damaged block → ESC, a pause, the whole RD again (bounded).
 */
const FAST = { reactionTimeoutMs: 60, interCharTimeoutMs: 40, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const item = Uint8Array.from({ length: 700 }, (_, i) => (i * 13 + 5) & 0xff);

async function read(streamMangle: (s: Uint8Array, attempt: number) => Uint8Array, blocks = 0xffff) {
  const m = scriptedElsterMeter({ items: { '550': item }, streamMangle });
  const events: string[] = [];
  const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', timings: FAST, maxResignOns: 0, escPauseMs: 20, onEvent: (e) => events.push(e) });
  await s.open();
  const sent = () => m.link.sent;
  return { data: await s.streamItem('550', blocks), events, m, sent };
}

describe('RD stream reception', () => {
  it('an undamaged stream: no ACK, NAK or anything else is sent while the blocks arrive', async () => {
    const r = await read((x) => x);
    expect(r.data).toEqual(item);
    const after = r.sent().slice(r.sent().findIndex((x) => x.startsWith('\x01RD')) + 1);
    expect(after).toEqual([]);
    expect(r.m.escs).toBe(0);
  });

  it('sends the block count as the driver writes it (lower-case hex, no padding)', async () => {
    const r = await read((x) => x, 10);
    expect(r.sent().find((x) => x.startsWith('\x01RD'))).toContain('550001(a)');
  });

  it('a damaged block: ESC, then the whole RD again', async () => {
    const r = await read((x, attempt) => {
      if (attempt > 0) return x;
      const y = x.slice();
      y[263 + 100]! ^= 0x10;
      return y;
    });
    expect(r.data).toEqual(item);
    expect(r.m.escs).toBe(1);
    expect(r.sent().filter((x) => x.startsWith('\x01RD')).length).toBe(2);
    expect(r.events.join(' ')).toMatch(/arrived damaged; sent ESC and asked for the whole stream of the data item 550 again/);
  });

  it('damage on every attempt is reported after the repeats, never a hang', async () => {
    const r = read((x) => {
      const y = x.slice();
      y[5]! ^= 1;
      return y;
    });
    await expect(r).rejects.toMatchObject({ code: 'BAD_BCC' });
  });

  it('a stream broken off: ESC and RD again', async () => {
    const r = await read((x, attempt) => (attempt === 0 ? x.subarray(0, 300) : x));
    expect(r.data).toEqual(item);
    expect(r.m.escs).toBe(1);
  });

  it('an (ERRn) answer to RD is the meter refusing', async () => {
    const m = scriptedElsterMeter({ items: {}, fault: (_t, _m, c) => (c?.command === 'RD' ? encodeErrorFrame('ERR2') : undefined) });
    const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', timings: FAST, maxResignOns: 0 });
    await s.open();
    await expect(s.streamItem('550', 3)).rejects.toMatchObject({ code: 'METER_ERROR', elsterCode: 'ERR2' });
    expect(m.escs).toBe(0);
  });

  it('stops after the blocks asked for', async () => {
    const r = await read((x) => x, 2);
    expect(r.data).toEqual(item.subarray(0, 512));
  });

  it('is a ProtocolError when the meter never answers', async () => {
    const m = scriptedElsterMeter({ items: { '550': item }, fault: (_t, _m, c) => (c?.command === 'RD' ? null : undefined) });
    const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', timings: FAST, maxResignOns: 0 });
    await s.open();
    await expect(s.streamItem('550', 3)).rejects.toBeInstanceOf(ProtocolError);
  });
});
