import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedEmulator, type EmbeddedEmulator, type Fault } from '../../main/emulator';
import { ProtocolError } from '../iec62056-21/errors';
import { ProgrammingSession } from '../iec62056-21/programming';
import { adjustClock, readClock, setClock } from './clock';
import { readElsterMeter } from './elster/read-meter';
import { ElsterSession } from './elster/session';

/**
 * The client of protocol/ against the project's meter emulator (main/emulator/), in process over an unpaced
 * link pair: both sides follow the reference notes independently, so this is where their readings of the
 * dialect meet. (A test file only: protocol/ sources never import main/.)
 */
const FAST = { reactionTimeoutMs: 400, interCharTimeoutMs: 300, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const SESSION = { reactionTimeMs: 0, interCharTimeoutMs: 300 };
const tz = 'Europe/London';

const open: EmbeddedEmulator[] = [];
function elsterEmulator(model: 'a1140' | 'a1700' = 'a1140', faults?: Fault[], clockOffsetMs = 0) {
  const emu = openEmbeddedEmulator({ meter: { model, timeZone: tz, loadProfileDays: 10, clockOffsetMs, seedRng: 3 }, session: SESSION, paced: false, faults });
  open.push(emu);
  return emu;
}
afterEach(async () => {
  for (const e of open.splice(0)) await e.stop();
});

const range = () => ({ fromUtc: new Date(Date.now() - 2 * 86_400_000).toISOString(), toUtc: new Date().toISOString() });

describe('Elster client ↔ emulated A1140 / A1700', () => {
  it('reads registers, clock, counter and two days of load profile by RD stream', async () => {
    const emu = elsterEmulator();
    const r = await readElsterMeter(emu.clientTransport, { password: '00000000', timings: FAST, timeZone: tz, loadProfile: range() });
    expect(r.elster.family).toBe('A1140');
    expect(r.registers.find((x) => x.code === 'C.1.0')?.text).toBe('EMU-A1140-0001');
    expect(r.registers.find((x) => x.code === '1.8.0')?.unit).toBe('kWh');
    expect(Math.abs(r.elster.clock.driftMs)).toBeLessThan(2000);
    expect(r.elster.programmingLog?.count).toBe(0);
    expect(r.loadProfile!.periodMinutes).toBe(30);
    expect(r.loadProfile!.intervals.length).toBeGreaterThanOrEqual(2 * 48);
    expect(r.loadProfile!.channels.map((c) => c.obis)).toEqual(['1.5.0', '2.5.0']);
  });

  it('the R1 packet method reads the same profile; the A1700 has its own sizes', async () => {
    const a = elsterEmulator('a1700');
    const sel = range();
    const stream = await readElsterMeter(a.clientTransport, { password: '00000000', timings: FAST, timeZone: tz, loadProfile: sel, events: false });
    const b = elsterEmulator('a1700');
    const packets = await readElsterMeter(b.clientTransport, { password: '00000000', timings: FAST, timeZone: tz, loadProfile: sel, loadProfileMethod: 'packets', events: false });
    expect(packets.loadProfile!.intervals.map((i) => i.startUtc)).toEqual(stream.loadProfile!.intervals.map((i) => i.startUtc));
    expect(stream.elster.family).toBe('A1700');
    expect(stream.elster.model.maxDemandRegisters).toBe(24);
    expect(stream.registers.find((x) => x.code === '0.2.1')?.text).toBe('SCHEME01');
  });

  it('a corrupted stream block: ESC, the whole RD again, and the reading is complete', async () => {
    const emu = elsterEmulator('a1140', [{ fault: 'corrupt-byte', when: { commandKind: 'RD', answerIndex: 1 }, offset: 40, mask: 0x10 }]);
    const events: string[] = [];
    const r = await readElsterMeter(emu.clientTransport, { password: '00000000', timings: FAST, timeZone: tz, loadProfile: range(), events: false, escPauseMs: 50, onEvent: (e) => events.push(e) });
    expect(emu.faultLog.entries.length).toBeGreaterThan(0);
    expect(r.loadProfile!.intervals.length).toBeGreaterThanOrEqual(2 * 48);
    expect(events.some((e) => /arrived damaged; sent ESC and asked for the whole stream of the load profile \(550\) again/.test(e))).toBe(true);
  });

  it('clock set (level 3) and adjust (level 1) leave the programming counter alone', async () => {
    const emu = elsterEmulator('a1140', undefined, 20_000);
    const s = new ElsterSession(emu.clientTransport, { password: '00000000', level: 1, timings: FAST });
    await s.open();
    const before = await readClock(s, { timeZone: tz });
    expect(before.driftMs).toBeGreaterThan(18_000);
    const adj = await adjustClock(s, { timeZone: tz, integrationPeriodMin: 30 });
    expect(adj.plan.stepsMs.length).toBeGreaterThanOrEqual(4);
    await setClock(s, { timeZone: tz });
    expect(Math.abs((await readClock(s, { timeZone: tz })).driftMs)).toBeLessThan(2000);
    await s.close();
    expect(emu.meter.audit.count).toBe(0);
  });

  it('a wrong password is refused in plain words', async () => {
    const emu = elsterEmulator();
    const e = await readElsterMeter(emu.clientTransport, { password: 'WRONGPWD', timings: FAST, timeZone: tz, loadProfile: null }).catch((x: unknown) => x);
    expect((e as ProtocolError).code).toBe('REFUSED');
    expect((e as Error).message).toMatch(/did not accept the password/);
  });
});

describe('Elster reading with injected emulator faults: a correct result or a typed error', () => {
  const cases: [string, Fault, string][] = [
    ['a dropped byte in an R1 answer (BCC → NAK → repeat)', { fault: 'drop-byte', when: { commandKind: 'R1' } }, 'ok'],
    ['an R1 answer stalled past ta (re-sign-on, repeat)', { fault: 'stall', when: { commandKind: 'R1' }, ms: 1000 }, 'ok'],
    ['an answer later than tr (re-sign-on, repeat)', { fault: 'slow', when: { commandKind: 'R1' }, ms: 800 }, 'ok'],
    ['ERR5 lock (re-authenticate, repeat)', { fault: 'err5-lock', when: { commandKind: 'R1' } }, 'ok'],
    ['a damaged P0 (NAK → repeat)', { fault: 'corrupt-byte', when: { commandKind: 'P0' } }, 'ok'],
    ['a stream block with a bad CRC (ESC, RD again)', { fault: 'bad-check', when: { commandKind: 'RD' } }, 'ok'],
    ['a stream stalled without resuming (ESC, RD again)', { fault: 'stall', when: { commandKind: 'RD' }, ms: 1000, resume: false }, 'ok'],
    ['NAK to every W1', { fault: 'nak-storm', when: { commandKind: 'W1' }, count: 10 }, 'REFUSED'],
    ['unplugged mid-stream', { fault: 'unplug', when: { commandKind: 'RD' } }, 'LINK_LOST'],
  ];
  it.each(cases)('%s', async (_name, fault, outcome) => {
    const emu = elsterEmulator('a1140', [fault]);
    const got = await readElsterMeter(emu.clientTransport, { password: '00000000', timings: FAST, timeZone: tz, loadProfile: range(), events: false, resignOnPauseMs: 50, escPauseMs: 50 }).then(
      (r) => (r.loadProfile!.intervals.length >= 96 && r.registers.length > 30 ? 'ok' : 'incomplete'),
      (e: unknown) => (e instanceof ProtocolError ? e.code : String(e)),
    );
    expect(emu.faultLog.entries.length).toBeGreaterThan(0);
    expect(got).toBe(outcome);
  });
});

describe('generic programming client ↔ emulated generic meter', () => {
  it('reads the clock and the P.98 logbook, sets the clock', async () => {
    const emu = openEmbeddedEmulator({ meter: { timeZone: tz, password: 'SECRET01' }, session: SESSION, paced: false });
    open.push(emu);
    const p = new ProgrammingSession(emu.clientTransport, { timings: FAST, password: 'SECRET01' });
    await p.open();
    const c = await readClock(p, { timeZone: tz });
    expect(Math.abs(c.driftMs)).toBeLessThan(2000);
    await setClock(p, { timeZone: tz });
    const log = await p.readLogbook({ from: null, to: null }, tz);
    expect(log.entries.some((e) => e.eventCode === '0003')).toBe(true); // the clock set just made
    await p.close();
  });
});
