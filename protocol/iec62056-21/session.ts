import { bytesToAscii, describeBytes } from './control';
import { MeterErrorAnswer, NakStormError, ProtocolError } from './errors';
import {
  answerError,
  decodeBlock,
  encodeCommand,
  encodeOptionSelect,
  encodeSignOn,
  type Block,
  type CommandId,
} from './frames';
import { modeCBaudChar, parseIdentification, MODE_C_BAUD, type Identification } from './identification';
import { SessionLink, sleep, WAKE_UP_NULS, WAKE_UP_PAUSE_MS, type ModeControl, type SessionOptions, type SignOnResult } from './session-link';
import type { Transport } from './transport';

export { SessionLink, type ModeControl, type SessionOptions, type SignOnResult } from './session-link';

/**
 * IEC 62056-21 client session over an injected Transport (clause 6.4: protocol modes A, B, C, E).
 * One Session object = one sign-on … (readout | programming mode … break). The caller owns the transport.
 */

/** A client session. Methods throw ProtocolError with plain-language messages. */
export class Session extends SessionLink {
  private handedOver: Identification | null;

  constructor(transport: Transport, options: SessionOptions = {}) {
    super(transport, options);
    this.handedOver = options.identified ?? null;
  }

  /**
   * Sign-on request (`/?address!`) at 300 baud and the meter's identification (clause 6.4.3), nothing more:
   * the meter then waits for the option select (mode C/E) — `signOn` of this session, or of another one given
   * the identification as `SessionOptions.identified`. Throws NO_ANSWER, GARBLED (not an identification).
   */
  async identify(): Promise<Identification> {
    await this.setBaud(300);
    if (this.options.wakeUp) {
      await this.send(new Uint8Array(WAKE_UP_NULS));
      await sleep(WAKE_UP_PAUSE_MS);
    }
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
      // Mode B: the meter switches right after its identification and sends the readout at the new speed
      // after its reaction time (clause 6.4.4); switch at once so its first bytes are not heard at 300 baud. There
      // is no negotiation in mode B: the meter's rate is followed even above `maxBaud`.
      if (id.mode === 'B') await this.setBaud(id.maxBaud);
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

}
