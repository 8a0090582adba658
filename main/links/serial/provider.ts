/**
 * The serial-port link provider: an optical probe on a COM port / tty (or one end of a socat pty pair), opened at
 * 300 baud in the requested line format (IEC 62056-21 clause 6.2: 7E1; 8N1 for the Elster binary data stream) by
 * ./transport.ts, driven by the port's PROBE PROFILE (contract/probe.ts; chosen by main/settings/probe-profiles.ts and
 * injected as `probeProfileFor`): DTR / RTS set as the probe needs them (then its power-up wait), echo removed
 * (./echo.ts), characters and baud changes paced (./pacing.ts), the profile's time-out margin and retries as the link's
 * session timings, its highest baud as the link's `maxBaud`. A request may carry its own profile (the connection
 * wizard's tries). Port names it handles: `COM<n>` and `\\.\COM<n>` (Windows), and absolute device paths
 * (`/dev/ttyUSB0`, `/dev/tty.usbserial-…`, `/dev/pts/3`, a pty link made by socat).
 */
import { SerialPort } from 'serialport';
import { STANDARD_PROBE_PROFILE, type ProbeProfile } from '../../../contract/probe';
import { STANDARD_TIMINGS, type SessionTimings } from '../../../protocol/iec62056-21/timing';
import type { Link, LineFormat, LinkProvider, LinkRequest, PortInfo } from '../types';
import type { SerialBinding } from '../../core/serial-binding';
import { withEchoHandling } from './echo';
import { withPacing } from './pacing';
import { openSerialTransport } from './transport';

/** True for a serial device name: `COM3`, `\\.\COM12`, or an absolute path such as `/dev/ttyUSB0`. */
export function isSerialPortName(port: string): boolean {
  return /^COM\d+$/i.test(port) || /^\\\\\.\\/.test(port) || port.startsWith('/');
}

const lineOf = (req: LinkRequest): LineFormat => req.line ?? '7E1';

/** Words for a serial link: `port COM3 (7E1)`. */
export function serialLabel(port: string, line: LineFormat): string {
  return `port ${port} (${line})`;
}

/** The ports the operating system reports (USB optical probes show their adapter maker, e.g. FTDI). Never throws. */
export async function listSerialPorts(): Promise<PortInfo[]> {
  try {
    const found = await SerialPort.list();
    return found.map((p) => {
      const maker = p.manufacturer ? `${p.manufacturer}${p.serialNumber ? ` ${p.serialNumber}` : ''}` : null;
      return { port: p.path, label: maker ? `${p.path} — ${maker}` : p.path, kind: 'serial', emulated: false, detail: maker ?? p.pnpId ?? null };
    });
  } catch {
    return []; // no serial subsystem: the other providers' ports are still offered
  }
}

/** The USB adapter model `vendorId:productId` (lower case) of `port`, or null (not USB, not found, no serial subsystem). */
export async function usbIdOf(port: string, binding?: SerialBinding): Promise<string | null> {
  try {
    const found = await (binding ? binding.list() : SerialPort.list());
    const p = found.find((x) => x.path.toLowerCase() === port.toLowerCase());
    return p?.vendorId && p.productId ? `${p.vendorId}:${p.productId}`.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** The session timings of a profile: the standard's plus its margin; its retries as the repeats of a damaged message. */
export function timingsOf(p: ProbeProfile): Partial<SessionTimings> | undefined {
  if (p.reactionMarginMs === 0 && p.retries === STANDARD_TIMINGS.maxRepeats) return undefined;
  const m = p.reactionMarginMs;
  return {
    reactionTimeoutMs: STANDARD_TIMINGS.reactionTimeoutMs + m,
    interCharTimeoutMs: STANDARD_TIMINGS.interCharTimeoutMs + m,
    minReactionMs: STANDARD_TIMINGS.minReactionMs + m,
    shortMinReactionMs: STANDARD_TIMINGS.shortMinReactionMs + m,
    maxRepeats: p.retries,
  };
}

/** Options of the serial provider. */
export interface SerialProviderOptions {
  /** The probe profile of a port (`usbId`: its USB adapter model, or null); default the standard profile for every port. */
  readonly probeProfileFor?: (port: string, usbId: string | null) => ProbeProfile;
  /** The serialport binding (tests, emulated probes); default the platform's. */
  readonly binding?: SerialBinding;
}

/**
 * Open `path` as a link driven by `profile` (see the file comment). Also used by the emulated probe port, whose
 * "hardware" is an injected binding. @throws ProtocolError LINK_LOST with a plain message.
 */
export async function openProbeLink(path: string, req: LinkRequest, profile: ProbeProfile, binding?: SerialBinding): Promise<Link> {
  const line = lineOf(req);
  const notes: string[] = [];
  const serial = await openSerialTransport(path, {
    format: line,
    lines: { dtr: profile.dtr, rts: profile.rts },
    powerUpMs: profile.powerUpMs,
    ...(binding ? { binding } : {}),
    onNote: (n) => notes.push(n),
  });
  const transport = withEchoHandling(withPacing(serial, profile), profile.echo);
  const timings = timingsOf(profile);
  return {
    transport,
    eightBit: line === '8N1',
    label: serialLabel(req.port, line),
    baudSwitch: true,
    maxBaud: profile.maxBaud,
    probe: { profile: profile.name, notes },
    ...(timings ? { timings } : {}),
    close: () => transport.close(),
  };
}

/** The serial provider (see the file comment). */
export function serialLinkProvider(opts: SerialProviderOptions = {}): LinkProvider {
  return {
    kind: 'serial',
    names: 'serial ports look like COM3 or /dev/ttyUSB0',
    matches: isSerialPortName,
    describe: (req) => serialLabel(req.port, lineOf(req)),
    list: listSerialPorts,
    async open(req) {
      const resolve = opts.probeProfileFor;
      const profile = req.probe ?? (resolve ? resolve(req.port, await usbIdOf(req.port, opts.binding)) : STANDARD_PROBE_PROFILE);
      return openProbeLink(req.port, req, profile, opts.binding);
    },
  };
}
