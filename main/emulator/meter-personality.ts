/**
 * What the shared meter state machine (meter-session.ts) needs from a meter "personality": the generic
 * emulated meter (generic-meter.ts) or a replay of a captured readout (replay-meter.ts).
 */

/** Programming-mode access of a meter personality. */
export interface ProgrammingAccess {
  /** Operand of the P0 message, sent in brackets: e.g. the serial number or a password seed. */
  readonly operand: string;
  /** True when a correct P1/P2 password must come before reads. */
  readonly passwordRequired: boolean;
  /** Verify the password text of P1/P2 (the operand without brackets). */
  checkPassword(password: string): boolean;
  /**
   * Answer data of an R1/R2/R5/R6 read of `dataSet` (e.g. `1.8.0()`, `P.01(0250301000;)`), without STX/ETX;
   * null (or a thrown error) when the meter does not know it → `(ERR02)`.
   */
  read(dataSet: string): string | null;
}

/** What the session needs from a meter personality. */
export interface MeterPersonality {
  /** Identification line without CR LF, e.g. `/PMU5EMU-GEN-1.0`; its Z gives the maximum baud rate. */
  readonly identification: string;
  /** Device address; a sign-on naming a different one is ignored. '' answers every sign-on. */
  readonly deviceAddress: string;
  /** The data readout message `STX … ! CR LF ETX BCC`, as at the moment of the request. */
  dataReadout(): Uint8Array;
  /** Programming mode, or null when the meter has none (option select Y=1 then gets silence). */
  readonly programming: ProgrammingAccess | null;
}
