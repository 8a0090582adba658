import type { LoadProfile } from '../reading';
import { concatBytes } from './control';
import { MeterErrorAnswer, NakStormError, PasswordRefusedError, ProtocolError } from './errors';
import type { Identification } from './identification';
import { type LogbookEntry, encodeLogbookRequest, parseLogbookAnswer } from './logbook';
import { type LocalStamp, encodeLoadProfileRequest, parseLoadProfileAnswer } from './load-profile';
import { type ModeControl, Session, type SessionOptions } from './session';
import { type ExpectedKind, TransferProgress, asTransfer } from './transfer';
import type { Transport } from './transport';

/**
 * IEC 62056-21 programming mode as one object: sign-on with option select Y=1, the password operand P0,
 * P1/P2 password, R1/R2/R5/R6 reads (partial blocks acknowledged), W1/W2/W5 writes and E2 execute (ACK
 * expected, NAK repeats bounded by `timings.maxRepeats`), `(ERRnn)` answers as MeterErrorAnswer, load profile
 * `P.01` and logbook `P.98`, and B0. Source: IEC 62056-21:2002 clauses 6.3.7–6.3.9, 6.4.5; reference note
 * ../shared/reference/iec62056-21.md.
 *
 * Re-sign-on: when the meter drops the session (a meter leaves programming mode after some inactivity or a
 * disturbance; clause 6.3.14 / reference "Timing"), a request that gets NO_ANSWER or STOPPED_ANSWERING (or
 * stays damaged: BAD_BCC / GARBLED after the repeats) after programming mode was reached makes the session send
 * B0, pause, wait for a quiet line, sign on again (Y=1; once more if that gets no answer), read P0, send the
 * password again and retry the interrupted request, at most `maxResignOns` times per request (default 1).
 *
 * Lock: an `(ERRnn)` answer may mean the meter locked the session (a password time-out; the codes are the
 * maker's). When a password is configured (`password`, not a dialect's `authenticate`), the password is sent
 * again and the request repeated once; a second `(ERRnn)` is the error.
 */

/** Options of a programming session (the Session options plus the password and the re-sign-on policy). */
export interface ProgrammingOptions extends SessionOptions {
  /** Password to send after P0; none (undefined) = no password command. */
  readonly password?: string;
  /** P1 (clear, default) or P2 (manufacturer-specific transform of the P0 operand, see `passwordTransform`). */
  readonly passwordCommand?: 'P1' | 'P2';
  /** For P2: (password, P0 operand) → the operand to send. Default: the password unchanged. */
  readonly passwordTransform?: (password: string, operand: string) => string;
  /**
   * Mode control Y of the sign-on; default `1` (programming mode). A function of the identification lets a
   * dialect check the meter and choose Y (or throw before the option select is sent).
   */
  readonly modeControl?: ModeControl | ((id: Identification) => ModeControl);
  /**
   * A dialect's own password exchange after P0 (replaces `password`/`passwordCommand`): called with the session
   * and the P0 operand at every sign-on, including re-sign-ons. Throws to refuse.
   */
  readonly authenticate?: (session: Session, operand: string) => Promise<void>;
  /** Re-sign-ons allowed per request after the meter dropped the session; default 1. 0 disables. */
  readonly maxResignOns?: number;
  /** Pause between B0 and the new sign-on, ms; default 1500 (the meter returns to 300 baud idle). */
  readonly resignOnPauseMs?: number;
  /** Plain-language events (re-sign-on, retries) for the session log. */
  readonly onEvent?: (message: string) => void;
}

/** What `open` established. */
export interface ProgrammingSignOn {
  readonly identification: Identification;
  /** Line speed, bit/s. */
  readonly baud: number;
  /** The P0 operand (inside the brackets), e.g. a password seed or the serial number. */
  readonly operand: string;
}

/** Answer of a read: the joined answer data and every answer message as received. */
export interface ProgrammingAnswer {
  readonly data: string;
  readonly raw: Uint8Array[];
}

/** Expected size of a read's answer for progress and progress-aware errors. */
export interface ExpectedSize {
  readonly bytes: number;
  readonly kind: ExpectedKind;
}

/**
 * Errors after which the session is restarted (B0, sign-on, password) and the request repeated: the meter went
 * silent or broke off, or its answers stayed damaged / unreadable after the standard's repeats.
 */
const RESTART_CODES: ReadonlySet<string> = new Set(['NO_ANSWER', 'STOPPED_ANSWERING', 'BAD_BCC', 'GARBLED']);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A programming-mode session. Methods throw ProtocolError subclasses with plain-language messages. */
export class ProgrammingSession {
  readonly session: Session;
  private opened: ProgrammingSignOn | null = null;
  private active = false;

  constructor(transport: Transport, private readonly options: ProgrammingOptions = {}) {
    this.session = new Session(transport, options);
  }

  /** The sign-on result once open, else null. */
  get signOnResult(): ProgrammingSignOn | null {
    return this.opened;
  }

  private event(message: string): void {
    this.options.onEvent?.(message);
  }

  /**
   * Sign on (Y=1 unless `modeControl`), receive P0 and send the password.
   * @throws NO_ANSWER (no sign-on answer, or no P0: the meter offers no programming mode), METER_ERROR for a
   *   mode A/B meter, PasswordRefusedError (REFUSED) for a refused password, GARBLED.
   */
  async open(): Promise<ProgrammingSignOn> {
    const on = await this.session.signOn(this.options.modeControl ?? '1');
    let operand: string;
    try {
      operand = await this.session.receiveOperand();
    } catch (e) {
      if (e instanceof ProtocolError && e.code === 'NO_ANSWER') {
        throw new ProtocolError('NO_ANSWER', 'The meter did not enter programming mode (no password operand P0 after the option select). It may not offer programming mode over the optical port.', e.detail);
      }
      throw e;
    }
    await this.authenticate(operand);
    this.opened = { identification: on.identification, baud: on.baud, operand };
    this.active = true;
    return this.opened;
  }

  private async authenticate(operand: string): Promise<void> {
    if (this.options.authenticate) return this.options.authenticate(this.session, operand);
    const password = this.options.password;
    if (password === undefined) return;
    const command = this.options.passwordCommand ?? 'P1';
    const text = command === 'P2' && this.options.passwordTransform ? this.options.passwordTransform(password, operand) : password;
    await sendPassword(this.session, command, text);
  }

  /**
   * Run `job` (one request) with the re-sign-on policy. Exposed for dialect layers with their own commands.
   * @param what words for messages, e.g. `write of 0.9.1`.
   */
  async run<T>(what: string, job: (session: Session) => Promise<T>): Promise<T> {
    const max = this.options.maxResignOns ?? 1;
    let relocked = false;
    for (let resignOns = 0; ; resignOns++) {
      try {
        return await job(this.session);
      } catch (e) {
        if (e instanceof MeterErrorAnswer && !relocked && this.active && this.opened && this.options.password !== undefined && !this.options.authenticate) {
          relocked = true;
          resignOns--;
          this.event(`The meter answered ${e.meterCode} to the ${what}; sending the password again and repeating it once.`);
          await this.authenticate(this.opened.operand);
          continue;
        }
        if (!(e instanceof ProtocolError) || !RESTART_CODES.has(e.code) || !this.active) throw e;
        if (resignOns >= max) {
          if (resignOns > 0) e.message += ` (The session had already been restarted ${resignOns === 1 ? 'once' : `${resignOns} times`} for this ${what}.)`;
          throw e;
        }
        this.event(`The meter stopped answering during the ${what}; ending the session (B0) and signing on again.`);
        await this.resignOn(what, e);
        this.event(`Signed on again; repeating the ${what}.`);
      }
    }
  }

  private async resignOn(what: string, cause: ProtocolError): Promise<void> {
    this.active = false;
    const t = this.session.timings;
    await this.session.sendBreak();
    await sleep(this.options.resignOnPauseMs ?? 1500);
    // The meter may still be sending the late rest of the broken answer: wait for the line to go quiet.
    await this.session.drain(t.interCharTimeoutMs, 4 * t.reactionTimeoutMs);
    try {
      try {
        await this.open();
      } catch (e) {
        // A meter that was still busy may have missed the sign-on: one more, after a quiet line.
        if (!(e instanceof ProtocolError) || e.code !== 'NO_ANSWER') throw e;
        await this.session.drain(t.interCharTimeoutMs, 4 * t.reactionTimeoutMs);
        await this.open();
      }
    } catch (e) {
      if (e instanceof ProtocolError) {
        // Say what happened first (e.g. "stopped answering after 1 480 of 2 304 bytes"), then why it stays so.
        throw new ProtocolError(
          e.code,
          `The meter dropped the programming session during the ${what}: ${cause.message.replace(/\.$/, '')}. Signing on again failed: ${e.message}`,
          e.detail,
        );
      }
      throw e;
    }
  }

  /**
   * Read with R1/R2/R5/R6 (`R6` = the answer may come in partial blocks, each acknowledged).
   * @param expected the answer's size when known, for progress-aware errors ("after 1 480 of 2 304 bytes").
   * @throws MeterErrorAnswer for `(ERRnn)`, TransferInterruptedError, BAD_BCC after maxRepeats, GARBLED.
   */
  read(command: 'R1' | 'R2' | 'R5' | 'R6', dataSet: string, what = `read ${command} ${dataSet}`, expected?: ExpectedSize): Promise<ProgrammingAnswer> {
    return this.run(what, (s) => {
      const progress = new TransferProgress(what, () => s.bytesFromMeter, expected?.bytes ?? null, expected?.kind ?? 'exact');
      return asTransfer(progress, () => s.command(command, dataSet, 'data', what));
    });
  }

  /** Write with W1/W2/W5; the meter answers ACK. @throws MeterErrorAnswer, ProtocolError REFUSED (NAK to every repeat). */
  async write(command: 'W1' | 'W2' | 'W5', dataSet: string, what = `write ${command} ${dataSet}`): Promise<void> {
    await this.run(what, (s) => s.command(command, dataSet, 'ack', what));
  }

  /** Execute with E2 (e.g. a billing reset); the meter answers ACK. Errors as `write`. */
  async execute(dataSet: string, what = `execute E2 ${dataSet}`): Promise<void> {
    await this.run(what, (s) => s.command('E2', dataSet, 'ack', what));
  }

  /**
   * Load profile `P.0n(from;to)` (R5, or R6 for partial blocks) → LoadProfile (times placed by season digit).
   * @throws as `read`; FrameError for an answer that is not a load profile.
   */
  async readLoadProfile(
    range: { profile?: number; from: LocalStamp | null; to: LocalStamp | null },
    timeZone: string,
    opts: { command?: 'R5' | 'R6'; expected?: ExpectedSize } = {},
  ): Promise<{ loadProfile: LoadProfile; raw: Uint8Array }> {
    const profile = range.profile ?? 1;
    const answer = await this.read(opts.command ?? 'R5', encodeLoadProfileRequest(profile, range.from, range.to), `load profile P.0${profile}`, opts.expected);
    return { loadProfile: parseLoadProfileAnswer(answer.data, timeZone, profile), raw: concatBytes(...answer.raw) };
  }

  /** Event logbook `P.98(from;to)` (R5, or R6) → entries. @throws as `read`; FrameError for a malformed line. */
  async readLogbook(
    range: { from: LocalStamp | null; to: LocalStamp | null },
    timeZone: string,
    opts: { command?: 'R5' | 'R6'; expected?: ExpectedSize } = {},
  ): Promise<{ entries: LogbookEntry[]; raw: Uint8Array }> {
    const answer = await this.read(opts.command ?? 'R5', encodeLogbookRequest(range.from, range.to), 'event logbook P.98', opts.expected);
    return { entries: parseLogbookAnswer(answer.data, timeZone), raw: concatBytes(...answer.raw) };
  }

  /** End the session with B0 and stop listening. Never throws. */
  async close(): Promise<void> {
    this.active = false;
    await this.session.sendBreak();
    this.session.dispose();
  }
}

/**
 * Send one password command (P1/P2 with `(text)`) and require ACK; sent once more when no answer came (a lost
 * ACK). Shared with dialect sessions.
 * @throws PasswordRefusedError (REFUSED) when the meter answers `(ERRnn)` or sends anything but ACK; GARBLED when it
 *   NAKs every repeat (a line problem: the password was never checked); other ProtocolErrors (NO_ANSWER,
 *   LINK_LOST…) unchanged.
 */
export async function sendPassword(session: Session, command: 'P1' | 'P2', text: string, advice?: string): Promise<void> {
  try {
    try {
      await session.command(command, `(${text})`, 'ack', `password (${command})`);
    } catch (e) {
      // An ACK lost on the way (noise instead of 0x06): send the password once more.
      if (!(e instanceof ProtocolError) || e.code !== 'NO_ANSWER') throw e;
      await session.command(command, `(${text})`, 'ack', `password (${command})`);
    }
  } catch (e) {
    if (e instanceof MeterErrorAnswer) throw new PasswordRefusedError(command, e.meterCode, e.detail, advice);
    // NAK to every repeat is a transmission problem: the meter never judged the password (issue 11.6).
    if (e instanceof NakStormError) {
      throw new ProtocolError(
        'GARBLED',
        `The meter answered NAK (transmission error) to every repeat of the password message (${command}), so it never checked the password. This is a line or probe problem, not a wrong password: check that the probe is seated and clean, then try again.`,
        e.detail,
      );
    }
    if (e instanceof ProtocolError && e.code === 'REFUSED') throw new PasswordRefusedError(command, null, e.detail ?? e.message, advice);
    throw e;
  }
}
