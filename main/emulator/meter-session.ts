import { NAK, SOH, asciiToBytes } from '../../protocol/iec62056-21/control';
import { decodeOptionSelect, decodeSignOn } from '../../protocol/iec62056-21/frames';
import { MODE_C_BAUD, parseIdentification } from '../../protocol/iec62056-21/identification';
import type { Transport } from '../../protocol/iec62056-21/transport';
import { FaultInjector, FaultLog, type FaultPlan } from './faults/faults';
import { genericDialect } from './programming-mode';
import { MeterInbox, Stopped } from './meter-inbox';
import type { MeterPersonality, ProgrammingDialect, ProgrammingHandler, ProgrammingLink } from './meter-personality';

export type { MeterPersonality, ProgrammingAccess, ProgrammingDialect, ProgrammingHandler, ProgrammingLink, WriteOutcome } from './meter-personality';

/**
 * The meter side of IEC 62056-21 on a Transport: one state machine shared by every emulated meter
 * "personality" (generic, Elster, replay). Source: IEC 62056-21:2002 clause 6.3 (messages), 6.4.5 mode C;
 * ../shared/reference/iec62056-21.md.
 *
 * Behaviour:
 * - idle at 300 baud. A sign-on `/?[address]!` is answered with the identification after the reaction time;
 *   a sign-on naming another device address is ignored (silence). Noise bytes are skipped.
 * - after identification: an option select `ACK 0 Z Y` switches to the baud of Z (a Z above the meter's
 *   maximum, V ≠ 0 or a Y the meter does not take get silence and the meter returns to idle). Y=0: data readout
 *   at the new baud, then back to 300 baud idle. A Y its programming dialect takes (generic: 1; Elster: 6, or 1
 *   when "IEC 1107 compatible") → the dialect's opening message (P0) at the new baud → programming mode. If the
 *   client stays silent for `autoReadoutAfterMs` (2 s) after the identification, the data readout is sent at
 *   300 baud (mode C fallback, clause 6.4.5).
 * - programming mode: each command message goes to the dialect (generic-programming.ts, elster-session.ts);
 *   a NAK repeats the last answer; no message for the inactivity time-out (`inactivityTimeoutMs`, else the
 *   dialect's, else 120 s) or B0 → 300 baud idle.
 * - every answer waits the reaction time after the request (200 ms; 20 ms when the identification flags the
 *   short reaction time). A message broken off for longer than `interCharTimeoutMs` is discarded.
 * - `faults` (faults.ts) are applied to everything the meter sends and to the command messages it receives.
 */

/** Session timing and behaviour options. All times in ms. */
export interface MeterSessionOptions {
  /** Reaction time before every answer; default 200, or 20 when the identification flags short reaction time. */
  readonly reactionTimeMs?: number;
  /** Silence after the identification before the 300-baud data readout is sent; default 2000; null = never. */
  readonly autoReadoutAfterMs?: number | null;
  /** Programming-mode inactivity time-out; default the dialect's (Elster 15 min), else 120 000. */
  readonly inactivityTimeoutMs?: number;
  /** Longest pause inside one incoming message; default 1500 (ta, clause 6.3.14). */
  readonly interCharTimeoutMs?: number;
  /** Largest data part of one R6 partial block, bytes; default 1024. */
  readonly partialBlockBytes?: number;
  /** Receives one plain-language line per protocol event (for `pmu simulate` output and debugging). */
  readonly log?: (line: string) => void;
  /** Scripted faults (see faults.ts); default none. */
  readonly faults?: FaultPlan;
  /** Where injected faults are recorded; default a new FaultLog (`session.faultLog`). */
  readonly faultLog?: FaultLog;
}

/** Session state, for observers and tests. */
export type MeterSessionState = 'idle' | 'identified' | 'programming' | 'stopped';

/** The meter's protocol state machine on one Transport. Call `start()` once, `stop()` to end. */
export class MeterSession {
  /** Faults injected so far (empty without a fault plan). */
  readonly faultLog: FaultLog;
  private stateValue: MeterSessionState = 'idle';
  private readonly inbox: MeterInbox;
  private readonly sleepers = new Set<() => void>();
  private lastAnswer: { bytes: Uint8Array; kind: string } | null = null;
  private handler: ProgrammingHandler | null = null;
  private kind = 'identification';
  private writing = false;
  private done: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly maxBaud: number;
  private readonly tr: number;
  private readonly dialect: ProgrammingDialect | null;
  private readonly faults: FaultInjector | null;
  private readonly log: (line: string) => void;
  private readonly opts: Required<Omit<MeterSessionOptions, 'log' | 'reactionTimeMs' | 'faults' | 'faultLog' | 'inactivityTimeoutMs'>>;

  /** @throws FrameError when the personality's identification line is malformed; RangeError for a bad fault plan. */
  constructor(
    private readonly meter: MeterPersonality,
    private readonly transport: Transport,
    private readonly options: MeterSessionOptions = {},
  ) {
    const id = parseIdentification(meter.identification);
    this.maxBaud = id.maxBaud;
    this.tr = options.reactionTimeMs ?? (id.shortReactionTime ? 20 : 200);
    this.opts = {
      autoReadoutAfterMs: options.autoReadoutAfterMs === undefined ? 2000 : options.autoReadoutAfterMs,
      interCharTimeoutMs: options.interCharTimeoutMs ?? 1500,
      partialBlockBytes: options.partialBlockBytes ?? 1024,
    };
    this.log = options.log ?? (() => undefined);
    this.inbox = new MeterInbox(this.opts.interCharTimeoutMs);
    this.dialect = meter.dialect ?? (meter.programming ? genericDialect(meter.programming) : null);
    this.faultLog = options.faultLog ?? new FaultLog();
    this.faults = options.faults && options.faults.length > 0 ? new FaultInjector(options.faults, this.faultLog) : null;
  }

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

  private get idleMs(): number {
    return this.options.inactivityTimeoutMs ?? this.dialect?.idleAfterMs ?? 120_000;
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
        await this.send(this.meter.dataReadout(), 'readout');
        await this.toIdle();
      } else if (m.kind === 'line') {
        // A new sign-on: for this meter, identify again; for another device address (a bus), this meter is not
        // addressed any more and must not take the option select that follows (clause 6.3.1).
        if (this.isSignOnForMe(m.bytes)) await this.identify();
        else if (m.bytes[0] === 0x2f /* '/' */) this.stateValue = 'idle';
      } else if (m.kind === 'option-select') {
        await this.optionSelect(m.bytes);
      }
    } else if (this.stateValue === 'programming') {
      const m = await this.inbox.next(false, this.idleMs);
      if (m === null) {
        this.log('programming mode inactive too long: back to idle');
        await this.toIdle();
      } else if (m.kind === 'nak' && this.lastAnswer) {
        await this.react();
        await this.send(this.lastAnswer.bytes, this.lastAnswer.kind);
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
    await this.send(asciiToBytes(`${this.meter.identification}\r\n`), 'identification');
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
    const programming = o.modeControl !== '0' && this.dialect !== null && this.dialect.acceptsMode(o.modeControl);
    if (o.protocolControl !== '0' || baud === undefined || baud > this.maxBaud || !(o.modeControl === '0' || programming)) {
      this.log(`option select V=${o.protocolControl} Z=${o.baudChar} Y=${o.modeControl} not supported: no answer`);
      this.stateValue = 'idle';
      return;
    }
    await this.react();
    await this.transport.setBaudRate(baud);
    if (o.modeControl === '0') {
      const readout = this.meter.dataReadout();
      this.log(`sending the data readout at ${baud} baud (${readout.length} bytes)`);
      await this.send(readout, 'readout');
      await this.toIdle();
      return;
    }
    this.handler = this.dialect!.begin(this.link());
    this.stateValue = 'programming';
    this.log(`programming mode (Y=${o.modeControl}) at ${baud} baud`);
    this.kind = 'P0';
    await this.answer(this.handler.opening);
  }

  private link(): ProgrammingLink {
    return {
      react: () => this.react(),
      answer: (b) => this.answer(b),
      send: (b) => {
        this.lastAnswer = null;
        return this.send(b);
      },
      next: (ms) => this.inbox.next(false, ms),
      pushBack: (m) => this.inbox.pushBack(m),
      takeEscape: () => this.inbox.takeEscape(),
      inactivityTimeoutMs: this.idleMs,
      partialBlockBytes: this.opts.partialBlockBytes,
      log: (line) => this.log(line),
    };
  }

  private async command(bytes: Uint8Array): Promise<void> {
    const handler = this.handler!;
    this.kind = bytes[0] === SOH && bytes.length >= 3 ? String.fromCharCode(bytes[1]!, bytes[2]!) : 'data';
    const fault = this.faults?.onCommand(this.kind) ?? null;
    if (fault === 'nak') {
      this.log(`fault: NAK instead of handling ${this.kind}`);
      await this.react();
      await this.send(Uint8Array.of(NAK));
      return;
    }
    if (fault === 'lock') {
      this.log(`fault: session locked before ${this.kind}`);
      handler.lock();
    }
    if ((await handler.handle(bytes)) === 'end') await this.toIdle();
  }

  private async answer(bytes: Uint8Array): Promise<void> {
    this.lastAnswer = { bytes, kind: this.kind };
    await this.send(bytes);
  }

  private async toIdle(): Promise<void> {
    if (this.stateValue !== 'stopped') this.stateValue = 'idle';
    this.lastAnswer = null;
    this.handler = null;
    await this.transport.setBaudRate(300);
  }

  private async send(bytes: Uint8Array, kind = this.kind): Promise<void> {
    if (this.stateValue === 'stopped') throw new Stopped();
    this.writing = true;
    try {
      if (this.faults) {
        await this.faults.transmit(bytes, kind, {
          write: (b) => this.transport.write(b),
          close: () => this.transport.close(),
          sleep: (ms) => this.sleep(ms),
        });
      } else {
        await this.transport.write(bytes);
      }
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
