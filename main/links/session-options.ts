/**
 * What an open link says about the IEC 62056-21 session on it: the device address for the sign-on (a bus link's,
 * else the one asked for), the highest speed to negotiate (a fixed-speed line — TCP server, modem, bus — keeps
 * its speed: the option select asks for `lineBaud`, reference "remote links"), and the link's own time-outs
 * (network latency). Used by every job that reads a meter over a link (main/services/read-meter.ts, main/collect/).
 */
import type { SessionTimings } from '../../protocol/iec62056-21/timing';
import type { Link } from './types';

/** Session options for `link` given what the job asked for. */
export function sessionOptionsOf(
  link: Link,
  asked: { readonly address?: string | undefined; readonly maxBaud?: number | undefined },
): { address?: string; maxBaud?: number; timings?: Partial<SessionTimings> } {
  const address = link.deviceAddress ?? (asked.address || undefined);
  const maxBaud = link.baudSwitch === false && link.lineBaud ? Math.min(link.lineBaud, asked.maxBaud ?? Infinity) : asked.maxBaud;
  return { ...(address ? { address } : {}), ...(maxBaud ? { maxBaud } : {}), ...(link.timings ? { timings: link.timings } : {}) };
}
