import { SOH, STX } from '../../../protocol/iec62056-21/control';

/**
 * Fault injection for the meter emulator: every personality (generic, Elster, replay) gets it, because it acts
 * where the shared state machine (meter-session.ts) meets its transport:
 * - byte faults change what the meter SENDS (each `transport.write` of the meter is one "answer": the
 *   identification, a data readout, P0, ACK/NAK, an answer message, one partial block, one data stream block);
 * - message faults change how the meter TREATS a client command message in programming mode.
 *
 * Fault kinds (`Fault.fault`):
 * - `drop-byte`     leave out the byte at `offset` of the answer;
 * - `corrupt-byte`  XOR the byte at `offset` with `mask` (default 0x01), so the BCC / CRC no longer matches;
 * - `bad-check`     flip the last byte of a framed answer (BCC of an IEC message, CRC byte of a stream block);
 *                   answers that do not start with SOH/STX (identification, ACK, NAK) are not eligible;
 * - `stall`         send `offset` bytes, go silent for `ms` (default 3000, longer than ta = 1500 ms), then send the
 *                   rest when `resume` (default true) or drop it;
 * - `unplug`        send `offset` bytes, then close the transport (the link is lost mid-transfer);
 * - `slow`          wait `ms` (default 2000, beyond tr max = 1500 ms) more before the answer;
 * - `nak-storm`     answer NAK to client command messages instead of handling them;
 * - `err5-lock`     lock the programming session just before a command is handled, so the meter answers it
 *                   with its "locked" error (Elster `(ERR5)`, generic `(ERR05)`) until a password is accepted again.
 * Break (B0) messages are never faulted.
 *
 * When (`Fault.when`, all given conditions must hold; none = the first answer / command):
 * - `answerIndex` N: the meter's Nth transmission or later (1-based, counted from the emulator's start across
 *   sign-ons; the identification of the first sign-on is 1). Message faults: the answer the command would get.
 * - `afterBytes` B: the answer during which the meter's byte count passes B (and later ones); the first such
 *   answer is faulted at byte B unless `offset` is given. Message faults: once B bytes have been sent.
 * - `commandKind` K: the exchange: `identification`, `readout`, `P0`, or the client command answered: `R1`,
 *   `R5`, `R6`, `W1`, `W5`, `E2`, `RD` (each stream block), `P1`, `P2` (a NAK to a damaged command counts as
 *   an answer to the command letters it carries).
 * `count` (default 1; Infinity = always) = how many matching answers / commands get the fault.
 * `offset` defaults to the middle of the answer; it is clamped to the answer.
 */

/** The fault kinds. */
export type FaultKind = 'drop-byte' | 'corrupt-byte' | 'bad-check' | 'stall' | 'unplug' | 'slow' | 'nak-storm' | 'err5-lock';

/** Every fault kind, in documentation order. */
export const FAULT_KINDS: readonly FaultKind[] = ['drop-byte', 'corrupt-byte', 'bad-check', 'stall', 'unplug', 'slow', 'nak-storm', 'err5-lock'];

const MESSAGE_FAULTS: readonly FaultKind[] = ['nak-storm', 'err5-lock'];

/** When a fault applies (see the module comment). */
export interface FaultWhen {
  readonly answerIndex?: number;
  readonly afterBytes?: number;
  readonly commandKind?: string;
}

/** One scripted fault. */
export interface Fault {
  readonly fault: FaultKind;
  readonly when?: FaultWhen;
  /** How many matching answers / commands get it; default 1; Infinity = every one. */
  readonly count?: number;
  /** Byte offset inside the answer (drop, corrupt, stall, unplug); default the middle. */
  readonly offset?: number;
  /** Stall pause / slow delay, ms (defaults 3000 / 2000). */
  readonly ms?: number;
  /** Stall: send the rest of the answer after the pause (default true). */
  readonly resume?: boolean;
  /** corrupt-byte: XOR mask, 1…0x7F (default 0x01). */
  readonly mask?: number;
}

/** A test's fault script: faults are checked in order; several may hit the same answer. */
export type FaultPlan = readonly Fault[];

/** One injected fault, as recorded. */
export interface FaultLogEntry {
  readonly fault: FaultKind;
  /** The answer's transmission index (message faults: the index of the answer given instead). */
  readonly answerIndex: number;
  /** The exchange (see FaultWhen.commandKind). */
  readonly kind: string;
  /** Byte offset inside the answer, or null (slow, message faults). */
  readonly offset: number | null;
  /** What was done, in words, e.g. `dropped byte 10 (0x35) of answer 4 (R1)`. */
  readonly detail: string;
}

/** The record of injected faults (tests assert on it; `pmu simulate` prints it). */
export class FaultLog {
  readonly entries: FaultLogEntry[] = [];
  /** Called with each entry as it is recorded. */
  constructor(private readonly onEntry?: (e: FaultLogEntry) => void) {}
  /** Record one entry. */
  add(e: FaultLogEntry): void {
    this.entries.push(e);
    this.onEntry?.(e);
  }
  /** How many entries (of one kind, or all). */
  count(fault?: FaultKind): number {
    return fault ? this.entries.filter((e) => e.fault === fault).length : this.entries.length;
  }
}

/** How the injector writes on the meter's transport (provided by the session). */
export interface FaultIo {
  write(bytes: Uint8Array): Promise<void>;
  /** Close the transport (unplug). */
  close(): Promise<void>;
  /** A pause that ends early (rejects) when the session stops. */
  sleep(ms: number): Promise<void>;
}

const hex2 = (b: number | undefined) => `0x${(b ?? 0).toString(16).padStart(2, '0')}`;

/** Applies a FaultPlan to one meter session. */
export class FaultInjector {
  private answers = 0;
  private sentBytes = 0;
  private readonly left: number[];

  /** @throws RangeError for an invalid plan (see `checkFault`). */
  constructor(
    readonly plan: FaultPlan,
    readonly log: FaultLog = new FaultLog(),
  ) {
    plan.forEach(checkFault);
    this.left = plan.map((f) => f.count ?? 1);
  }

  /** Answers sent so far. */
  get answerCount(): number {
    return this.answers;
  }

  /** Bytes sent so far. */
  get bytesSent(): number {
    return this.sentBytes;
  }

  private matches(f: Fault, index: number, before: number, length: number, kind: string): boolean {
    const w = f.when ?? {};
    if (w.answerIndex !== undefined && index < w.answerIndex) return false;
    if (w.afterBytes !== undefined && before + length <= w.afterBytes) return false;
    if (w.commandKind !== undefined && w.commandKind !== kind) return false;
    return true;
  }

  /**
   * A client command message of `kind` (e.g. `R1`) arrived in programming mode: 'nak' = answer NAK and ignore
   * it; 'lock' = lock the session, then handle it; null = handle it normally.
   */
  onCommand(kind: string): 'nak' | 'lock' | null {
    if (kind.startsWith('B')) return null;
    for (let i = 0; i < this.plan.length; i++) {
      const f = this.plan[i]!;
      if (!MESSAGE_FAULTS.includes(f.fault) || this.left[i]! <= 0 || !this.matches(f, this.answers + 1, this.sentBytes, 1, kind)) continue;
      this.left[i]!--;
      const nak = f.fault === 'nak-storm';
      this.log.add({
        fault: f.fault, answerIndex: this.answers + 1, kind, offset: null,
        detail: nak ? `answered NAK to the client's ${kind} instead of handling it` : `locked the session before the client's ${kind}`,
      });
      return nak ? 'nak' : 'lock';
    }
    return null;
  }

  /** Send one answer of `kind` through the plan's byte faults. Rejects as `io.write` / `io.sleep`. */
  async transmit(bytes: Uint8Array, kind: string, io: FaultIo): Promise<void> {
    const index = ++this.answers;
    const before = this.sentBytes;
    let out = bytes.slice();
    let delay = 0;
    let cut: { at: number; ms: number; resume: boolean } | null = null;
    let unplugAt: number | null = null;
    const record = (f: Fault, offset: number | null, detail: string) =>
      this.log.add({ fault: f.fault, answerIndex: index, kind, offset, detail: `${detail} of answer ${index} (${kind})` });
    for (let i = 0; i < this.plan.length; i++) {
      const f = this.plan[i]!;
      if (MESSAGE_FAULTS.includes(f.fault) || this.left[i]! <= 0 || !this.matches(f, index, before, bytes.length, kind)) continue;
      if (f.fault === 'bad-check' && !(out.length >= 2 && (out[0] === STX || out[0] === SOH))) continue;
      this.left[i]!--;
      const at = f.when?.afterBytes;
      const raw = f.offset ?? (at !== undefined && at >= before ? at - before : Math.floor(out.length / 2));
      const offset = Math.max(0, Math.min(raw, Math.max(0, out.length - 1)));
      switch (f.fault) {
        case 'drop-byte':
          record(f, offset, `dropped byte ${offset} (${hex2(out[offset])})`);
          out = Uint8Array.from([...out.subarray(0, offset), ...out.subarray(offset + 1)]);
          break;
        case 'corrupt-byte': {
          const mask = f.mask ?? 0x01;
          record(f, offset, `changed byte ${offset} from ${hex2(out[offset])} to ${hex2((out[offset] ?? 0) ^ mask)}`);
          out[offset] = (out[offset] ?? 0) ^ mask;
          break;
        }
        case 'bad-check': {
          const last = out.length - 1;
          record(f, last, `spoilt the check byte ${last} (${hex2(out[last])} → ${hex2(out[last]! ^ 0x01)})`);
          out[last] = out[last]! ^ 0x01;
          break;
        }
        case 'slow':
          delay += f.ms ?? 2000;
          record(f, null, `waited ${f.ms ?? 2000} ms more before`);
          break;
        case 'stall':
          cut = { at: offset, ms: f.ms ?? 3000, resume: f.resume ?? true };
          record(f, offset, `stopped for ${cut.ms} ms after ${offset} bytes${cut.resume ? ' (then resumed)' : ' (rest dropped)'}`);
          break;
        case 'unplug':
          unplugAt = offset;
          record(f, offset, `closed the link after ${offset} bytes`);
          break;
      }
    }
    if (delay > 0) await io.sleep(delay);
    if (unplugAt !== null) {
      if (unplugAt > 0) await io.write(out.subarray(0, unplugAt));
      this.sentBytes += unplugAt;
      await io.close();
      return;
    }
    if (cut) {
      if (cut.at > 0) await io.write(out.subarray(0, cut.at));
      this.sentBytes += cut.at;
      await io.sleep(cut.ms);
      if (!cut.resume) return;
      out = out.subarray(cut.at);
    }
    await io.write(out);
    this.sentBytes += out.length;
  }
}

/** Validate one fault. @throws RangeError in plain words. */
export function checkFault(f: Fault): void {
  if (!FAULT_KINDS.includes(f.fault)) throw new RangeError(`Unknown fault "${String(f.fault)}". Known faults: ${FAULT_KINDS.join(', ')}.`);
  const nonNegInt = (v: number | undefined, what: string, min = 0) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new RangeError(`Fault ${f.fault}: ${what} must be a whole number of at least ${min}, got ${v}.`);
  };
  nonNegInt(f.when?.answerIndex, 'answer', 1);
  nonNegInt(f.when?.afterBytes, 'after (bytes)');
  nonNegInt(f.offset, 'offset');
  nonNegInt(f.ms, 'ms');
  if (f.count !== undefined && f.count !== Infinity) nonNegInt(f.count, 'count', 1);
  if (f.mask !== undefined && !(Number.isInteger(f.mask) && f.mask >= 1 && f.mask <= 0x7f)) throw new RangeError(`Fault ${f.fault}: mask must be 1…0x7F (a 7-bit line), got ${f.mask}.`);
}

const ALIASES: Readonly<Record<string, FaultKind>> = {
  drop: 'drop-byte', corrupt: 'corrupt-byte', 'wrong-bcc': 'bad-check', 'wrong-crc': 'bad-check', 'bad-bcc': 'bad-check',
  'bad-crc': 'bad-check', nak: 'nak-storm', lock: 'err5-lock', err5: 'err5-lock', 'slow-reaction': 'slow',
};

/**
 * Parse a fault specification (the `pmu simulate --fault` syntax) into a plan.
 * Syntax: faults separated by `;`, each `kind[:key=value,key=value…]`; kinds as FaultKind (aliases: drop,
 * corrupt, wrong-bcc, wrong-crc, bad-bcc, bad-crc, nak, lock, err5, slow-reaction). Keys: `answer=N`
 * (when.answerIndex), `after=B` (when.afterBytes), `on=KIND` (when.commandKind, e.g. `on=RD`), `count=N|all`,
 * `offset=N`, `ms=N`, `resume=yes|no`, `mask=N|0xNN`.
 * Examples: `corrupt-byte:answer=2,offset=10`; `stall:on=readout,offset=500,ms=2000`; `nak-storm:on=W1,count=4`;
 * `unplug:after=1480`; `slow:ms=1800,count=all`.
 * @throws RangeError naming the part that is wrong.
 */
export function parseFaultSpec(spec: string): Fault[] {
  const out: Fault[] = [];
  for (const part of spec.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
    const [name, args = ''] = part.split(/:(.*)/s, 2) as [string, string?];
    const fault = (ALIASES[name.trim()] ?? name.trim()) as FaultKind;
    const f: { -readonly [K in keyof Fault]: Fault[K] } = { fault };
    const when: { -readonly [K in keyof FaultWhen]: FaultWhen[K] } = {};
    for (const kv of args.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const m = /^([a-z]+)=(.+)$/.exec(kv);
      if (!m) throw new RangeError(`In fault "${part}": "${kv}" is not key=value.`);
      const [, key, value] = m as unknown as [string, string, string];
      const num = () => {
        const n = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value, 16) : /^\d+$/.test(value) ? Number(value) : NaN;
        if (Number.isNaN(n)) throw new RangeError(`In fault "${part}": ${key} must be a number, got "${value}".`);
        return n;
      };
      if (key === 'answer') when.answerIndex = num();
      else if (key === 'after') when.afterBytes = num();
      else if (key === 'on') when.commandKind = value;
      else if (key === 'count') f.count = value === 'all' ? Infinity : num();
      else if (key === 'offset') f.offset = num();
      else if (key === 'ms') f.ms = num();
      else if (key === 'mask') f.mask = num();
      else if (key === 'resume') {
        if (!/^(yes|no|true|false)$/.test(value)) throw new RangeError(`In fault "${part}": resume must be yes or no.`);
        f.resume = value === 'yes' || value === 'true';
      } else throw new RangeError(`In fault "${part}": unknown key "${key}" (known: answer, after, on, count, offset, ms, resume, mask).`);
    }
    if (Object.keys(when).length > 0) f.when = when;
    checkFault(f);
    out.push(f);
  }
  return out;
}
