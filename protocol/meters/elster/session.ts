import { ProtocolError } from '../../iec62056-21/errors';
import type { Identification } from '../../iec62056-21/identification';
import { ProgrammingSession, sendPassword } from '../../iec62056-21/programming';
import type { ModeControl, Session, SessionOptions } from '../../iec62056-21/session';
import type { Transport } from '../../iec62056-21/transport';
import { parseSeedOperand } from './answers';
import { ElsterMeterError } from './errors';
import { type ElsterIdentification, parseElsterIdentification } from './identification';
import { type ItemIo, readPackets, readPacketsUntil, streamBlocks, writePackets } from './item-io';
import { toElsterError } from './meter-error';
import { type ElsterSecurityLevel, elsterPasswordSteps } from './password';
import { ELSTER_MODE_CONTROL, ELSTER_REAUTH_INTERVAL_MS } from './profile';

export { r1AnswerBytes } from './item-io';
export { STREAM_BLOCK_OVERHEAD } from './stream';

/**
 * The Elster A1140/A1120/A1700 client session over a Transport, built on the generic IEC 62056-21 Session
 * (framing, BCC, NAK repeats, time-outs) and ProgrammingSession (re-sign-on when the meter drops the session).
 * Source: reference "Session" and "Register access by 3-digit data ID" (../shared/reference/elster-dialect.md).
 * 1. `/?!` → identification; a non-Elster (non-GEC) meter is refused unless `force`;
 * 2. option select Y=6 (Y=1 for meters set "IEC 1107 compatible"); 3. P0 seed;
 * 4. password: level 1 `P1(password)`, level 2 `P2(transform)`, level 3 `P2(0…0)` then `P2(transform)`;
 * 5. R1 / W1 / RD by 3-digit data ID; `(ERRn)` → ElsterMeterError; 6. B0.
 * Lock time-out: the password sequence is sent again before a request when `reauthIntervalMs` (4.5 min) has
 * passed since it was last accepted, and once after an `ERR5` answer (then the request is repeated once).
 * ASSUMPTION: re-authentication within a session reuses the P0 seed of the sign-on.
 */

/** Options of an Elster session. Times in ms. */
export interface ElsterSessionOptions extends SessionOptions {
  /** The 8-character meter password for the chosen level. */
  readonly password: string;
  /** Security level to reach at sign-on; default 2. */
  readonly level?: ElsterSecurityLevel;
  /** The meter is set "IEC 1107 compatible": sign on with Y=1 instead of Y=6. */
  readonly iec1107Compatible?: boolean;
  /** Use the dialect even when the identification is not an Elster (GEC) one. */
  readonly force?: boolean;
  /** Re-send the password this long after it was last accepted; default ELSTER_REAUTH_INTERVAL_MS (270 000). */
  readonly reauthIntervalMs?: number;
  /** Clock for the re-authentication timer, ms; default Date.now. */
  readonly now?: () => number;
  /** Re-sign-ons per request after the meter dropped the session; default 1. */
  readonly maxResignOns?: number;
  /** Pause between B0 and a new sign-on, ms; default 1500. */
  readonly resignOnPauseMs?: number;
  /** Pause after ESC before a damaged stream is asked for again, ms; default 3000 (STREAM_ESC_PAUSE_MS). */
  readonly escPauseMs?: number;
  /** Plain-language events (re-authentication, re-sign-on) for the session log. */
  readonly onEvent?: (message: string) => void;
  /** Every answer data message and stream block as received (for the reading's raw record; ACKs are not passed). */
  readonly onRaw?: (bytes: Uint8Array) => void;
}

/** What `open` established. */
export interface ElsterSignOn {
  readonly identification: Identification;
  readonly elster: ElsterIdentification;
  /** Line speed, bit/s. */
  readonly baud: number;
  /** The P0 seed (16 hex digits), or the P0 operand as sent when it is not a seed (level 1 only). */
  readonly seed: string;
  readonly level: ElsterSecurityLevel;
}

/** An Elster session. All methods throw ProtocolError subclasses with plain-language messages. */
export class ElsterSession {
  private readonly programming: ProgrammingSession;
  private readonly now: () => number;
  private signOnValue: ElsterSignOn | null = null;
  private seed = '';
  private levelValue: ElsterSecurityLevel;
  private lastAuth = 0;
  private lastActivityValue = 0;
  private depth = 0;
  private elsterId: ElsterIdentification | null = null;
  private password: string;

  constructor(transport: Transport, private readonly options: ElsterSessionOptions) {
    this.password = options.password;
    this.now = options.now ?? (() => Date.now());
    this.levelValue = options.level ?? 2;
    this.programming = new ProgrammingSession(transport, {
      ...options,
      modeControl: (id) => this.chooseMode(id),
      authenticate: (session, operand) => this.onSignOnOperand(session, operand),
    });
  }

  /** The underlying IEC 62056-21 session (for progress counters). */
  get session(): Session {
    return this.programming.session;
  }
  /** The sign-on result once open. */
  get signOn(): ElsterSignOn | null {
    return this.signOnValue;
  }
  /** Security level currently reached. */
  get level(): ElsterSecurityLevel {
    return this.levelValue;
  }
  /** Time of the last successful exchange with the meter (per `now`), ms. */
  get lastActivity(): number {
    return this.lastActivityValue;
  }

  private event(m: string): void {
    this.options.onEvent?.(m);
  }

  private chooseMode(id: Identification): ModeControl {
    const e = parseElsterIdentification(id);
    if (!e.isElster && !this.options.force) {
      throw new ProtocolError(
        'METER_ERROR',
        `This meter identifies itself as "${id.raw}", not as an Elster (GEC) meter, so the Elster dialect was not used. ` +
          'Read it as a generic IEC 62056-21 meter, or choose the Elster meter type explicitly if you are sure.',
      );
    }
    this.elsterId = e;
    return this.options.iec1107Compatible ? ELSTER_MODE_CONTROL.iec1107 : ELSTER_MODE_CONTROL.manufacturer;
  }

  private async onSignOnOperand(session: Session, operand: string): Promise<void> {
    // Level 1 sends the password in clear, so a P0 operand that is not a seed is tolerated there.
    this.seed = this.levelValue === 1 && !/^[0-9A-Fa-f]{16}$/.test(operand) ? operand : parseSeedOperand(`(${operand})`);
    await this.sendPasswordSteps(session, this.levelValue);
  }

  private async sendPasswordSteps(session: Session, level: ElsterSecurityLevel, password = this.password): Promise<void> {
    const advice = `Check the password for security level ${level} of this meter (8 characters), then try again.`;
    for (const step of elsterPasswordSteps(level, password, this.seed)) {
      await sendPassword(session, step.command, step.operand, advice);
    }
    this.levelValue = level;
    this.password = password;
    this.lastAuth = this.now();
    this.lastActivityValue = this.lastAuth;
  }

  /**
   * Sign on, select the Elster mode, read the P0 seed and authenticate at the configured level.
   * @throws METER_ERROR (not an Elster meter), NO_ANSWER, PasswordRefusedError (REFUSED), ElsterDataError.
   */
  async open(): Promise<ElsterSignOn> {
    const on = await this.programming.open();
    this.signOnValue = { identification: on.identification, elster: this.elsterId ?? parseElsterIdentification(on.identification), baud: on.baud, seed: this.seed, level: this.levelValue };
    return this.signOnValue;
  }

  /**
   * Send the password sequence of `level` (e.g. level 3 before setting the clock), with `password` when that
   * level has its own; later re-authentications use the level and password last accepted. @throws as `open`.
   */
  async authenticate(level: ElsterSecurityLevel = this.levelValue, password = this.password): Promise<void> {
    await this.run(`password (level ${level})`, (s) => this.sendPasswordSteps(s, level, password), false);
  }

  /**
   * Run `job` as one request: re-authenticate first when the lock time-out is near, re-authenticate and
   * repeat once after ERR5, sign on again and repeat once when the meter dropped the session. Nested calls
   * (a job calling readItem…) run directly inside the outer request.
   */
  async run<T>(what: string, job: (session: Session) => Promise<T>, guardLock = true): Promise<T> {
    if (this.depth > 0) {
      return job(this.session).catch((e: unknown) => {
        throw toElsterError(e);
      });
    }
    this.depth++;
    try {
      return await this.programming.run(what, async (s) => {
        if (guardLock && this.now() - this.lastAuth >= (this.options.reauthIntervalMs ?? ELSTER_REAUTH_INTERVAL_MS)) {
          this.event(`Re-entering the password before the meter's lock time-out (${what}).`);
          await this.sendPasswordSteps(s, this.levelValue);
        }
        for (let relocked = false; ; relocked = true) {
          try {
            const result = await job(s);
            this.lastActivityValue = this.now();
            return result;
          } catch (e) {
            const err = toElsterError(e);
            if (!guardLock || relocked || !(err instanceof ElsterMeterError) || err.elsterCode !== 'ERR5') throw err;
            this.event(`The meter answered ERR5 (locked) to the ${what}; re-entering the password and repeating it once.`);
            await this.sendPasswordSteps(s, this.levelValue);
          }
        }
      });
    } finally {
      this.depth--;
    }
  }

  private get io(): ItemIo {
    return { onRaw: this.options.onRaw, onEvent: (m) => this.event(m), escPauseMs: this.options.escPauseMs };
  }

  /**
   * Read `length` bytes of a data ID by R1 in 64-byte packets (packet numbers from 001). After a re-sign-on the
   * read continues at the interrupted packet.
   * @param onPacket progress: bytes of the item received so far.
   * @throws ElsterMeterError (ERRn), ElsterDataError (wrong length / not hex), TransferInterruptedError naming
   *   received-of-expected bytes, BAD_BCC after the repeats.
   */
  readItem(dataId: string, length: number, what = `data item ${dataId}`, onPacket?: (bytes: number) => void): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    return this.run(`read of the ${what}`, (s) => readPackets(s, this.io, dataId, length, what, parts, onPacket));
  }

  /**
   * Read a data ID of unknown length by R1 packets of 64 bytes until `isComplete(bytesSoFar)` says the data is
   * whole, the meter sends a short packet, or it answers ERR3 (packet beyond the item) after the first packet (the
   * last packet's length is then found by halving, at most 6 requests). @throws as `readItem`.
   */
  readItemUntil(dataId: string, isComplete: (bytes: Uint8Array) => boolean, what: string, expectedBytes: number | null, onBytes?: (bytes: number) => void): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    return this.run(`read of the ${what}`, (s) => readPacketsUntil(s, this.io, dataId, isComplete, what, expectedBytes, parts, onBytes));
  }

  /**
   * Write bytes to a data ID by W1 (packets of at most 64 bytes, numbered from 001); the meter answers ACK to
   * each. NAK repeats are bounded by timings.maxRepeats (then REFUSED). @throws ElsterMeterError for `(ERRn)`.
   */
  async writeItem(dataId: string, bytes: Uint8Array, what = `data item ${dataId}`): Promise<void> {
    if (bytes.length === 0) throw new RangeError('nothing to write');
    const written = { n: 0 };
    await this.run(`write of the ${what}`, (s) => writePackets(s, dataId, bytes, what, written));
  }

  /**
   * Read a data ID in data stream mode: `RD ID001(n)` (item-io.ts streamBlocks: a damaged block → ESC, 3 s pause,
   * the whole RD again, bounded).
   * @param blocks the block count to ask for (1…0xFFFF; the A1140/A1700 load profile: the 256-byte count of 551).
   * @param opts.expectedBytes the wire size to expect when known (defaults to blocks × 263 when blocks < 0xFFFF).
   * @throws ElsterMeterError, StreamCrcError, ElsterDataError, TransferInterruptedError, CANCELLED.
   */
  streamItem(dataId: string, blocks: number, what = `data item ${dataId}`, opts: { expectedBytes?: number | null; onBlock?: (n: number) => void } = {}): Promise<Uint8Array> {
    return this.run(`stream of the ${what}`, (s) => streamBlocks(s, this.io, dataId, blocks, what, opts.expectedBytes, opts.onBlock));
  }

  /** End the session with B0 and stop listening. Never throws. */
  async close(): Promise<void> {
    await this.programming.close();
  }
}
