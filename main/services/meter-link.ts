/**
 * How a meter job opens its link: the line format a dialect needs and the link itself, through the app context's
 * link registry (main/links/; services import no serial or emulator code).
 * Line format: IEC 62056-21 is 7E1 (clause 6.2). The Elster data stream mode (RD) sends binary blocks, which only
 * an 8-bit line (8N1) carries, so a forced Elster dialect defaults to 8N1; on a 7E1 line an Elster load profile is
 * read by R1 packets (hex text) instead of the stream.
 */
import type { MeterChoice } from '../../protocol/meters/read-any';
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { LineFormat, Link } from '../links/types';
import type { AppContext } from '../core/context';
import { dataDirOf } from './meter-definitions';

export type { LineFormat } from '../links/types';

/** Default line format for a dialect choice: 8N1 for a forced Elster dialect, else 7E1. */
export function defaultLine(meter: MeterChoice | undefined): LineFormat {
  return meter === 'a1140' || meter === 'a1700' ? '8N1' : '7E1';
}

/**
 * Open the link of `port` (meter clock in `timeZone`), after telling `say` what is being opened.
 * @throws ProtocolError LINK_LOST (plain message): no such port, or it cannot be opened.
 */
export async function openMeterLink(
  ctx: AppContext,
  req: { readonly port: string; readonly line: LineFormat; readonly timeZone?: string; readonly signal?: AbortSignal },
  say?: (message: string) => void,
): Promise<Link> {
  const dataDir = dataDirOf(ctx); // emulated meters are kept there (main/emulator/registry.ts)
  const request = { port: req.port, timeZone: req.timeZone ?? ctx.timeZone, line: req.line, ...(dataDir ? { dataDir } : {}), ...(req.signal ? { signal: req.signal } : {}) };
  say?.(`Opening ${ctx.links.describe(request)}…`);
  return ctx.links.open(request);
}

/**
 * `err` with what to try next when a meter on a probe link does not answer or answers garbage: the probe profile in use
 * and the connection wizard (issue 16: "it does not answer", with nothing to try). Other errors are returned unchanged.
 */
export function withProbeHint(err: unknown, link: Link, port: string): unknown {
  if (!(err instanceof ProtocolError) || !link.probe || !['NO_ANSWER', 'GARBLED'].includes(err.code)) return err;
  const hint = ` The probe profile "${link.probe.profile}" was used: run the connection wizard (Settings → Optical probes, or pmu probe detect --port ${port}) to find the one that works.`;
  return new ProtocolError(err.code, `${err.message}${hint}`, err.detail);
}
