import { STX } from '../../protocol/iec62056-21/control';
import { parseIdentification } from '../../protocol/iec62056-21/identification';
import type { MeterPersonality } from './meter-session';

/**
 * A replay meter: answers like the real meter a capture came from, serving the captured data readout verbatim.
 * Sign-on → the captured identification; option select Y=0 → the captured readout at the chosen baud;
 * Y=1 → silence (no programming mode); B0 → idle. The protocol handling is meter-session.ts, shared with the
 * generic meter.
 */

/** Options of a replay meter. */
export interface ReplayMeterOptions {
  /** Identification line the real meter sent, with or without CR LF, e.g. `/ISk5MT174-0001`. */
  readonly identification: string;
  /**
   * Captured bytes of the data readout. Anything before the first STX (e.g. the echoed option select
   * `ACK 0 5 0 CR LF` at the start of a capture) is dropped; the rest (STX … ETX BCC) is sent verbatim.
   */
  readonly readout: Uint8Array;
  /** Device address to answer to; default '' (answer every sign-on). */
  readonly deviceAddress?: string;
}

/** A meter personality replaying a captured readout. */
export class ReplayMeter implements MeterPersonality {
  readonly identification: string;
  readonly deviceAddress: string;
  readonly programming = null;
  /** The bytes sent as data readout (from the first STX on). */
  readonly readoutBytes: Uint8Array;

  /**
   * @throws FrameError when the identification line is malformed; RangeError when the capture holds no STX.
   */
  constructor(opts: ReplayMeterOptions) {
    this.identification = parseIdentification(opts.identification).raw;
    const start = opts.readout.indexOf(STX);
    if (start < 0) {
      throw new RangeError('The captured readout contains no STX (start of text), so it is not a data readout capture.');
    }
    this.readoutBytes = opts.readout.slice(start);
    this.deviceAddress = opts.deviceAddress ?? '';
  }

  /** The captured readout, verbatim from its STX. */
  dataReadout(): Uint8Array {
    return this.readoutBytes;
  }
}
