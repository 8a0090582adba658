/**
 * What an open link says about the IEC 62056-21 session on it: the device address for the sign-on (a bus link's,
 * else the one asked for), the highest speed to negotiate (a fixed-speed line — TCP server, modem, bus — keeps
 * its speed: the option select asks for `lineBaud`, reference "remote links"; a probe's profile caps it at the probe's
 * `maxBaud`), and the link's own time-outs (network latency, a probe profile's margin and retries). Used by every job
 * that reads a meter over a link (main/services/read-meter.ts, clock.ts, program-run.ts, main/collect/).
 */
import type { SessionTimings } from '../../protocol/iec62056-21/timing';
import type { Link } from './types';

/** Session options for `link` given what the job asked for. */
export function sessionOptionsOf(
  link: Link,
  asked: { readonly address?: string | undefined; readonly maxBaud?: number | undefined },
): { address?: string; maxBaud?: number; timings?: Partial<SessionTimings> } {
  const address = link.deviceAddress ?? (asked.address || undefined);
  const fixed = link.baudSwitch === false && link.lineBaud ? link.lineBaud : undefined;
  const caps = [fixed, link.maxBaud, asked.maxBaud].filter((b): b is number => b !== undefined);
  const maxBaud = caps.length > 0 ? Math.min(...caps) : undefined;
  return { ...(address ? { address } : {}), ...(maxBaud ? { maxBaud } : {}), ...(link.timings ? { timings: link.timings } : {}) };
}
