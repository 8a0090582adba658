import { describe, expect, it } from 'vitest';
import { asciiToBytes } from '../iec62056-21/control';
import { ProtocolError } from '../iec62056-21/errors';
import { decodeBlock, encodeCommand, encodeDataMessage } from '../iec62056-21/frames';
import { ProgrammingSession } from '../iec62056-21/programming';
import { scriptedLink } from '../iec62056-21/testing/scripted-transport';
import { ClockAdjustTooLargeError, adjustClock, readClock, setClock } from './clock';
import { decodeTimeDate, encodeTimeDate } from './elster/decoders';
import { elsterP2Response } from './elster/password';
import { ElsterSession } from './elster/session';
import { scriptedElsterMeter } from './elster/testing/scripted-meter';

/** Clock read / set / adjust per dialect (PMU rules: reference ../shared/reference/elster-dialect.md, "Session" 5). */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const NOW = Date.parse('2025-07-01T10:00:00Z'); // 11:00:00 in London (BST)
const tz = 'Europe/London';

async function elster(meterLocal: string, level: 1 | 2 | 3 = 2) {
  const m = scriptedElsterMeter({ items: { '861': encodeTimeDate(meterLocal) } });
  const s = new ElsterSession(m.link.transport, { password: 'ABCDEFGH', level, timings: FAST, now: () => NOW });
  await s.open();
  const writes = () => m.commands.filter((c) => c.command === 'W1');
  return { m, s, writes };
}

describe('Elster clock (861)', () => {
  it('reads the clock and its drift', async () => {
    const { s } = await elster('2025-07-01T11:00:42');
    expect(await readClock(s, { timeZone: tz, now: () => NOW })).toEqual({
      meterLocal: '2025-07-01T11:00:42', meterUtc: '2025-07-01T10:00:42.000Z', readAtUtc: '2025-07-01T10:00:00.000Z', driftMs: 42_000,
    });
  });

  it('set: reaches level 3 (P2 zero, P2) and writes 861 only — never the programme', async () => {
    const { m, s, writes } = await elster('2025-07-01T12:34:56');
    const r = await setClock(s, { timeZone: tz, now: () => NOW });
    expect(r.before.driftMs).toBe(5_696_000);
    expect(r.writtenLocal).toBe('2025-07-01T11:00:00');
    expect(m.commands.filter((c) => c.command === 'P2').map((c) => ('operand' in c ? c.operand : ''))).toEqual([
      elsterP2Response('ABCDEFGH', '0123456789ABCDEF'), '0000000000000000', elsterP2Response('ABCDEFGH', '0123456789ABCDEF'),
    ]);
    expect(writes().map((c) => ('request' in c ? c.request.dataId : ''))).toEqual(['861']);
    expect(decodeTimeDate(m.items.get('861')!).local).toBe('2025-07-01T11:00:00');
    expect(s.level).toBe(3);
  });

  it('adjust at level 1: plans the creep and writes the true time to 861', async () => {
    const { m, s, writes } = await elster('2025-07-01T10:59:48', 1);
    const r = await adjustClock(s, { timeZone: tz, now: () => NOW, integrationPeriodMin: 15 });
    expect(r.plan).toMatchObject({ driftMs: -12_000, stepsMs: [5000, 5000, 2000], completesAfterMin: 45 });
    expect(r.writtenLocal).toBe('2025-07-01T11:00:00');
    expect(writes()).toHaveLength(1);
    expect(decodeTimeDate(m.items.get('861')!).local).toBe('2025-07-01T11:00:00');
  });

  it('adjust refuses a drift over 7.5 min (set needed) and a level 3 session, without writing', async () => {
    const big = await elster('2025-07-01T11:08:00', 1);
    const e = await adjustClock(big.s, { timeZone: tz, now: () => NOW }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClockAdjustTooLargeError);
    expect((e as Error).message).toMatch(/8 min fast.*Set the clock instead/);
    expect(big.writes()).toHaveLength(0);

    const three = await elster('2025-07-01T11:00:10', 3);
    const e3 = await adjustClock(three.s, { timeZone: tz, now: () => NOW }).catch((x: unknown) => x);
    expect((e3 as ProtocolError).code).toBe('METER_ERROR');
    expect(three.writes()).toHaveLength(0);
  });

  it('nothing to adjust: no write', async () => {
    const { s, writes } = await elster('2025-07-01T11:00:00', 1);
    expect((await adjustClock(s, { timeZone: tz, now: () => NOW })).writtenLocal).toBeNull();
    expect(writes()).toHaveLength(0);
  });
});

describe('generic clock (0.9.1 / 0.9.2)', () => {
  function generic(date: string, time: string) {
    const writes: string[] = [];
    const link = scriptedLink((s) => {
      if (s.startsWith('/?')) return '/ABC5TEST\r\n';
      if (s.startsWith('\x06') && s.length > 1) return encodeCommand('P0', '(1)');
      if (!s.startsWith('\x01')) return null;
      const b = decodeBlock(asciiToBytes(s));
      if (b.command === 'R5' && b.data === '0.9.2()') return encodeDataMessage(`0.9.2(${date})`);
      if (b.command === 'R5' && b.data === '0.9.1()') return encodeDataMessage(`0.9.1(${time})`);
      if (b.command === 'W5') return writes.push(b.data), '\x06';
      return b.command === 'P1' ? '\x06' : null;
    });
    return { p: new ProgrammingSession(link.transport, { timings: FAST, password: 'PASS' }), writes };
  }

  it('reads date and time; a season digit places the time exactly', async () => {
    const { p } = generic('1250701', '110042');
    await p.open();
    expect(await readClock(p, { timeZone: tz, now: () => NOW })).toMatchObject({ meterLocal: '2025-07-01T11:00:42', meterUtc: '2025-07-01T10:00:42.000Z', driftMs: 42_000 });
  });

  it('sets with W5 0.9.2 then 0.9.1; adjust is not available', async () => {
    const { p, writes } = generic('250701', '105900');
    await p.open();
    const r = await setClock(p, { timeZone: tz, now: () => NOW });
    expect(writes).toEqual(['0.9.2(250701)', '0.9.1(110000)']);
    expect(r.before.driftMs).toBe(-60_000);
    const e = await adjustClock(p, { timeZone: tz, now: () => NOW }).catch((x: unknown) => x);
    expect((e as ProtocolError).code).toBe('METER_ERROR');
    expect((e as Error).message).toMatch(/can only be set/);
  });

  it('rewrites the date when midnight passes between the two writes', async () => {
    const { p, writes } = generic('250701', '235959');
    await p.open();
    let t = Date.parse('2025-07-01T22:59:58.400Z'); // 23:59:58.4 BST; each look at the clock moves 0.3 s on
    await setClock(p, { timeZone: tz, now: () => (t += 300) });
    expect(writes).toEqual(['0.9.2(250701)', '0.9.1(000000)', '0.9.2(250702)']);
  });
});
