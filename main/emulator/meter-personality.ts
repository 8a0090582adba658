import type { InboxMessage } from './meter-inbox';

/**
 * What the shared meter state machine (meter-session.ts) needs from a meter "personality": the generic
 * emulated meter (generic/meter.ts), the Elster A1140/A1700 (elster/meter.ts) or a replay of a captured readout
 * (replay-meter.ts).
 *
 * Programming mode comes in one of two forms:
 * - `programming` (ProgrammingAccess): the generic IEC 62056-21 programming mode (option select Y=1), run by
 *   generic-programming.ts: the personality only answers reads / writes by data set;
 * - `dialect` (ProgrammingDialect): a manufacturer dialect that handles every command message itself (the
 *   Elster dialect, elster-session.ts). It takes precedence over `programming`.
 */

/** Result of a programming-mode write or execute: done (ACK), unknown data set, or refused (not allowed / bad value). */
export type WriteOutcome = 'done' | 'unknown' | 'refused';

/** Programming-mode access of a meter personality (generic IEC 62056-21 programming mode). */
export interface ProgrammingAccess {
  /** Operand of the P0 message, sent in brackets: e.g. the serial number or a password seed. */
  readonly operand: string;
  /** True when a correct P1/P2 password must come before reads and writes. */
  readonly passwordRequired: boolean;
  /** Verify the password text of P1/P2 (the operand without brackets). */
  checkPassword(password: string): boolean;
  /**
   * Answer data of an R1/R2/R5/R6 read of `dataSet` (e.g. `1.8.0()`, `P.01(0250301000;)`), without STX/ETX;
   * null (or a thrown error) when the meter does not know it → `(ERR02)`.
   */
  read(dataSet: string): string | null;
  /**
   * W1/W2/W5 write of `dataSet` (e.g. `0.9.1(103000)`). Absent = the meter accepts no writes (`(ERR03)`).
   * 'done' → ACK, 'unknown' → `(ERR02)`, 'refused' → `(ERR04)`.
   */
  write?(command: string, dataSet: string): WriteOutcome;
  /** E2 execute of `dataSet`; outcomes as `write`. Absent = no executes (`(ERR03)`). */
  execute?(dataSet: string): WriteOutcome;
}

/** The session services a programming dialect uses to talk on the line (implemented by MeterSession). */
export interface ProgrammingLink {
  /** Wait the reaction time (tr) before an answer. Rejects with Stopped once the session stops. */
  react(): Promise<void>;
  /** Send an answer and remember it: a NAK from the client repeats it. */
  answer(bytes: Uint8Array): Promise<void>;
  /** Send bytes that are not repeated on NAK (data stream blocks). */
  send(bytes: Uint8Array): Promise<void>;
  /** The next complete incoming message (null after `silenceMs` of silence). Rejects with Stopped once stopped. */
  next(silenceMs: number | null): Promise<InboxMessage | null>;
  /** Give a message back so the session's main loop handles it next. */
  pushBack(m: InboxMessage): void;
  /** True when an ESC (0x1B) byte arrived since the last call (clears the flag). */
  takeEscape(): boolean;
  /** Programming-mode inactivity time-out in force, ms. */
  readonly inactivityTimeoutMs: number;
  /** Largest data part of one partial block (R6), bytes. */
  readonly partialBlockBytes: number;
  /** One plain-language protocol log line. */
  log(line: string): void;
}

/** One programming session of a dialect (created at each option select that enters it). */
export interface ProgrammingHandler {
  /** The meter's first message after the option select (`SOH P0 STX (operand) ETX BCC`). */
  readonly opening: Uint8Array;
  /**
   * Handle one command message (`SOH …` or `STX …` block, BCC not yet checked) and answer it on the link.
   * @returns 'end' when the session ends (B0): the meter goes back to 300 baud idle.
   */
  handle(message: Uint8Array): Promise<'end' | void>;
  /** Lock the session now (ERR5 / ERR05 fault): commands other than passwords are refused until a password is accepted again. */
  lock(): void;
}

/** A manufacturer-specific programming dialect. */
export interface ProgrammingDialect {
  /** True when the option select mode control Y (e.g. `6`) enters this dialect. */
  acceptsMode(modeControl: string): boolean;
  /** Inactivity after which the meter returns to idle, ms, unless MeterSessionOptions.inactivityTimeoutMs says otherwise. */
  readonly idleAfterMs?: number;
  /** Start a programming session on `link`. */
  begin(link: ProgrammingLink): ProgrammingHandler;
}

/** What the session needs from a meter personality. */
export interface MeterPersonality {
  /** Identification line without CR LF, e.g. `/PMU5EMU-GEN-1.0`; its Z gives the maximum baud rate. */
  readonly identification: string;
  /** Device address; a sign-on naming a different one is ignored. '' answers every sign-on. */
  readonly deviceAddress: string;
  /** The data readout message `STX … ! CR LF ETX BCC`, as at the moment of the request. */
  dataReadout(): Uint8Array;
  /** Generic programming mode (Y=1), or null when the meter has none (option select Y=1 then gets silence). */
  readonly programming: ProgrammingAccess | null;
  /** A manufacturer dialect; when present it decides which option selects enter programming mode. */
  readonly dialect?: ProgrammingDialect | null;
}
