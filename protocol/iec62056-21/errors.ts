/**
 * Typed protocol errors. Every error carries a stable `code` (for tests, logs and the UI) and a message
 * written for a field technician: what happened, in plain words, and what to try.
 */

/** Stable error codes of the IEC 62056-21 client. */
export type ProtocolErrorCode =
  /** The meter sent nothing within the reaction time after a request (clause 6.3.14, tr ≤ 1500 ms). */
  | 'NO_ANSWER'
  /** The meter started answering, then paused longer than the inter-character time (ta ≤ 1500 ms). */
  | 'STOPPED_ANSWERING'
  /** A block's block check character did not match its contents. */
  | 'BAD_BCC'
  /** Bytes arrived that are not a valid message of the expected kind (often a baud-rate mismatch). */
  | 'GARBLED'
  /** The meter answered with `(ERRnn)` or an otherwise well-formed refusal. */
  | 'METER_ERROR'
  /** The meter answered NAK to every repeat. */
  | 'REFUSED'
  /** The link (port) failed or closed during the session. */
  | 'LINK_LOST'
  /** The operation was cancelled by the user. */
  | 'CANCELLED';

/** An error raised by the IEC 62056-21 codec or client session. `message` is plain language. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    /** Optional technical detail (bytes seen, expected values) for logs and the probe trace. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Thrown by frame decoders when a block's BCC is wrong. */
export class BccError extends ProtocolError {
  constructor(expected: number, actual: number, where: string) {
    super(
      'BAD_BCC',
      `The ${where} from the meter failed its checksum (BCC): the data was damaged on the way. ` +
        'Clean the probe window, check the probe sits firmly on the meter, and read again.',
      `expected BCC 0x${expected.toString(16).padStart(2, '0')}, received 0x${actual.toString(16).padStart(2, '0')}`,
    );
  }
}

/** Thrown by frame decoders when bytes do not form a message of the expected kind. */
export class FrameError extends ProtocolError {
  constructor(what: string, detail?: string) {
    super(
      'GARBLED',
      `The meter's ${what} could not be understood. This usually means the baud rate or line settings do not ` +
        'match the meter (IEC 62056-21 needs 7 data bits, even parity, 1 stop bit), or the probe picks up stray light.',
      detail,
    );
  }
}

/**
 * The meter answered a programming-mode command with an `(ERRnn)` data message (clause 6.3.7; the codes are
 * manufacturer-specific). Code METER_ERROR; `meterCode` holds the code as sent, upper-cased (e.g. `ERR05`).
 */
export class MeterErrorAnswer extends ProtocolError {
  constructor(
    /** The error code as sent inside the brackets, upper-cased, e.g. `ERR05` or `ERR5`. */
    readonly meterCode: string,
    /** What was asked, in words (e.g. "read of 1.8.0"). */
    readonly what: string,
    detail?: string,
  ) {
    super('METER_ERROR', `The meter answered the ${what} with error ${meterCode}.`, detail);
  }
}

/**
 * The meter answered NAK to every repeat of a message (IEC 62056-21 clause 6.3.7: NAK = "transmission error, repeat
 * the last message"): a noisy line or a badly seated probe, not a judgement of the message's content. Code REFUSED
 * (the message was never accepted); {@link sendPassword} turns it into a line-problem message, never "did not accept
 * the password" (issue 11.6).
 */
export class NakStormError extends ProtocolError {
  constructor(
    /** What was sent, e.g. `password (P2)`. */
    readonly what: string,
    detail?: string,
  ) {
    super('REFUSED', `The meter refused the ${what}: it answered NAK to every repeat.`, detail);
  }
}

/**
 * The meter did not accept a password (P1/P2): it answered `(ERRnn)`, kept answering NAK, or sent something
 * other than ACK. Code REFUSED. `meterCode` is the `(ERRnn)` code when the meter sent one, else null.
 */
export class PasswordRefusedError extends ProtocolError {
  constructor(
    /** `P1` or `P2`. */
    readonly command: string,
    readonly meterCode: string | null,
    detail?: string,
    advice = 'Check the password (and the security level) configured for this meter, then read again.',
  ) {
    super(
      'REFUSED',
      `The meter did not accept the password (${command})${meterCode ? `: it answered ${meterCode}` : ''}. ${advice}`,
      detail,
    );
  }
}

/**
 * A multi-message transfer (R1 packets, partial blocks, an RD stream, a load profile) broke off: the meter
 * stopped answering (STOPPED_ANSWERING) or the link was lost (LINK_LOST) after part of it had arrived. The
 * message names how many bytes arrived of how many expected, e.g. "after 1 480 of 2 304 bytes".
 */
export class TransferInterruptedError extends ProtocolError {
  constructor(
    code: 'STOPPED_ANSWERING' | 'LINK_LOST',
    message: string,
    /** What was being transferred, in words (e.g. "load profile (550)"). */
    readonly what: string,
    /** Bytes received from the meter for this transfer (wire bytes, framing included). */
    readonly receivedBytes: number,
    /** Bytes the whole transfer was expected to have, or null when unknown. */
    readonly expectedBytes: number | null,
    detail?: string,
  ) {
    super(code, message, detail);
  }
}
