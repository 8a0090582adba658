import { ProtocolError } from '../../iec62056-21/errors';

/**
 * Typed, plain-language errors of the Elster A1140/A1120/A1700 dialect codec. All are ProtocolErrors, so the
 * session, the CLI and the UI treat them like every other protocol error (stable `code`, message for a
 * field technician, optional `detail` for logs).
 * Source of the ERRn meanings: reference note "Register access by 3-digit data ID"
 * (../shared/reference/elster-dialect.md), from the A1140 manual M181 001 and a public driver (facts only).
 */

/** The `(ERRn)` answers of the dialect. ERR4 is not described in any public source we have. */
export type ElsterErrorCode = 'ERR1' | 'ERR2' | 'ERR3' | 'ERR4' | 'ERR5' | 'ERR6';

/** Every known code, in order. */
export const ELSTER_ERROR_CODES: readonly ElsterErrorCode[] = ['ERR1', 'ERR2', 'ERR3', 'ERR4', 'ERR5', 'ERR6'];

/** Plain-language meaning and advice for each code (what happened, what to try). */
export const ELSTER_ERROR_MESSAGES: Readonly<Record<ElsterErrorCode, string>> = {
  ERR1: 'The meter did not accept the command (ERR1, bad command). The meter may not support this operation, or the session is not in the right state: sign on again and retry.',
  ERR2: 'The meter does not know the requested data item (ERR2, bad data ID). This meter model or firmware may not have it: check the meter type.',
  ERR3: 'The meter rejected the packet number or length (ERR3, bad packet). The item may be shorter than requested: read again from the first packet.',
  ERR4: 'The meter refused the request with ERR4, a code whose meaning is not publicly documented. Sign on again and retry; if it persists, note the data item and report it.',
  ERR5: 'The meter is locked or the password has timed out (ERR5). Check the password and security level, then sign on again; on long jobs re-enter the password every few minutes.',
  ERR6: 'The meter reported a communications error (ERR6). Check the probe sits firmly on the meter and the window is clean, then retry.',
};

/** The meter answered `(ERRn)`: a well-formed refusal (code METER_ERROR). */
export class ElsterMeterError extends ProtocolError {
  /** `ERR1`…`ERR6`, or the code as sent (e.g. `ERR9`) when it is not a known one. */
  readonly elsterCode: string;
  constructor(elsterCode: string, what = 'request') {
    const known = (ELSTER_ERROR_MESSAGES as Record<string, string | undefined>)[elsterCode];
    super(
      'METER_ERROR',
      known ?? `The meter refused the ${what} with ${elsterCode}, a code this program does not know. Sign on again and retry.`,
      `${what}: meter answered (${elsterCode})`,
    );
    this.elsterCode = elsterCode;
  }
}

/**
 * Bytes or text from the meter (or, on the emulator side, from the client) that cannot be decoded: wrong
 * length, invalid BCD digit, unknown marker… (code GARBLED).
 */
export class ElsterDataError extends ProtocolError {
  /**
   * For a malformed request parsed on the meter side: the `(ERRn)` answer a meter would give to it
   * (assumed from the ERRn meanings: malformed command → ERR1, data ID → ERR2, packet/length → ERR3).
   */
  readonly meterAnswer: ElsterErrorCode | null;
  constructor(what: string, problem: string, meterAnswer: ElsterErrorCode | null = null) {
    super(
      'GARBLED',
      `The meter's ${what} could not be understood: ${problem}. Read it again; if this repeats, the meter may use a ` +
        'layout this program does not know (note the meter type and firmware).',
      `${what}: ${problem}`,
    );
    this.meterAnswer = meterAnswer;
  }
}

/** A stream block (RD data stream mode) failed its CRC-16 (code BAD_BCC, the project's "checksum failed" code). */
export class StreamCrcError extends ProtocolError {
  constructor(packet: number, expected: number, actual: number) {
    const h = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
    super(
      'BAD_BCC',
      `Block ${packet} of the meter's data stream failed its checksum (CRC-16): the data was damaged on the way. ` +
        'Clean the probe window, check the probe sits firmly on the meter, and read again.',
      `stream block ${packet}: expected CRC ${h(expected)}, received ${h(actual)}`,
    );
  }
}
