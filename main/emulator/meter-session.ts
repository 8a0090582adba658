import { ACK, NAK, asciiToBytes } from '../../protocol/iec62056-21/control';
import { type Block, decodeBlock, decodeOptionSelect, decodeSignOn, encodeCommand, encodeDataMessage } from '../../protocol/iec62056-21/frames';
import { MODE_C_BAUD, parseIdentification } from '../../protocol/iec62056-21/identification';
import type { Transport } from '../../protocol/iec62056-21/transport';
import { splitAnswer } from './answer-blocks';
import { MeterInbox, Stopped } from './meter-inbox';
import type { MeterPersonality } from './meter-personality';

export type { MeterPersonality, ProgrammingAccess } from './meter-personality';

/**
 * The meter side of IEC 62056-21 on a Transport: one state machine shared by every emulated meter
 * "personality" (the generic meter, the replay meter). Source: IEC 62056-21:2002 clause 6.3 (messages),
 * 6.4.5 mode C; ../shared/reference/iec62056-21.md.
 *
 * Behaviour:
 * - idle at 300 baud. A sign-on `/?[address]!` is answered with the identification after the reaction time;
 *   a sign-on naming another device address is ignored (silence). Noise bytes are skipped.
 * - after identification: an option select `ACK 0 Z Y` switches to the baud of Z (a Z above the meter's
 *   maximum, V ≠ 0 or an unknown Y get silence and the meter returns to idle). Y=0: data readout at the new baud,
 *   then back to 300 baud idle. Y=1: `SOH P0 STX (operand) ETX BCC` at the new baud → programming mode (only
 *   when the personality has one; else silence). If the client stays silent for `autoReadoutAfterMs` (2 s)
 *   after the identification, the data readout is sent at 300 baud (mode C fallback, clause 6.4.5).
 * - programming mode: P1/P2 password → ACK (or `(ERR10)` when wrong); R1/R2/R5 read → one answer message;
 *   R6 read → the answer in partial blocks (EOT) of ≤ `partialBlockBytes`, each waiting for ACK (NAK repeats the
 *   block); unknown data → `(ERR02)`; reads before a required password → `(ERR05)`; W/E commands → `(ERR03)`;
 *   B0/B1 → 300 baud idle; NAK → the last answer again; a block with a bad BCC → NAK. No message for
 *   `inactivityTimeoutMs` (120 s) → 300 baud idle.
 * - every answer waits the reaction time after the request (200 ms; 20 ms when the identification flags the
 *   short reaction time). A message broken off for longer than `interCharTimeoutMs` is discarded.
 */

/** Session timing and behaviour options. All times in ms. */
export interface MeterSessionOptions {
  /** Reaction time before every answer; default 200, or 20 when the identification flags short reaction time. */
  readonly reactionTimeMs?: number;
  /** Silence after the identification before the 300-baud data readout is sent; default 2000; null = never. */
  readonly autoReadoutAfterMs?: number | null;
  /** Programming-mode inactivity time-out; default 120 000. */
  readonly inactivityTimeoutMs?: number;
  /** Longest pause inside one incoming message; default 1500 (ta, clause 6.3.14). */
  readonly interCharTimeoutMs?: number;
  /** Largest data part of one R6 partial block, bytes; default 1024. */
  readonly partialBlockBytes?: number;
  /** Receives one plain-language line per protocol event (for `pmu simulate` output and debugging). */
  readonly log?: (line: string) => void;
}

/** Session state, for observers and tests. */
export type MeterSessionState = 'idle' | 'identified' | 'programming' | 'stopped';

/** The meter's protocol state machine on one Transport. Call `start()` once, `stop()` to end. */
export class MeterSession {
  private stateValue: MeterSessionState = 'idle';
  private readonly inbox: MeterInbox;
  private readonly sleepers = new Set<() => void>();
  private lastAnswer: Uint8Array | null = null;
  private authorised = false;
  private writing = false;
  private done: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly maxBaud: number;
  private readonly tr: number;
  private readonly opts: Required<Omit<MeterSessionOptions, 'log' | 'reactionTimeMs'>>;

  /** @throws FrameError when the personality's identification line is malformed. */
  constructor(
    private readonly meter: MeterPersonality,
    private readonly transport: Transport,
    options: MeterSessionOptions = {},
  ) {
    const id = parseIdentification(meter.identification);
    this.maxBaud = id.maxBaud;
    this.tr = options.reactionTimeMs ?? (id.shortReactionTime ? 20 : 200);
    this.opts = {
      autoReadoutAfterMs: options.autoReadoutAfterMs === undefined ? 2000 : options.autoReadoutAfterMs,
      inactivityTimeoutMs: options.inactivityTimeoutMs ?? 120_000,
      interCharTimeoutMs: options.interCharTimeoutMs ?? 1500,
      partialBlockBytes: options.partialBlockBytes ?? 1024,
    };
    this.log = options.log ?? (() => undefined);
    this.inbox = new MeterInbox(this.opts.interCharTimeoutMs);
  }

  private readonly log: (line: string) => void;

  /** Current state. */
  get state(): MeterSessionState {
    return this.stateValue;
  }

  /** Start listening (at 300 baud). */
  start(): void {
    this.unsubscribe.push(
      this.transport.onData((chunk) => this.inbox.push(chunk)),
      this.transport.onClose(() => void this.stop()),
    );
    this.done = this.run();
  }

  /** Stop the session; resolves when the state machine has ended (at once if a write is still on the wire). */
  stop(): Promise<void> {
    if (this.stateValue === 'stopped') return this.writing ? Promise.resolve() : this.done;
    this.stateValue = 'stopped';
    for (const u of this.unsubscribe.splice(0)) u();
    this.inbox.close();
    for (const s of [...this.sleepers]) s();
    return this.writing ? Promise.resolve() : this.done;
  }

  private async run(): Promise<void> {
    await this.transport.setBaudRate(300).catch(() => undefined);
    while (this.stateValue !== 'stopped') {
      try {
        await this.step();
      } catch (e) {
        if (e instanceof Stopped || (this.stateValue as MeterSessionState) === 'stopped') break;
        this.log(`meter session reset after an error: ${e instanceof Error ? e.message : String(e)}`);
        await this.toIdle().catch(() => undefined);
      }
    }
  }

  private async step(): Promise<void> {
    if (this.stateValue === 'idle') {
      const m = await this.inbox.next(false, null);
      if (m?.kind === 'line' && this.isSignOnForMe(m.bytes)) await this.identify();
    } else if (this.stateValue === 'identified') {
      const m = await this.inbox.next(true, this.opts.autoReadoutAfterMs);
      if (m === null) {
        this.log('no option select: sending the data readout at 300 baud');
        await this.send(this.meter.dataReadout());
        await this.toIdle();
      } else if (m.kind === 'line') {
        if (this.isSignOnForMe(m.bytes)) await this.identify();
      } else if (m.kind === 'option-select') {
        await this.optionSelect(m.bytes);
      }
    } else if (this.stateValue === 'programming') {
      const m = await this.inbox.next(false, this.opts.inactivityTimeoutMs);
      if (m === null) {
        this.log('programming mode inactive too long: back to idle');
        await this.toIdle();
      } else if (m.kind === 'nak' && this.lastAnswer) {
        await this.react();
        await this.send(this.lastAnswer);
      } else if (m.kind === 'block') {
        await this.command(m.bytes);
      }
    }
  }

  private isSignOnForMe(bytes: Uint8Array): boolean {
    try {
      const { address } = decodeSignOn(bytes);
      const mine = address === '' || this.meter.deviceAddress === '' || address === this.meter.deviceAddress;
      this.log(mine ? `sign-on received (address "${address}")` : `sign-on for another device address "${address}": ignored`);
      return mine;
    } catch {
      return false;
    }
  }

  private async identify(): Promise<void> {
    await this.react();
    await this.send(asciiToBytes(`${this.meter.identification}\r\n`));
    this.stateValue = 'identified';
    this.log(`identification sent: ${this.meter.identification}`);
  }

  private async optionSelect(bytes: Uint8Array): Promise<void> {
    let o;
    try {
      o = decodeOptionSelect(bytes);
    } catch {
      return;
    }
    const baud = MODE_C_BAUD[o.baudChar];
    const p = this.meter.programming;
    if (o.protocolControl !== '0' || baud === undefined || baud > this.maxBaud || !(o.modeControl === '0' || (o.modeControl === '1' && p))) {
      this.log(`option select V=${o.protocolControl} Z=${o.baudChar} Y=${o.modeControl} not supported: no answer`);
      this.stateValue = 'idle';
      return;
    }
    await this.react();
    await this.transport.setBaudRate(baud);
    if (o.modeControl === '0') {
      const readout = this.meter.dataReadout();
      this.log(`sending the data readout at ${baud} baud (${readout.length} bytes)`);
      await this.send(readout);
      await this.toIdle();
      return;
    }
    this.lastAnswer = encodeCommand('P0', `(${p!.operand})`);
    this.authorised = !p!.passwordRequired;
    this.stateValue = 'programming';
    this.log(`programming mode at ${baud} baud`);
    await this.send(this.lastAnswer);
  }

  private async command(bytes: Uint8Array): Promise<void> {
    let block: Block;
    try {
      block = decodeBlock(bytes, 'command');
    } catch {
      await this.react();
      await this.send(Uint8Array.of(NAK));
      return;
    }
    const p = this.meter.programming!;
    const cmd = block.command ?? '';
    this.log(`command ${cmd} ${block.data}`.trim());
    if (cmd.startsWith('B')) {
      await this.toIdle();
      return;
    }
    await this.react();
    if (cmd === 'P1' || cmd === 'P2') {
      const ok = !p.passwordRequired || p.checkPassword(block.data.replace(/^\((.*)\)$/, '$1'));
      if (ok) this.authorised = true;
      await this.answer(ok ? Uint8Array.of(ACK) : encodeDataMessage('(ERR10)'));
    } else if (/^R[1256]$/.test(cmd)) {
      if (!this.authorised) return this.answer(encodeDataMessage('(ERR05)'));
      let data: string | null;
      try {
        data = p.read(block.data);
      } catch {
        data = null;
      }
      if (data === null) await this.answer(encodeDataMessage('(ERR02)'));
      else if (cmd === 'R6') await this.partialTransfer(data);
      else await this.answer(encodeDataMessage(data));
    } else {
      await this.answer(encodeDataMessage('(ERR03)'));
    }
  }

  /** R6: the answer in partial blocks, each acknowledged; anything but ACK/NAK aborts the transfer. */
  private async partialTransfer(data: string): Promise<void> {
    const parts = splitAnswer(data, this.opts.partialBlockBytes);
    for (let i = 0; i < parts.length; i++) {
      const block = encodeDataMessage(parts[i]!, i < parts.length - 1);
      await this.answer(block);
      if (i === parts.length - 1) return;
      for (;;) {
        const m = await this.inbox.next(false, this.opts.inactivityTimeoutMs);
        if (m === null) return this.toIdle();
        if (m.kind === 'ack') break;
        if (m.kind === 'nak') {
          await this.react();
          await this.send(block);
          continue;
        }
        this.inbox.pushBack(m);
        return;
      }
      await this.react();
    }
  }

  private async answer(bytes: Uint8Array): Promise<void> {
    this.lastAnswer = bytes;
    await this.send(bytes);
  }

  private async toIdle(): Promise<void> {
    if (this.stateValue !== 'stopped') this.stateValue = 'idle';
    this.lastAnswer = null;
    this.authorised = false;
    await this.transport.setBaudRate(300);
  }

  private async send(bytes: Uint8Array): Promise<void> {
    if (this.stateValue === 'stopped') throw new Stopped();
    this.writing = true;
    try {
      await this.transport.write(bytes);
    } finally {
      this.writing = false;
    }
    if ((this.stateValue as MeterSessionState) === 'stopped') throw new Stopped();
  }

  private react(): Promise<void> {
    return this.sleep(this.tr);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        if (this.stateValue === 'stopped') reject(new Stopped());
        else resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
