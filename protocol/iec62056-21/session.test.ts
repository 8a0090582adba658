import { describe, expect, it } from 'vitest';
import { asciiToBytes, bytesToAscii } from './control';
import { ProtocolError } from './errors';
import { encodeCommand, encodeDataMessage, encodeReadout } from './frames';
import { Session } from './session';
import { scriptedLink } from './testing/scripted-transport';

/**
 * Session tests against a scripted peer (testing/scripted-transport.ts): each write of the client is answered by a function of what was
 * written. Timings are shortened so time-out paths run in milliseconds.
 */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };

const ID = '/ABC5TEST-1\r\n';
const READOUT = encodeReadout('1.8.0(0001234.567*kWh)\r\n0.9.1(120000)');

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return (e as ProtocolError).code;
  }
  return 'resolved';
}

describe('Session sign-on and data readout (mode C)', () => {
  it('signs on, selects 9600 baud for the readout and returns the BCC-checked readout', async () => {
    const { transport, sent, bauds } = scriptedLink((s) => (s.startsWith('/?') ? ID : s.startsWith('\x06') ? READOUT : null));
    const session = new Session(transport, { timings: FAST });
    const on = await session.signOn('0');
    expect(on.identification.manufacturer).toBe('ABC');
    expect(on.baud).toBe(9600);
    expect(sent[1]).toBe('\x06050\r\n');
    expect(bauds).toEqual([300, 9600]);
    expect(bytesToAscii(await session.receiveReadout())).toBe(bytesToAscii(READOUT));
  });

  it('honours maxBaud and the device address', async () => {
    const { transport, sent } = scriptedLink((s) => (s.startsWith('/?') ? ID : s.startsWith('\x06') ? READOUT : null));
    const session = new Session(transport, { timings: FAST, maxBaud: 2400, address: '12345678' });
    expect((await session.signOn('0')).baud).toBe(2400);
    expect(sent[0]).toBe('/?12345678!\r\n');
    expect(sent[1]).toBe('\x06030\r\n');
  });

  it('ignores the echo of a half-duplex probe', async () => {
    const { transport } = scriptedLink((s) => (s.startsWith('/?') ? ID : s.startsWith('\x06') ? READOUT : null), { echo: true });
    const session = new Session(transport, { timings: FAST });
    await session.signOn('0');
    expect((await session.receiveReadout()).length).toBe(READOUT.length);
  });

  it('mode B switches speed without option select; mode A stays at 300', async () => {
    const b = scriptedLink((s) => (s.startsWith('/?') ? '/ABCETEST\r\n' : null));
    expect((await new Session(b.transport, { timings: FAST }).signOn('0')).baud).toBe(9600);
    expect(b.sent).toHaveLength(1);
    const a = scriptedLink((s) => (s.startsWith('/?') ? '/ABC:TEST\r\n' : null));
    expect((await new Session(a.transport, { timings: FAST }).signOn('0')).baud).toBe(300);
  });

  it('reports NO_ANSWER, STOPPED_ANSWERING, BAD_BCC, LINK_LOST and CANCELLED as typed errors', async () => {
    const silent = scriptedLink(() => null);
    expect(await code(new Session(silent.transport, { timings: FAST }).signOn('0'))).toBe('NO_ANSWER');

    const half = READOUT.slice(0, 10);
    const stall = scriptedLink((s) => (s.startsWith('/?') ? ID : s.startsWith('\x06') ? half : null));
    const s1 = new Session(stall.transport, { timings: FAST });
    await s1.signOn('0');
    const err = await s1.receiveReadout().catch((e: ProtocolError) => e);
    expect((err as ProtocolError).code).toBe('STOPPED_ANSWERING');
    expect((err as ProtocolError).message).toMatch(/after 10 bytes of the data readout/);

    const bad = READOUT.slice();
    bad[bad.length - 1]! ^= 0x01;
    const badBcc = scriptedLink((s) => (s.startsWith('/?') ? ID : s.startsWith('\x06') ? bad : null));
    const s2 = new Session(badBcc.transport, { timings: FAST });
    await s2.signOn('0');
    expect(await code(s2.receiveReadout())).toBe('BAD_BCC');

    const lost = scriptedLink((s) => (s.startsWith('/?') ? ID : null));
    const s3 = new Session(lost.transport, { timings: { ...FAST, reactionTimeoutMs: 5000 } });
    await s3.signOn('0');
    const pending = s3.receiveReadout();
    setTimeout(() => lost.kill(), 20);
    expect(await code(pending)).toBe('LINK_LOST');

    const ctl = new AbortController();
    const s4 = new Session(scriptedLink(() => null).transport, { timings: { ...FAST, reactionTimeoutMs: 5000 }, signal: ctl.signal });
    const p4 = s4.signOn('0');
    setTimeout(() => ctl.abort(), 20);
    expect(await code(p4)).toBe('CANCELLED');
  });

  it('garbled identification (wrong baud) is a GARBLED error in plain words', async () => {
    const { transport } = scriptedLink((s) => (s.startsWith('/?') ? '/\x7f\x7e\x11\r\n' : null));
    const e = await new Session(transport, { timings: FAST }).signOn('0').catch((x: ProtocolError) => x);
    expect((e as ProtocolError).code).toBe('GARBLED');
    expect((e as ProtocolError).message).toMatch(/baud rate or line settings/);
  });
});

describe('Session programming mode', () => {
  const P0 = encodeCommand('P0', '(12345678)');

  it('reads P0, joins partial blocks with ACKs, NAKs a damaged block and gets it again', async () => {
    const part1 = encodeDataMessage('P.01(1250101001500)(00)(15)(1)(1.5)(kW)\r\n(1.0)\r\n', true);
    const part2 = encodeDataMessage('(2.0)\r\n', false);
    const damaged = part2.slice();
    damaged[2]! ^= 0x02;
    let naks = 0;
    const { transport, sent } = scriptedLink((s) => {
      if (s.startsWith('/?')) return ID;
      if (s.startsWith('\x06') && s.length > 1) return P0;
      if (s.startsWith('\x01R5')) return part1;
      if (s === '\x06') return damaged;
      if (s === '\x15') {
        naks++;
        return part2;
      }
      return null;
    });
    const session = new Session(transport, { timings: FAST });
    await session.signOn('1');
    expect(await session.receiveOperand()).toBe('12345678');
    const answer = await session.command('R5', 'P.01(;)', 'data', 'load profile request');
    expect(answer.data).toBe('P.01(1250101001500)(00)(15)(1)(1.5)(kW)\r\n(1.0)\r\n(2.0)\r\n');
    expect(answer.raw).toHaveLength(2);
    expect(naks).toBe(1);
    expect(sent.filter((x) => x === '\x06')).toHaveLength(1);
  });

  it('surfaces (ERRnn) as METER_ERROR and gives up after maxRepeats NAKs', async () => {
    const err = scriptedLink((s) => (s.startsWith('\x01R5') ? encodeDataMessage('(ERR02)') : null));
    const e = await new Session(err.transport, { timings: FAST }).command('R5', '9.9.9()', 'data', 'register read').catch((x: ProtocolError) => x);
    expect((e as ProtocolError).code).toBe('METER_ERROR');
    expect((e as ProtocolError).message).toMatch(/ERR02/);

    const naks = scriptedLink(() => '\x15');
    const n = await new Session(naks.transport, { timings: FAST }).command('W5', '1.2.3(4)', 'ack', 'write').catch((x: ProtocolError) => x);
    expect((n as ProtocolError).code).toBe('REFUSED');
    expect(naks.sent).toHaveLength(1 + FAST.maxRepeats);
  });

  it('mode A/B meters refuse programming mode with a plain message', async () => {
    const { transport } = scriptedLink((s) => (s.startsWith('/?') ? '/ABCETEST\r\n' : null));
    expect(await code(new Session(transport, { timings: FAST }).signOn('1'))).toBe('METER_ERROR');
  });

  it('B0 break is sent as 01 42 30 03 71', async () => {
    const { transport, sent } = scriptedLink(() => null);
    await new Session(transport, { timings: FAST }).sendBreak();
    expect([...asciiToBytes(sent[0]!)]).toEqual([0x01, 0x42, 0x30, 0x03, 0x71]);
  });
});

describe('real-world sign-ons (issue 10 item 6)', () => {
  it('mode B: identification, switch to its speed at once (no option select), then the readout at that speed', async () => {
    // `/ABCE…`: mode B at 9600 baud (Z = E). The meter answers identification and readout in one go.
    const b = scriptedLink((s) => (s.startsWith('/?') ? { chunks: ['/ABCETEST\r\n', READOUT], gapMs: 30 } : null));
    const session = new Session(b.transport, { timings: FAST, maxBaud: 4800 });
    const on = await session.signOn('0');
    expect([on.identification.mode, on.baud]).toEqual(['B', 9600]);
    expect(b.bauds).toEqual([300, 9600]);
    expect(b.sent).toEqual(['/?!\r\n']);
    expect(bytesToAscii(await session.receiveReadout())).toBe(bytesToAscii(READOUT));
  });

  it('wakes a battery meter with NULs (2.2 s at 300 baud) and a pause before the sign-on', async () => {
    const { transport, sent } = scriptedLink((s) => (s.startsWith('/?') ? ID : s.startsWith('\x06') ? READOUT : null), { echo: true });
    const session = new Session(transport, { timings: FAST, wakeUp: true });
    const t0 = Date.now();
    await session.signOn('0');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(sent[0]).toBe('\x00'.repeat(66));
    expect(sent[1]).toBe('/?!\r\n');
    expect((await session.receiveReadout()).length).toBe(READOUT.length);
  });

  it('ignores NUL bytes a meter sends before its identification', async () => {
    const { transport } = scriptedLink((s) => (s.startsWith('/?') ? `\x00\x00\x00${ID}` : s.startsWith('\x06') ? READOUT : null));
    const on = await new Session(transport, { timings: FAST }).signOn('0');
    expect(on.identification.ident).toBe('TEST-1');
  });
});
