import { describe, expect, it } from 'vitest';
import { asciiToBytes } from './control';
import { MeterErrorAnswer, PasswordRefusedError, ProtocolError, TransferInterruptedError } from './errors';
import { decodeBlock, encodeCommand, encodeDataMessage } from './frames';
import { encodeLogbookAnswer } from './logbook';
import { ProgrammingSession, type ProgrammingOptions } from './programming';
import { type ScriptReply, scriptedLink } from './testing/scripted-transport';

/** Programming-mode tests against a scripted generic meter (IEC 62056-21 clause 6.3.7–6.3.9). */
const FAST = { reactionTimeoutMs: 80, interCharTimeoutMs: 80, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const ID = '/ABC5TEST-1\r\n';
const ACK = '\x06';
const NAK = '\x15';

/** The command id and data of a client message, or null for control characters and lines. */
function cmd(sent: string): { id: string; data: string } | null {
  if (!sent.startsWith('\x01')) return null;
  const b = decodeBlock(asciiToBytes(sent));
  return { id: b.command ?? '', data: b.data };
}

/** A scripted meter: sign-on and option select handled, commands passed to `commands`. */
function meter(commands: (id: string, data: string, n: number) => ScriptReply, controls: (c: string) => ScriptReply = () => null) {
  let n = 0;
  return scriptedLink((s) => {
    if (s.startsWith('/?')) return ID;
    if (s.startsWith('\x06') && s.length > 1) return encodeCommand('P0', '(12345678)');
    const c = cmd(s);
    if (c) return commands(c.id, c.data, n++);
    return controls(s);
  });
}

function open(link: ReturnType<typeof meter>, opts: ProgrammingOptions = {}) {
  const p = new ProgrammingSession(link.transport, { timings: FAST, resignOnPauseMs: 1, ...opts });
  return p;
}

async function caught(p: Promise<unknown>): Promise<ProtocolError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProtocolError);
  return e as ProtocolError;
}

describe('ProgrammingSession: password', () => {
  it('sends P1(password) after P0 and proceeds on ACK', async () => {
    const link = meter((id, data) => (id === 'P1' && data === '(ABCDEFGH)' ? ACK : null));
    const p = open(link, { password: 'ABCDEFGH' });
    const on = await p.open();
    expect(on.operand).toBe('12345678');
    expect(on.baud).toBe(9600);
    expect(link.sent[1]).toBe('\x06051\r\n'); // option select Y=1
    expect(cmd(link.sent[2]!)).toEqual({ id: 'P1', data: '(ABCDEFGH)' });
  });

  it('P2 sends the transform of the P0 operand', async () => {
    const link = meter((id, data) => (id === 'P2' && data === '(87654321)' ? ACK : null));
    const p = open(link, { password: 'x', passwordCommand: 'P2', passwordTransform: (_pw, op) => [...op].reverse().join('') });
    await p.open();
  });

  it('a refused password is a plain REFUSED error with the meter code', async () => {
    const link = meter((id) => (id === 'P1' ? encodeDataMessage('(ERR10)') : null));
    const e = await caught(open(link, { password: 'WRONGPWD' }).open());
    expect(e).toBeInstanceOf(PasswordRefusedError);
    expect(e.code).toBe('REFUSED');
    expect((e as PasswordRefusedError).meterCode).toBe('ERR10');
    expect(e.message).toMatch(/did not accept the password \(P1\).*ERR10.*Check the password/);

    // A NAK storm is a line problem: the password was never checked, and the message says so (issue 11.6).
    const naks = meter((id) => (id === 'P1' ? NAK : null));
    const n = await caught(open(naks, { password: 'WRONGPWD' }).open());
    expect(n).not.toBeInstanceOf(PasswordRefusedError);
    expect(n.code).toBe('GARBLED');
    expect(n.message).toBe(
      'The meter answered NAK (transmission error) to every repeat of the password message (P1), so it never checked the password. This is a line or probe problem, not a wrong password: check that the probe is seated and clean, then try again.',
    );
    expect(n.message).not.toMatch(/did not accept the password/);
    expect(naks.sent.filter((s) => cmd(s)?.id === 'P1').length).toBeGreaterThanOrEqual(1 + FAST.maxRepeats);
  });

  it('no P0 after the option select: the meter offers no programming mode', async () => {
    const link = scriptedLink((s) => (s.startsWith('/?') ? ID : null));
    const e = await caught(open(link as ReturnType<typeof meter>).open());
    expect(e.code).toBe('NO_ANSWER');
    expect(e.message).toMatch(/did not enter programming mode/);
  });
});

describe('ProgrammingSession: reads, writes, execute', () => {
  it('R6 joins partial blocks, acknowledging each', async () => {
    const link = meter(
      (id) => (id === 'R6' ? encodeDataMessage('1.8.0(1)\r\n', true) : null),
      (c) => (c === ACK ? encodeDataMessage('2.8.0(2)\r\n') : null),
    );
    const p = open(link);
    await p.open();
    const a = await p.read('R6', '1.8.0()');
    expect(a.data).toBe('1.8.0(1)\r\n2.8.0(2)\r\n');
    expect(a.raw).toHaveLength(2);
  });

  it('W5: ACK accepted, NAK repeats the write, a NAK storm is REFUSED after maxRepeats, (ERRnn) is typed', async () => {
    const ok = meter((id, _d, n) => (id === 'W5' ? (n === 0 ? NAK : ACK) : null));
    const p = open(ok);
    await p.open();
    await p.write('W5', '0.9.1(120000)');
    expect(ok.sent.filter((s) => cmd(s)?.id === 'W5')).toHaveLength(2);

    const storm = meter((id) => (id === 'W5' ? NAK : null));
    const ps = open(storm);
    await ps.open();
    const e = await caught(ps.write('W5', '0.9.1(120000)'));
    expect(e.code).toBe('REFUSED');
    expect(storm.sent.filter((s) => cmd(s)?.id === 'W5')).toHaveLength(1 + FAST.maxRepeats);

    const err = meter((id) => (id === 'W5' ? encodeDataMessage('(ERR03)') : null));
    const pe = open(err);
    await pe.open();
    const m = await caught(pe.write('W5', '0.9.1(120000)', 'time write'));
    expect(m).toBeInstanceOf(MeterErrorAnswer);
    expect((m as MeterErrorAnswer).meterCode).toBe('ERR03');
    expect(m.message).toMatch(/time write with error ERR03/);
  });

  it('E2 execute expects ACK', async () => {
    const link = meter((id, data) => (id === 'E2' && data === '0.1.0()' ? ACK : null));
    const p = open(link);
    await p.open();
    await p.execute('0.1.0()');
    expect(link.sent.at(-1)).toBe('\x01E2\x020.1.0()\x03F');
  });

  it('P.98 logbook request and answer', async () => {
    const answer = encodeLogbookAnswer([{ stamp: { local: '2025-06-01T10:00:00', season: 1 }, status: '0008', eventCode: '0042' }]);
    const link = meter((id, data) => (id === 'R5' && data === 'P.98(;)' ? encodeDataMessage(answer) : null));
    const p = open(link);
    await p.open();
    const log = await p.readLogbook({ from: null, to: null }, 'Europe/Berlin');
    expect(log.entries).toEqual([
      { stamp: { local: '2025-06-01T10:00:00', season: 1 }, utc: '2025-06-01T08:00:00.000Z', local: '2025-06-01T10:00:00', status: '0008', eventCode: '0042', values: [] },
    ]);
  });

  it('a stalled answer names received-of-expected bytes', async () => {
    const block = encodeDataMessage('P.01(1250101001500)(00)(15)(1)(1.5)(kW)\r\n(1.0)\r\n');
    const link = meter((id) => (id === 'R5' ? block.slice(0, 12) : null));
    const p = open(link, { maxResignOns: 0 });
    await p.open();
    const e = await caught(p.readLoadProfile({ from: null, to: null }, 'UTC', { expected: { bytes: 2304, kind: 'estimate' } }));
    expect(e).toBeInstanceOf(TransferInterruptedError);
    expect(e.code).toBe('STOPPED_ANSWERING');
    expect(e.message).toBe('The meter stopped answering after 12 of about 2\u202f304 bytes of the load profile P.01. Keep the probe still on the optical port and read again.');
  });
});

describe('ProgrammingSession: re-sign-on when the meter drops the session', () => {
  it('sends B0, signs on again, re-authenticates and repeats the request once', async () => {
    let signOns = 0;
    const events: string[] = [];
    const link = scriptedLink((s) => {
      if (s.startsWith('/?')) {
        signOns++;
        return ID;
      }
      if (s.startsWith('\x06') && s.length > 1) return encodeCommand('P0', '(12345678)');
      const c = cmd(s);
      if (c?.id === 'P1') return ACK;
      if (c?.id === 'R5') return signOns === 1 ? null : encodeDataMessage('1.8.0(42*kWh)');
      return null;
    });
    const p = new ProgrammingSession(link.transport, { timings: FAST, password: 'ABCDEFGH', resignOnPauseMs: 1, onEvent: (m) => events.push(m) });
    await p.open();
    const a = await p.read('R5', '1.8.0()', 'energy register read');
    expect(a.data).toBe('1.8.0(42*kWh)');
    const ids = link.sent.map((s) => (s.startsWith('/?') ? 'sign-on' : cmd(s)?.id ?? (s.length > 1 ? 'option' : 'ctl')));
    expect(ids).toEqual(['sign-on', 'option', 'P1', 'R5', 'B0', 'sign-on', 'option', 'P1', 'R5']);
    expect(events[0]).toMatch(/stopped answering during the energy register read.*signing on again/);
  });

  it('is bounded: a second drop ends with the error naming the restart', async () => {
    const link = meter((id) => (id === 'R5' ? null : null));
    const p = open(link);
    await p.open();
    const e = await caught(p.read('R5', '1.8.0()', 'energy register read'));
    expect(e.code).toBe('NO_ANSWER');
    expect(e.message).toMatch(/restarted once for this energy register read/);
    expect(link.sent.filter((s) => s.startsWith('/?'))).toHaveLength(2);
  });

  it('a failed sign-on during the re-sign-on says so', async () => {
    let signOns = 0;
    const link = scriptedLink((s) => {
      if (s.startsWith('/?')) return ++signOns === 1 ? ID : null;
      if (s.startsWith('\x06') && s.length > 1) return encodeCommand('P0', '(1)');
      return null;
    });
    const p = new ProgrammingSession(link.transport, { timings: FAST, resignOnPauseMs: 1 });
    await p.open();
    const e = await caught(p.write('W5', '1.2.3(4)', 'register write'));
    // What happened first (the unanswered write), then why it stays so (the failed sign-on).
    expect(e.message).toMatch(/^The meter dropped the programming session during the register write: No answer from the meter .*\. Signing on again failed: No answer/);
  });

  it('before programming mode was reached, nothing is retried', async () => {
    const link = scriptedLink(() => null);
    const p = new ProgrammingSession(link.transport, { timings: FAST });
    const e = await caught(p.read('R5', '1.8.0()'));
    expect(e.code).toBe('NO_ANSWER');
    expect(link.sent).toHaveLength(1);
  });

  it('close sends B0', async () => {
    const link = meter(() => null);
    const p = open(link);
    await p.open();
    await p.close();
    expect(cmd(link.sent.at(-1)!)?.id).toBe('B0');
  });
});
