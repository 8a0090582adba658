import { describe, expect, it } from 'vitest';
import { ACK } from '../../../protocol/iec62056-21/control';
import { encodeDataMessage } from '../../../protocol/iec62056-21/frames';
import { FaultInjector, FaultLog, type FaultPlan, parseFaultSpec } from './faults';

/** The fault injector on its own: matching rules, what each fault does to the bytes, and the spec parser. */

interface Io {
  writes: number[][];
  sleeps: number[];
  closed: number;
}

function harness(plan: FaultPlan) {
  const log = new FaultLog();
  const inj = new FaultInjector(plan, log);
  const io: Io = { writes: [], sleeps: [], closed: 0 };
  const send = (bytes: Uint8Array, kind = 'R1') =>
    inj.transmit(bytes, kind, {
      write: async (b) => void io.writes.push([...b]),
      close: async () => void io.closed++,
      sleep: async (ms) => void io.sleeps.push(ms),
    });
  return { inj, log, io, send };
}

const frame = encodeDataMessage('(0123456789)'); // 15 bytes: STX … ETX BCC
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => 0x30 + (i % 10));

describe('FaultInjector byte faults', () => {
  it('drop-byte on answer 2 at offset 3: answer 1 untouched, answer 2 one byte shorter, logged', async () => {
    const { io, log, send } = harness([{ fault: 'drop-byte', when: { answerIndex: 2 }, offset: 3 }]);
    await send(bytes(8));
    await send(bytes(8));
    await send(bytes(8));
    expect(io.writes[0]).toEqual([...bytes(8)]);
    expect(io.writes[1]).toEqual([0x30, 0x31, 0x32, 0x34, 0x35, 0x36, 0x37]);
    expect(io.writes[2]).toEqual([...bytes(8)]);
    expect(log.entries).toEqual([{ fault: 'drop-byte', answerIndex: 2, kind: 'R1', offset: 3, detail: 'dropped byte 3 (0x33) of answer 2 (R1)' }]);
  });

  it('corrupt-byte XORs the byte (default mask 1; offset defaults to the middle)', async () => {
    const { io, log, send } = harness([{ fault: 'corrupt-byte', mask: 0x20 }]);
    await send(bytes(10));
    expect(io.writes[0]![5]).toBe(0x35 ^ 0x20);
    expect(log.entries[0]!.offset).toBe(5);
  });

  it('bad-check skips unframed answers (ACK) and spoils the last byte of the next framed one', async () => {
    const { io, log, send } = harness([{ fault: 'bad-check' }]);
    await send(Uint8Array.of(ACK));
    await send(frame);
    expect(io.writes[0]).toEqual([ACK]);
    expect(io.writes[1]!.slice(0, -1)).toEqual([...frame.subarray(0, -1)]);
    expect(io.writes[1]!.at(-1)).toBe(frame.at(-1)! ^ 1);
    expect(log.entries[0]).toMatchObject({ fault: 'bad-check', answerIndex: 2, offset: 14 });
  });

  it('afterBytes faults the answer in which the byte count passes B, at byte B', async () => {
    const { io, log, send } = harness([{ fault: 'corrupt-byte', when: { afterBytes: 12 } }]);
    await send(bytes(10));
    await send(bytes(10));
    expect(io.writes[0]).toEqual([...bytes(10)]);
    expect(io.writes[1]![2]).toBe(0x32 ^ 1);
    expect(log.entries[0]).toMatchObject({ answerIndex: 2, offset: 2 });
  });

  it('commandKind with count 2 faults only the first two answers of that kind; count Infinity faults all', async () => {
    const { log, send } = harness([
      { fault: 'corrupt-byte', when: { commandKind: 'RD' }, count: 2 },
      { fault: 'slow', ms: 10, count: Infinity },
    ]);
    for (const kind of ['R1', 'RD', 'R1', 'RD', 'RD']) await send(bytes(4), kind);
    expect(log.entries.filter((e) => e.fault === 'corrupt-byte').map((e) => e.answerIndex)).toEqual([2, 4]);
    expect(log.count('slow')).toBe(5);
  });

  it('slow waits before the answer; stall writes K bytes, pauses, then the rest (or drops it); unplug closes after K bytes', async () => {
    const slow = harness([{ fault: 'slow', ms: 1800 }]);
    await slow.send(bytes(4));
    expect(slow.io.sleeps).toEqual([1800]);
    expect(slow.io.writes).toEqual([[...bytes(4)]]);

    const stall = harness([{ fault: 'stall', offset: 3, ms: 2000 }, { fault: 'stall', offset: 2, ms: 1600, resume: false, when: { answerIndex: 2 } }]);
    await stall.send(bytes(6));
    await stall.send(bytes(6));
    expect(stall.io.writes).toEqual([[0x30, 0x31, 0x32], [0x33, 0x34, 0x35], [0x30, 0x31]]);
    expect(stall.io.sleeps).toEqual([2000, 1600]);
    expect(stall.inj.bytesSent).toBe(8);

    const unplug = harness([{ fault: 'unplug', offset: 4 }]);
    await unplug.send(bytes(10));
    expect(unplug.io.writes).toEqual([[0x30, 0x31, 0x32, 0x33]]);
    expect(unplug.io.closed).toBe(1);
    expect(unplug.log.entries[0]!.detail).toBe('closed the link after 4 bytes of answer 1 (R1)');
  });
});

describe('FaultInjector message faults', () => {
  it('nak-storm answers NAK to the next N matching commands; err5-lock locks before one; B0 is never faulted', () => {
    const { inj, log } = harness([
      { fault: 'nak-storm', when: { commandKind: 'W1' }, count: 2 },
      { fault: 'err5-lock', when: { commandKind: 'R1' } },
    ]);
    expect(['R1', 'W1', 'B0', 'W1', 'W1', 'R1'].map((k) => inj.onCommand(k))).toEqual(['lock', 'nak', null, 'nak', null, null]);
    expect(log.entries.map((e) => `${e.fault}:${e.kind}`)).toEqual(['err5-lock:R1', 'nak-storm:W1', 'nak-storm:W1']);
  });
});

describe('parseFaultSpec', () => {
  it('parses kinds, aliases and keys', () => {
    expect(parseFaultSpec('corrupt-byte:answer=2,offset=10')).toEqual([{ fault: 'corrupt-byte', when: { answerIndex: 2 }, offset: 10 }]);
    expect(parseFaultSpec('stall:on=readout,offset=500,ms=2000,resume=no; nak:on=W1,count=4 ;wrong-crc:on=RD')).toEqual([
      { fault: 'stall', when: { commandKind: 'readout' }, offset: 500, ms: 2000, resume: false },
      { fault: 'nak-storm', when: { commandKind: 'W1' }, count: 4 },
      { fault: 'bad-check', when: { commandKind: 'RD' } },
    ]);
    expect(parseFaultSpec('unplug:after=1480')).toEqual([{ fault: 'unplug', when: { afterBytes: 1480 } }]);
    expect(parseFaultSpec('slow:ms=1800,count=all')).toEqual([{ fault: 'slow', ms: 1800, count: Infinity }]);
    expect(parseFaultSpec('lock;corrupt:mask=0x40')).toEqual([{ fault: 'err5-lock' }, { fault: 'corrupt-byte', mask: 0x40 }]);
    expect(parseFaultSpec('')).toEqual([]);
  });

  it('rejects what it cannot use, in plain words', () => {
    expect(() => parseFaultSpec('melt')).toThrow(/Unknown fault "melt"\. Known faults: drop-byte, corrupt-byte/);
    expect(() => parseFaultSpec('drop:answer')).toThrow(/"answer" is not key=value/);
    expect(() => parseFaultSpec('drop:answer=x')).toThrow(/answer must be a number, got "x"/);
    expect(() => parseFaultSpec('drop:answer=0')).toThrow(/answer must be a whole number of at least 1/);
    expect(() => parseFaultSpec('drop:colour=red')).toThrow(/unknown key "colour"/);
    expect(() => parseFaultSpec('corrupt:mask=0x80')).toThrow(/mask must be 1…0x7F/);
    expect(() => new FaultInjector([{ fault: 'stall', count: 0 }])).toThrow(/count must be a whole number of at least 1/);
  });
});
