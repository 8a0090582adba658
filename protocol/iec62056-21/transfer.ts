import { ProtocolError, TransferInterruptedError } from './errors';
import { formatCount } from './reader';

/**
 * Progress of one multi-message transfer (R1 packets of an item, partial blocks of a load profile, the blocks of
 * an RD stream) and the progress-aware errors when it breaks off: "The meter stopped answering after 1 480 of
 * 2 304 bytes of the load profile". Counts are wire bytes received from the meter (framing included, the
 * probe's echo excluded), taken from a running counter such as `Session.bytesFromMeter`.
 * Source of the time-outs behind the errors: IEC 62056-21:2002 clause 6.3.14 (tr, ta).
 */

/** How sure the expected size is: `exact` (R1 packets of known length, a block count) or `estimate` (a date range). */
export type ExpectedKind = 'exact' | 'estimate';

/** A transfer in progress. Create one per transfer; call `fail(e)` in the catch block. */
export class TransferProgress {
  private readonly base: number;

  /**
   * @param what words for people, e.g. `load profile (550)`.
   * @param counter running count of bytes received from the meter (e.g. `() => session.bytesFromMeter`).
   * @param expected bytes the whole transfer should have, or null when unknown.
   * @param kind whether `expected` is exact or an estimate (messages then say "about").
   * @param alreadyReceived bytes of the transfer received before this tracker was created (e.g. the packets
   *   read before a re-sign-on, when the transfer resumes).
   */
  constructor(
    readonly what: string,
    private readonly counter: () => number,
    public expected: number | null = null,
    public kind: ExpectedKind = 'exact',
    private readonly alreadyReceived = 0,
  ) {
    this.base = counter();
  }

  /** Bytes received for this transfer so far. */
  get received(): number {
    return this.alreadyReceived + Math.max(0, this.counter() - this.base);
  }

  /** "1 480 of 2 304 bytes", "1 480 of about 2 300 bytes", or "1 480 bytes" when nothing (or a passed estimate) is expected. */
  describe(): string {
    const got = formatCount(this.received);
    if (this.expected === null || (this.kind === 'estimate' && this.received > this.expected)) return `${got} bytes`;
    return `${got} of ${this.kind === 'estimate' ? 'about ' : ''}${formatCount(this.expected)} bytes`;
  }

  /**
   * Turn an error of the transfer into one that names its progress. STOPPED_ANSWERING, LINK_LOST, and a
   * NO_ANSWER after part of the transfer had arrived (the meter went silent between two messages) become a
   * TransferInterruptedError; every other error is returned unchanged. Use as `throw progress.fail(e)`.
   */
  fail(e: unknown): unknown {
    if (!(e instanceof ProtocolError) || e instanceof TransferInterruptedError) return e;
    const received = this.received;
    if (e.code === 'LINK_LOST') {
      return new TransferInterruptedError(
        'LINK_LOST',
        `The connection to the probe was lost after ${this.describe()} of the ${this.what}. Check that the probe cable is plugged in, then read again.`,
        this.what, received, this.expected, e.detail,
      );
    }
    if (e.code === 'STOPPED_ANSWERING' || (e.code === 'NO_ANSWER' && received > 0)) {
      return new TransferInterruptedError(
        'STOPPED_ANSWERING',
        `The meter stopped answering after ${this.describe()} of the ${this.what}. Keep the probe still on the optical port and read again.`,
        this.what, received, this.expected, e.detail,
      );
    }
    return e;
  }

  /** Percent 0…100 of the expected size (capped), or null when unknown. */
  percent(): number | null {
    if (!this.expected) return null;
    return Math.min(100, Math.round((100 * this.received) / this.expected));
  }
}

/**
 * Run `job` as one transfer: its errors are passed through `progress.fail`.
 * @throws whatever `job` throws, with progress named for interruptions.
 */
export async function asTransfer<T>(progress: TransferProgress, job: () => Promise<T>): Promise<T> {
  try {
    return await job();
  } catch (e) {
    throw progress.fail(e);
  }
}
