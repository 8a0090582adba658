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
