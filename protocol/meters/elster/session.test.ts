import { afterEach, describe, expect, it, vi } from 'vitest';
import { asciiToBytes } from '../../iec62056-21/control';
import { PasswordRefusedError, ProtocolError, TransferInterruptedError } from '../../iec62056-21/errors';
import { ELSTER_ERROR_MESSAGES, ElsterMeterError, StreamCrcError } from './errors';
import { elsterP2Response } from './password';
import { ElsterSession, type ElsterSessionOptions } from './session';
import { type ScriptedElsterOptions, errorFrame, scriptedElsterMeter } from './testing/scripted-meter';

/** ElsterSession against a scripted Elster meter (reference ../shared/reference/elster-dialect.md). */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const SEED = '0123456789ABCDEF';

const bytes = (n: number, f = (i: number) => i & 0xff) => Uint8Array.from({ length: n }, (_, i) => f(i));

function setup(meter: ScriptedElsterOptions = {}, opts: Partial<ElsterSessionOptions> = {}) {
  const m = scriptedElsterMeter({ seed: SEED, ...meter });
  const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', timings: FAST, resignOnPauseMs: 1, ...opts });
  return { m, s };
}

async function caught(p: Promise<unknown>): Promise<ProtocolError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProtocolError);
  return e as ProtocolError;
}

const names = (m: ReturnType<typeof scriptedElsterMeter>) => m.commands.map((c) => ('operand' in c ? `${c.command}(${c.operand})` : 'request' in c ? `${c.command} ${c.request.dataId}` : c.command));

afterEach(() => {
  vi.useRealTimers();
});

describe('ElsterSession sign-on and password levels', () => {
  it('level 2 (default): option select Y=6, P0 seed, P2 transform', async () => {
    const { m, s } = setup();
    const on = await s.open();
    expect(m.link.sent[1]).toBe('\x06056\r\n');
    expect(on).toMatchObject({ baud: 9600, seed: SEED, level: 2 });
    expect(on.elster.family).toBe('A1140');
    expect(names(m)).toEqual([`P2(${elsterP2Response('ABCDEFGH', SEED)})`]);
    expect(m.level).toBe(2);
  });

  it('level 1 sends P1 in clear; level 3 sends P2(0…0) then the real P2; IEC 1107 compatible uses Y=1', async () => {
    const one = setup({}, { level: 1, iec1107Compatible: true });
    await one.s.open();
    expect(one.m.link.sent[1]).toBe('\x06051\r\n');
    expect(names(one.m)).toEqual(['P1(ABCDEFGH)']);
    expect(one.m.level).toBe(1);

    const three = setup({}, { level: 3 });
    await three.s.open();
    expect(names(three.m)).toEqual(['P2(0000000000000000)', `P2(${elsterP2Response('ABCDEFGH', SEED)})`]);
    expect(three.m.level).toBe(3);
  });

  it('a wrong password is a plain REFUSED error naming the level', async () => {
    const { s } = setup({ password: 'OTHERPWD' });
    const e = await caught(s.open());
    expect(e).toBeInstanceOf(PasswordRefusedError);
    expect((e as PasswordRefusedError).meterCode).toBe('ERR5');
    expect(e.message).toMatch(/did not accept the password \(P2\).*security level 2/);
  });

  it('refuses a non-Elster meter unless forced', async () => {
    const { m, s } = setup({ identification: '/ISk5MT174-0001' });
    const e = await caught(s.open());
    expect(e.code).toBe('METER_ERROR');
    expect(e.message).toMatch(/not as an Elster \(GEC\) meter.*generic IEC 62056-21/);
    expect(m.link.sent).toHaveLength(1); // no option select sent
    const forced = setup({ identification: '/ISk5MT174-0001' }, { force: true });
    expect((await forced.s.open()).elster.isElster).toBe(false);
  });
});

describe('ElsterSession R1 / W1', () => {
  it('reads an item in 64-byte packets with packet numbers', async () => {
    const item = bytes(150);
    const { m, s } = setup({ items: { '507': item } });
    await s.open();
    expect(await s.readItem('507', 150)).toEqual(item);
    const r1 = m.link.sent.filter((x) => x.startsWith('\x01R1')).map((x) => x.slice(4, -2));
    expect(r1).toEqual(['507001(40)', '507002(40)', '507003(16)']);
  });

  it.each(['ERR1', 'ERR2', 'ERR3', 'ERR4', 'ERR6'] as const)('%s answers are typed ElsterMeterErrors', async (code) => {
    const { s } = setup({ fault: (_t, _m, c) => (c?.command === 'R1' ? errorFrame(code) : undefined) });
    await s.open();
    const e = await caught(s.readItem('798', 16, 'serial number'));
    expect(e).toBeInstanceOf(ElsterMeterError);
    expect((e as ElsterMeterError).elsterCode).toBe(code);
    expect(e.message).toBe(ELSTER_ERROR_MESSAGES[code]);
  });

  it('ERR5 → re-authenticate once and repeat; a second ERR5 is thrown', async () => {
    let n = 0;
    const events: string[] = [];
    const { m, s: s2 } = setup(
      { items: { '798': bytes(16) }, fault: (_t, _m, c) => (c?.command === 'R1' && n++ === 0 ? errorFrame('ERR05') : undefined) },
      { onEvent: (e) => events.push(e) },
    );
    await s2.open();
    expect(await s2.readItem('798', 16)).toEqual(bytes(16));
    expect(names(m).map((x) => x.slice(0, 2))).toEqual(['P2', 'R1', 'P2', 'R1']);
    expect(events[0]).toMatch(/ERR5.*re-entering the password/);

    const always = setup({ fault: (_t, _m, c) => (c?.command === 'R1' ? errorFrame('ERR5') : undefined) });
    await always.s.open();
    const e = await caught(always.s.readItem('798', 16));
    expect((e as ElsterMeterError).elsterCode).toBe('ERR5');
    expect(names(always.m).map((x) => x.slice(0, 2))).toEqual(['P2', 'R1', 'P2', 'R1']);
  });

  it('writes by W1 in packets; NAK repeats the packet; a NAK storm is REFUSED; ERR is typed', async () => {
    let naks = 1;
    const { m, s } = setup({ fault: (_t, _m, c) => (c?.command === 'W1' && naks-- > 0 ? '\x15' : undefined) }, { level: 3 });
    await s.open();
    await s.writeItem('795', bytes(100));
    expect(m.items.get('795')).toEqual(bytes(100));
    expect(m.link.sent.filter((x) => x.startsWith('\x01W1')).map((x) => x.slice(4, 10))).toEqual(['795001', '795001', '795002']);

    const storm = setup({ fault: (_t, _m, c) => (c?.command === 'W1' ? '\x15' : undefined) }, { level: 3 });
    await storm.s.open();
    expect((await caught(storm.s.writeItem('861', bytes(7)))).code).toBe('REFUSED');
    expect(storm.m.link.sent.filter((x) => x.startsWith('\x01W1'))).toHaveLength(1 + FAST.maxRepeats);

    const err = setup({ fault: (_t, _m, c) => (c?.command === 'W1' ? errorFrame('ERR2') : undefined) }, { level: 3 });
    await err.s.open();
    expect(((await caught(err.s.writeItem('999', bytes(1)))) as ElsterMeterError).elsterCode).toBe('ERR2');
  });
});

describe('ElsterSession RD stream (as the public driver: nothing sent per block, ESC and RD again on damage)', () => {
  const item = bytes(600, (i) => (i * 7) & 0xff);

  it('reads a stream; a block with a bad CRC: ESC, pause, the whole RD again', async () => {
    const { m, s } = setup({
      items: { '550': item },
      streamMangle: (all, attempt) => {
        if (attempt > 0) return all;
        const bad = all.slice();
        bad[263 + 10]! ^= 0x40;
        return bad;
      },
    }, { escPauseMs: 10 });
    await s.open();
    const got = await s.streamItem('550', 0xffff, 'load profile');
    expect(got).toEqual(item);
    expect(m.link.sent.filter((x) => x === '\x15' || x === '\x06')).toHaveLength(0);
    expect(m.escs).toBe(1);
    expect(m.blocksSent).toBe(6); // three blocks, twice
  });

  it('a stream cut short is asked for again after the inter-character time-out', async () => {
    const { m, s } = setup({ items: { '550': item }, streamMangle: (all, attempt) => (attempt === 0 ? all.slice(0, 50) : all) }, { escPauseMs: 10 });
    await s.open();
    expect(await s.streamItem('550', 3)).toEqual(item);
    expect(m.escs).toBe(1);
  });

  it('a block that stays damaged ends with a checksum error after the repeats', async () => {
    const streamMangle = (all: Uint8Array) => {
      const bad = all.slice();
      bad[5]! ^= 0x01;
      return bad;
    };
    const { m, s } = setup({ items: { '550': item }, streamMangle }, { maxResignOns: 0, escPauseMs: 10 });
    await s.open();
    const e = await caught(s.streamItem('550', 3));
    expect(e).toBeInstanceOf(StreamCrcError);
    expect(e.code).toBe('BAD_BCC');
    expect(m.link.sent.filter((x) => x.startsWith('\x01RD'))).toHaveLength(FAST.maxRepeats + 1);
    expect(m.link.sent.at(-1)).toBe('\x1b');
  });

  it('cancel during a stream sends ESC and ends with CANCELLED', async () => {
    const ctl = new AbortController();
    const { m, s } = setup({ items: { '550': item }, fault: (_t, _m, c) => (c?.command === 'RD' ? (setTimeout(() => ctl.abort(), 10), null) : undefined) }, { signal: ctl.signal, timings: { ...FAST, reactionTimeoutMs: 5000 } });
    await s.open();
    const e = await caught(s.streamItem('550', 3));
    expect(e.code).toBe('CANCELLED');
    expect(m.escs).toBe(1);
  });

  it('a meter refusal of RD is typed', async () => {
    const { s } = setup();
    await s.open();
    expect(((await caught(s.streamItem('550', 2))) as ElsterMeterError).elsterCode).toBe('ERR2');
  });
});

describe('ElsterSession lock time-out and dropped sessions', () => {
  it('re-enters the password before a request once the re-authentication interval has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    const { m, s } = setup({ items: { '798': bytes(16) } });
    await s.open();
    await s.readItem('798', 16);
    vi.setSystemTime(new Date('2025-01-01T00:04:00Z'));
    await s.readItem('798', 16);
    expect(names(m).map((x) => x.slice(0, 2))).toEqual(['P2', 'R1', 'R1']);
    vi.setSystemTime(new Date('2025-01-01T00:04:31Z')); // 4 min 31 s after the password: past 4.5 min
    await s.readItem('798', 16);
    expect(names(m).map((x) => x.slice(0, 2))).toEqual(['P2', 'R1', 'R1', 'P2', 'R1']);
  });

  it('signs on again when the meter drops the session and resumes at the interrupted packet', async () => {
    const item = bytes(128);
    let silent = true;
    const { m, s } = setup({ items: { '507': item }, fault: (t) => (t.includes('507002') && silent ? ((silent = false), null) : undefined) });
    await s.open();
    expect(await s.readItem('507', 128)).toEqual(item);
    expect(m.signOns).toBe(2);
    expect(names(m).map((x) => x.slice(0, 2))).toEqual(['P2', 'R1', 'R1', 'B0', 'P2', 'R1']);
    expect(m.link.sent.filter((x) => x.startsWith('\x01R1')).map((x) => x.slice(4, 10))).toEqual(['507001', '507002', '507002']);
  });

  it('a stalled packet with no re-sign-on allowed names received-of-expected bytes', async () => {
    const item = bytes(128);
    const { s } = setup({ items: { '507': item }, fault: (t) => (t.includes('507002') ? asciiToBytes('\x02(0001020304') : undefined) }, { maxResignOns: 0 });
    await s.open();
    const e = await caught(s.readItem('507', 128, 'cumulative registers (507)'));
    expect(e).toBeInstanceOf(TransferInterruptedError);
    expect(e.message).toBe('The meter stopped answering after 145 of 266 bytes of the cumulative registers (507). Keep the probe still on the optical port and read again.');
    expect((e as TransferInterruptedError).receivedBytes).toBe(145);
  });

  it('close sends B0', async () => {
    const { m, s } = setup();
    await s.open();
    await s.close();
    expect(names(m).at(-1)).toBe('B0');
  });
});
