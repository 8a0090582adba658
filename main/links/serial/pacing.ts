/**
 * Timing a probe profile may ask of the link (contract/probe.ts): a pause between sent characters (`interCharDelayMs`,
 * for meters or probes that lose characters sent back to back — ASSUMPTION, no public source names a value) and a pause
 * before a baud change (`baudChangeDelayMs`: with a USB-serial converter the baud rate may otherwise change before the
 * acknowledgement has been sent completely — OpenMUC j62056 Connection.java, baudRateChangeDelay, "around 250ms").
 * Wraps any Transport; with both 0 it is the transport itself.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `inner` with the pauses of `o` (see the file comment). */
export function withPacing(inner: Transport, o: { readonly interCharDelayMs: number; readonly baudChangeDelayMs: number }): Transport {
  if (o.interCharDelayMs <= 0 && o.baudChangeDelayMs <= 0) return inner;
  let current = 300; // every IEC 62056-21 link starts at 300 baud
  return {
    name: inner.name,
    async write(bytes) {
      if (o.interCharDelayMs <= 0 || bytes.length <= 1) return inner.write(bytes);
      for (let i = 0; i < bytes.length; i++) {
        if (i > 0) await sleep(o.interCharDelayMs);
        await inner.write(bytes.subarray(i, i + 1));
      }
    },
    async setBaudRate(baud) {
      if (o.baudChangeDelayMs > 0 && baud !== current) await sleep(o.baudChangeDelayMs);
      await inner.setBaudRate(baud);
      current = baud;
    },
    onData: (l) => inner.onData(l),
    onClose: (l) => inner.onClose(l),
    close: () => inner.close(),
  };
}
