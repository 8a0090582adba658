/**
 * An echoing optical probe on the METER side of a real serial line (a pty of `pmu simulate --probe-echo`): every byte
 * the client sends comes straight back to it, as some optical transceivers do (OpenMUC j62056 Connection.java,
 * handleEcho), while the meter still receives it. Wraps the meter's end of the line.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';

/**
 * The meter's view of `line` through an echoing probe: bytes received are written back on `line` at once (unpaced: the
 * echo is the light of the client's own transmitter) and passed to the meter as usual.
 */
export function withProbeEcho(line: Transport): Transport {
  line.onData((chunk) => {
    void line.write(chunk).catch(() => undefined); // the line closing ends the echo as well
  });
  return line;
}
