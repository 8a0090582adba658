/**
 * The workstation side of a Hayes (ITU-T V.250) modem on a byte link: commands end with CR, the modem answers with
 * result codes in verbose form between CR LF (`OK`, `CONNECT [<rate>]`, `RING`, `NO CARRIER`, `ERROR`,
 * `NO DIALTONE`, `BUSY`, `NO ANSWER`; V.250 clause 5.7.1, table 1; reference "remote links"). A modem may echo the
 * command (E1) before answering: echoed lines are skipped. Hang-up: one second of silence, `+++`, one second of
 * silence (the escape guard times), `OK`, then `ATH` (V.250 clause 6.3.6 / the Hayes escape sequence).
 */
import { ProtocolError, type ProtocolErrorCode } from '../../../protocol/iec62056-21/errors';
import type { Transport } from '../../../protocol/iec62056-21/transport';

/** Final result codes (verbose), and what each means for the call. */
export const FINAL_RESULTS = ['OK', 'CONNECT', 'ERROR', 'NO CARRIER', 'NO DIALTONE', 'BUSY', 'NO ANSWER'] as const;
export type FinalResult = (typeof FINAL_RESULTS)[number];

/** A dial or command the modem refused; `result` is its result code (BUSY, NO CARRIER…). */
export class ModemError extends ProtocolError {
  constructor(
    code: ProtocolErrorCode,
    readonly result: FinalResult | 'TIMEOUT',
    message: string,
  ) {
    super(code, message, `modem result ${result}`);
  }
}

/** Plain words for a failed call to `number`. */
function callFailed(result: FinalResult, number: string): ModemError {
  switch (result) {
    case 'BUSY':
      return new ModemError('NO_ANSWER', result, `The line of ${number} is busy (BUSY). It is tried again later.`);
    case 'NO CARRIER':
      return new ModemError('NO_ANSWER', result, `The call to ${number} did not connect (NO CARRIER): the far modem did not answer with a carrier. Check the number and that the meter's modem is powered.`);
    case 'NO ANSWER':
      return new ModemError('NO_ANSWER', result, `Nobody answered the call to ${number} (NO ANSWER).`);
    case 'NO DIALTONE':
      return new ModemError('LINK_LOST', result, 'The modem hears no dial tone (NO DIALTONE): check its telephone line or, for a GSM modem, its SIM card and signal.');
    default:
      return new ModemError('REFUSED', result, `The modem refused to dial ${number} (${result}). Check its init string and the number.`);
  }
}

/** Reads CR LF separated lines from a transport (result codes), skipping empty lines. */
export class LineReader {
  private buf = '';
  private readonly lines: string[] = [];
  private wake: (() => void) | null = null;
  private readonly off: () => void;

  constructor(transport: Transport) {
    this.off = transport.onData((chunk) => {
      this.buf += String.fromCharCode(...chunk);
      let i;
      while ((i = this.buf.search(/[\r\n]/)) >= 0) {
        const line = this.buf.slice(0, i).trim();
        this.buf = this.buf.slice(i + 1);
        if (line) this.lines.push(line);
      }
      this.wake?.();
    });
  }

  /** The next line within `ms`, or null. */
  async next(ms: number): Promise<string | null> {
    const deadline = Date.now() + ms;
    while (this.lines.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => (clearTimeout(t), resolve());
      });
      this.wake = null;
    }
    return this.lines.shift()!;
  }

  /** Stop listening. */
  dispose(): void {
    this.off();
  }
}

const send = (t: Transport, text: string) => t.write(Uint8Array.from(text, (c) => c.charCodeAt(0)));

/**
 * Send `command` (CR added) and wait up to `ms` for its final result code; echoes and unsolicited lines (RING) are
 * skipped. Returns the code and the whole final line (`CONNECT 9600`). Null when none came in time.
 */
export async function atCommand(t: Transport, reader: LineReader, command: string, ms: number): Promise<{ result: FinalResult; line: string } | null> {
  await send(t, `${command}\r`);
  const deadline = Date.now() + ms;
  for (;;) {
    const line = await reader.next(deadline - Date.now());
    if (line === null) return null;
    if (line.toUpperCase() === command.toUpperCase()) continue; // echo (E1)
    const result = FINAL_RESULTS.find((r) => line.toUpperCase() === r || (r === 'CONNECT' && /^CONNECT\b/i.test(line)));
    if (result) return { result, line };
  }
}

/** Command `command` must answer OK within `ms`. @throws ModemError (no answer: NO_ANSWER; else REFUSED). */
export async function expectOk(t: Transport, reader: LineReader, command: string, ms: number): Promise<void> {
  const r = await atCommand(t, reader, command, ms);
  if (r === null) throw new ModemError('NO_ANSWER', 'TIMEOUT', `The modem did not answer "${command}" within ${ms / 1000} s. Check that it is powered, on the right port and at the right speed.`);
  if (r.result !== 'OK') throw new ModemError('REFUSED', r.result, `The modem answered "${command}" with ${r.line}. Check the init string for this modem.`);
}

/**
 * Wake the modem: `AT` must answer OK. A modem still online from a call its last user never hung up (a crashed
 * program; no DTR drop on this line) passes `AT` to the far end instead: then escape (+++) and `ATH`, and ask again.
 * @throws ModemError when it still does not answer.
 */
export async function wake(t: Transport, reader: LineReader, guardMs = 1000): Promise<void> {
  try {
    return await expectOk(t, reader, 'AT', 3000);
  } catch (e) {
    if (!(e instanceof ModemError) || e.result !== 'TIMEOUT') throw e;
  }
  await hangUp(t, reader, guardMs);
  await expectOk(t, reader, 'AT', 3000);
}

/**
 * Dial `number`: `ATD<number>`, then wait up to `ms` for CONNECT. Returns the connect rate (bit/s) when the modem
 * gives one. @throws ModemError BUSY / NO CARRIER / NO ANSWER / NO DIALTONE (plain words), or a time-out.
 */
export async function dial(t: Transport, reader: LineReader, number: string, ms: number): Promise<number | null> {
  const r = await atCommand(t, reader, `ATD${number}`, ms);
  if (r === null) throw new ModemError('NO_ANSWER', 'TIMEOUT', `The call to ${number} did not connect within ${ms / 1000} s.`);
  if (r.result !== 'CONNECT') throw callFailed(r.result, number);
  const rate = /^CONNECT\s+(\d+)/i.exec(r.line);
  return rate ? Number(rate[1]) : null;
}

/**
 * Hang up: guard time, `+++`, guard time, then `ATH`. Never throws (a modem that already dropped the call is fine).
 * @param guardMs the escape guard time (V.250 S12: 1 s by default)
 */
export async function hangUp(t: Transport, reader: LineReader, guardMs = 1000): Promise<void> {
  try {
    await new Promise((r) => setTimeout(r, guardMs));
    await send(t, '+++');
    await new Promise((r) => setTimeout(r, guardMs));
    await reader.next(guardMs); // OK (or NO CARRIER when the far end hung up first)
    await atCommand(t, reader, 'ATH', 3000);
  } catch {
    /* the line is going away anyway */
  }
}
