import { bytesToAscii, describeBytes } from './control';
import { MeterErrorAnswer, NakStormError, ProtocolError } from './errors';
import {
  answerError,
  decodeBlock,
  encodeBreak,
  encodeCommand,
  encodeOptionSelect,
  encodeSignOn,
  type Block,
  type CommandId,
} from './frames';
import { modeCBaudChar, parseIdentification, MODE_C_BAUD, type Identification } from './identification';
import { MessageReader, type AbortLike, type FrameScan } from './reader';
import { STANDARD_TIMINGS, type SessionTimings } from './timing';
import type { Transport } from './transport';

/**
 * IEC 62056-21 client session over an injected Transport (clause 6.4: protocol modes A, B, C, E).
 * One Session object = one sign-on … (readout | programming mode … break). The caller owns the transport.
 */

/** Option-select mode control Y: data readout, programming mode, or a manufacturer-specific mode (6…9). */
export type ModeControl = '0' | '1' | '6' | '7' | '8' | '9';

/** Options of a session. */
export interface SessionOptions {
  /** Device address for the sign-on; '' addresses whichever meter is on the probe. */
  readonly address?: string;
  /** Highest baud rate to negotiate (bit/s); default 19200. */
  readonly maxBaud?: number;
  readonly timings?: Partial<SessionTimings>;
  readonly signal?: AbortLike;
  /** Called with the running byte count of the message being received (for progress). */
  readonly onBytes?: (count: number) => void;
  /** Called when the line speed changes. */
  readonly onBaud?: (baud: number) => void;
  /**
   * The identification an earlier Session on the same link has just received (`identify()`, e.g. to choose the
   * meter dialect): the first `signOn` of this session then sends no sign-on request and goes straight to the
   * option select, so deciding the dialect costs no extra session. Later sign-ons (re-sign-on) are full ones.
   * The hand-over must happen within the meter's wait after its identification (mode C: about 2 s).
   */
  readonly identified?: Identification;
}

/** What the sign-on established. */
export interface SignOnResult {
  readonly identification: Identification;
  /** Line speed in use after the option select, bit/s. */
  readonly baud: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A client session. Methods throw ProtocolError with plain-language messages. */
export class Session {
  readonly timings: SessionTimings;
  private readonly reader: MessageReader;
  private identification: Identification | null = null;
  private baud = 300;
  private handedOver: Identification | null;

  constructor(
    private readonly transport: Transport,
    private readonly options: SessionOptions = {},
  ) {
    this.timings = { ...STANDARD_TIMINGS, ...options.timings };
    this.reader = new MessageReader(transport, options.signal);
    this.handedOver = options.identified ?? null;
  }

  /** Current line speed, bit/s. */
  get currentBaud(): number {
    return this.baud;
  }

  /** Total bytes received on the link during this session. */
  get bytesReceived(): number {
    return this.reader.totalBytes;
  }

  /** Bytes received from the meter during this session (as `bytesReceived`, without the probe's echo). */
  get bytesFromMeter(): number {
    return this.reader.meterBytes;
  }

  /** The identification of the last sign-on, or null before the first. */
  get meterIdentification(): Identification | null {
    return this.identification;
  }

  /** tr min in force for this meter, ms (20 ms when the identification flags the short reaction time). */
  get minReactionMs(): number {
    return this.minReaction();
  }

  /** The abort signal of the session, if any (for dialect layers that must react to a cancel themselves). */
  get signal(): AbortLike | undefined {
    return this.options.signal;
  }

  /** Drop received bytes not consumed yet (e.g. the rest of a damaged frame before asking for it again). */
  discardInput(): void {
    this.reader.discard();
  }

  /**
   * Wait until the line has been quiet for `quietMs` (at most `maxMs` in all), then drop what arrived: used
   * before a new sign-on or a repair read, so the late rest of a broken-off answer is not taken for the next one.
   */
  async drain(quietMs: number, maxMs: number): Promise<void> {
    const start = Date.now();
    for (;;) {
      const before = this.reader.meterBytes;
      await sleep(quietMs);
      if (this.reader.meterBytes === before || Date.now() - start >= maxMs) break;
    }
    this.reader.discard();
  }

  /** Stop listening to the transport (does not close it). */
  dispose(): void {
    this.reader.dispose();
  }

  private minReaction(): number {
    return this.identification?.shortReactionTime ? this.timings.shortMinReactionMs : this.timings.minReactionMs;
  }

  private async send(bytes: Uint8Array): Promise<void> {
    this.reader.expectEcho(bytes);
    await this.transport.write(bytes);
  }

  private async setBaud(baud: number): Promise<void> {
    await this.transport.setBaudRate(baud);
    this.baud = baud;
    this.options.onBaud?.(baud);
  }

  /**
   * Sign-on request (`/?address!`) at 300 baud and the meter's identification (clause 6.4.3), nothing more:
   * the meter then waits for the option select (mode C/E) — `signOn` of this session, or of another one given
   * the identification as `SessionOptions.identified`. Throws NO_ANSWER, GARBLED (not an identification).
   */
  async identify(): Promise<Identification> {
    await this.setBaud(300);
    this.reader.discard();
    await this.send(encodeSignOn(this.options.address ?? ''));
    const msg = await this.reader.next({
      what: 'identification',
      reactionTimeoutMs: this.timings.reactionTimeoutMs,
      interCharTimeoutMs: this.timings.interCharTimeoutMs,
      // Our own sign-on echoed back by a half-duplex probe is not the meter's identification.
      skipLine: (b) => b[1] === 0x3f /* '?' */,
    });
    if (msg.kind !== 'line') {
      throw new ProtocolError(
        'GARBLED',
        'The meter answered the sign-on with something other than an identification. Check the probe and the port.',
        describeBytes(msg.bytes),
      );
    }
    const id = parseIdentification(bytesToAscii(msg.bytes));
    this.identification = id;
    return id;
  }

  /**
   * Sign-on (`/?address!`) at 300 baud, read the identification, and for modes C/E send the option select
   * for `mode` and switch speed (mode B switches right after the identification; mode A stays at 300).
   * Clause 6.4.3–6.4.5. Throws NO_ANSWER, GARBLED (identification not understood), or, when programming mode
   * is asked of a mode A/B meter, METER_ERROR. With `SessionOptions.identified` the first call skips the sign-on
   * request and uses that identification.
   * @param mode the mode control Y, or a function of the identification that returns it (a dialect can check
   *   the meter and choose Y, or throw to stop before the option select is sent).
   */
  async signOn(modeOrChoice: ModeControl | ((id: Identification) => ModeControl)): Promise<SignOnResult> {
    let id: Identification;
    if (this.handedOver) {
      // Identified by an earlier Session on this link (see SessionOptions.identified): continue at the option select.
      id = this.handedOver;
      this.handedOver = null;
      this.identification = id;
    } else {
      id = await this.identify();
    }
    const mode = typeof modeOrChoice === 'function' ? modeOrChoice(id) : modeOrChoice;
    const cap = this.options.maxBaud ?? 19200;
    if (id.mode === 'A' || id.mode === 'B') {
      if (mode !== '0') {
        throw new ProtocolError(
          'METER_ERROR',
          `This meter speaks IEC 62056-21 mode ${id.mode}, which offers only the data readout (no programming mode).`,
        );
      }
      if (id.mode === 'B' && id.maxBaud <= cap) {
        await sleep(this.minReaction());
        await this.setBaud(id.maxBaud);
      }
      return { identification: id, baud: this.baud };
    }
    // Mode C / E: choose the fastest rate both sides allow and announce it in the option select.
    const rates = Object.values(MODE_C_BAUD).filter((b) => b <= Math.min(cap, id.maxBaud));
    const baud = Math.max(300, ...rates);
    await sleep(this.minReaction());
    await this.send(encodeOptionSelect({ protocolControl: '0', baudChar: modeCBaudChar(baud), modeControl: mode }));
    if (baud !== 300) await this.setBaud(baud);
    return { identification: id, baud };
  }

  /**
   * Receive the data readout `STX data ! CR LF ETX BCC` (after signOn('0')). Returns the whole message bytes.
   * Throws NO_ANSWER / STOPPED_ANSWERING / BAD_BCC (via decodeBlock) / GARBLED.
   */
  async receiveReadout(): Promise<Uint8Array> {
    const msg = await this.reader.next({
      what: 'data readout',
      reactionTimeoutMs: this.timings.reactionTimeoutMs,
      interCharTimeoutMs: this.timings.interCharTimeoutMs,
      onBytes: this.options.onBytes,
    });
    if (msg.kind !== 'block' || msg.bytes[0] !== 0x02) {
      throw new ProtocolError('GARBLED', 'The meter did not send a data readout after the option select.', describeBytes(msg.bytes));
    }
    decodeBlock(msg.bytes, 'data readout');
    return msg.bytes;
  }

  /**
   * In programming mode: receive the meter's password operand `SOH P0 STX (operand) ETX BCC` (clause 6.3.7).
   * Returns the operand text (inside the brackets). A P0 with a bad BCC is NAKed and received again (up to
   * `maxRepeats`). Throws NO_ANSWER when the meter offers no programming mode.
   */
  async receiveOperand(): Promise<string> {
    let block: Block;
    for (let repeats = 0; ; repeats++) {
      try {
        block = await this.receiveBlock('password operand (P0)', true);
        break;
      } catch (e) {
        // A damaged P0 is asked for again with NAK (clause 6.3.7: NAK = repeat the last message), bounded.
        if (!(e instanceof ProtocolError) || e.code !== 'BAD_BCC' || repeats >= this.timings.maxRepeats) throw e;
        await this.sendRaw(Uint8Array.of(0x15));
      }
    }
    if (block.command !== 'P0') {
      throw new ProtocolError('GARBLED', 'The meter did not offer a password operand (P0) in programming mode.', block.command ?? block.data);
    }
    return block.data.replace(/^\(/, '').replace(/\)$/, '');
  }

  /**
   * Send a command message and collect the answer. Partial blocks (EOT) are acknowledged and joined; a block
   * with a bad BCC is NAKed and asked for again up to `maxRepeats` times. `(ERRnn)` → METER_ERROR.
   * Returns the joined answer data and the raw bytes of every block received.
   * @param expect 'data' for R1/R5/R6 (answer data message); 'ack' for P1/W1/W5/E2 (ACK expected).
   */
  async command(
    command: CommandId,
    data: string | null,
    expect: 'data' | 'ack',
    what: string,
  ): Promise<{ data: string; raw: Uint8Array[] }> {
    await sleep(this.minReaction());
    const message = encodeCommand(command, data);
    await this.send(message);
    if (expect === 'ack') {
      for (let attempt = 0; ; attempt++) {
        const msg = await this.reader.next(this.replyOptions(what));
        if (msg.kind === 'ack') return { data: '', raw: [msg.bytes] };
        if (msg.kind === 'nak' && attempt < this.timings.maxRepeats) {
          await sleep(this.minReaction());
          await this.send(message);
          continue;
        }
        if (msg.kind === 'block') this.throwIfError(decodeBlock(msg.bytes, what), what);
        if (msg.kind === 'nak') throw new NakStormError(what, describeBytes(msg.bytes));
        throw new ProtocolError('REFUSED', `The meter refused the ${what}.`, describeBytes(msg.bytes));
      }
    }
    const raw: Uint8Array[] = [];
    let joined = '';
    let repeats = 0;
    for (;;) {
      const msg = await this.reader.next(this.replyOptions(what));
      if (msg.kind === 'nak' && repeats < this.timings.maxRepeats) {
        repeats++;
        await sleep(this.minReaction());
        await this.send(message);
        continue;
      }
      if (msg.kind === 'nak') throw new NakStormError(what);
      if (msg.kind !== 'block') {
        throw new ProtocolError('GARBLED', `Unexpected answer to the ${what}.`, describeBytes(msg.bytes));
      }
      let block: Block;
      try {
        block = decodeBlock(msg.bytes, what);
      } catch (e) {
        if (e instanceof ProtocolError && e.code === 'BAD_BCC' && repeats < this.timings.maxRepeats) {
          repeats++;
          await sleep(this.minReaction());
          await this.send(Uint8Array.of(0x15)); // NAK: repeat the block
          continue;
        }
        throw e;
      }
      repeats = 0;
      this.throwIfError(block, what);
      raw.push(msg.bytes);
      joined += block.data;
      if (!block.partial) return { data: joined, raw };
      await sleep(this.minReaction());
      await this.send(Uint8Array.of(0x06)); // ACK: send the next partial block
    }
  }

  private replyOptions(what: string) {
    return {
      what: `answer to the ${what}`,
      reactionTimeoutMs: this.timings.reactionTimeoutMs,
      interCharTimeoutMs: this.timings.interCharTimeoutMs,
      onBytes: this.options.onBytes,
    };
  }

  private async receiveBlock(what: string, allowSoh: boolean): Promise<Block> {
    const msg = await this.reader.next({
      what,
      reactionTimeoutMs: this.timings.reactionTimeoutMs,
      interCharTimeoutMs: this.timings.interCharTimeoutMs,
    });
    if (msg.kind !== 'block' || (!allowSoh && msg.bytes[0] !== 0x02)) {
      throw new ProtocolError('GARBLED', `Unexpected bytes instead of the ${what}.`, describeBytes(msg.bytes));
    }
    return decodeBlock(msg.bytes, what);
  }

  private throwIfError(block: Block, what: string): void {
    const err = answerError(block.data);
    if (err) throw new MeterErrorAnswer(err, what, block.data);
  }

  /**
   * Send raw bytes (a control character such as ACK, NAK or ESC, or a dialect's own frame), after tr min
   * unless `immediate`. The bytes are expected back as echo on half-duplex probes.
   */
  async sendRaw(bytes: Uint8Array, immediate = false): Promise<void> {
    if (!immediate) await sleep(this.minReaction());
    await this.send(bytes);
  }

  /**
   * Receive one frame of a manufacturer-specific format delimited by `scan` (see MessageReader.nextFrame),
   * with the standard time-outs (reaction time before the first byte, inter-character time within it).
   * Throws NO_ANSWER / STOPPED_ANSWERING / LINK_LOST / CANCELLED.
   */
  receiveFrame<T>(scan: (buf: Uint8Array) => FrameScan<T>, what: string): Promise<T> {
    return this.reader.nextFrame(scan, {
      what,
      reactionTimeoutMs: this.timings.reactionTimeoutMs,
      interCharTimeoutMs: this.timings.interCharTimeoutMs,
      onBytes: this.options.onBytes,
    });
  }

  /**
   * Send the break command B0 (end of session); the meter returns to 300 baud. Never throws: a meter that
   * already left the session is not an error.
   */
  async sendBreak(): Promise<void> {
    try {
      await sleep(this.minReaction());
      await this.send(encodeBreak());
    } catch {
      /* link already gone: nothing to end */
    }
  }
}
