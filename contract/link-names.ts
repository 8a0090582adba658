/**
 * Port names of the remote links (docs/fleet.md "Links"; /work/coord/links-contract.md "Names"), parsed into
 * their parts with plain errors, for the link providers (./tcp, ./bus, ./modem) and for checking a meter list
 * before anything is stored:
 *
 * - `tcp://host:port[?baud=B&connect=S&idle=S&reaction=MS][#address]` — a transparent serial server or a GPRS/LTE
 *   modem in server mode. `baud` = the speed of the serial side (the option select asks for it, so the meter keeps
 *   the line speed; default 300, the speed every sign-on starts at: clause 6.4.5); `connect` = connect time-out,
 *   seconds (default 30: cellular modems wake slowly, reference "remote links"); `idle` = close the connection after
 *   this many seconds without a byte either way (default 60); `reaction` = extra reaction-time margin per message,
 *   ms, for the link's latency (default 0; cellular: 500–1000). `#address` = a device address when the server's
 *   serial side is a multi-drop bus.
 * - `bus:<port>#<address>` — an RS-485 multi-drop bus on `<port>` (any other port name, e.g. `/dev/ttyUSB0`, `COM4`
 *   or a `tcp://…` serial server); `<address>` is the meter's IEC 62056-21 device address for the sign-on
 *   `/?address!` (clause 6.3.1: at most 32 characters).
 * - `modem:<port>[?init=AT…&dial=S&baud=B]#<number>` — a Hayes (V.250) modem on serial port `<port>` that dials
 *   `<number>` (`0-9 * # + , W P T` and spaces); `init` = the modem's init string (default `ATE0V1`: echo off,
 *   verbose result codes), `dial` = seconds to wait for CONNECT (default 60), `baud` = the speed between
 *   workstation and modem (default 9600, the GSM CSD data rate).
 * Query values are URL-encoded (`&` in an init string is `%26`).
 */

/** A port name that is not a valid link name; `message` is plain language. */
export class LinkNameError extends Error {
  override readonly name = 'LinkNameError';
}

/** IEC 62056-21 baud rates a line may run at. */
const BAUDS = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

/** A parsed `tcp://` name. Times in ms. */
export interface TcpLinkName {
  readonly kind: 'tcp';
  readonly host: string;
  readonly port: number;
  /** Speed of the serial side, bit/s. */
  readonly baud: number;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly reactionMarginMs: number;
  /** Device address for the sign-on ('' = none). */
  readonly deviceAddress: string;
}

/** A parsed `bus:` name. */
export interface BusLinkName {
  readonly kind: 'bus';
  /** The port the bus hangs on (itself any port name). */
  readonly line: string;
  readonly deviceAddress: string;
}

/** A parsed `modem:` name. */
export interface ModemLinkName {
  readonly kind: 'modem';
  /** The serial port the modem is on. */
  readonly line: string;
  readonly number: string;
  readonly init: string;
  readonly dialTimeoutMs: number;
  readonly baud: number;
}

/** Any parsed link name; `other` = a serial port or an emulated port (the structure's providers decide). */
export type LinkName = TcpLinkName | BusLinkName | ModemLinkName | { readonly kind: 'other'; readonly port: string };

/** A device address as the sign-on carries it: 1…32 printable characters without `/ ? !` (clause 6.3.1). */
export function checkDeviceAddress(address: string, where: string): string {
  if (address.length === 0 || address.length > 32 || !/^[\x20-\x7e]+$/.test(address) || /[/?!]/.test(address)) {
    throw new LinkNameError(`${where}: the device address "${address.slice(0, 40)}" must be 1 to 32 printable characters without "/", "?" or "!".`);
  }
  return address;
}

function numberParam(q: QueryParams, key: string, name: string, min: number, max: number, fallback: number, scale = 1): number {
  const v = q.get(key);
  if (v === undefined) return fallback * scale;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new LinkNameError(`${name}: "${key}=${v}" must be a number from ${min} to ${max}.`);
  return n * scale;
}

function checkParams(q: QueryParams, known: readonly string[], name: string): void {
  for (const key of q.keys()) {
    if (!known.includes(key)) throw new LinkNameError(`${name}: unknown setting "${key}" (known: ${known.join(', ')}).`);
  }
}

/** Split `base?query#fragment` (fragment may hold further `#`). */
/** `key=value&…` settings of a link name (decoded; the last of a repeated key wins). Pure: no URLSearchParams in this package. */
type QueryParams = ReadonlyMap<string, string>;

function parseQuery(text: string): QueryParams {
  const out = new Map<string, string>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (t: string): string => {
      try {
        return decodeURIComponent(t.replace(/\+/g, ' '));
      } catch {
        return t;
      }
    };
    out.set(decode(eq < 0 ? part : part.slice(0, eq)), decode(eq < 0 ? '' : part.slice(eq + 1)));
  }
  return out;
}

function split(rest: string): { base: string; query: QueryParams; fragment: string | null } {
  const hash = rest.indexOf('#');
  const head = hash < 0 ? rest : rest.slice(0, hash);
  const fragment = hash < 0 ? null : rest.slice(hash + 1);
  const q = head.indexOf('?');
  return { base: q < 0 ? head : head.slice(0, q), query: parseQuery(q < 0 ? '' : head.slice(q + 1)), fragment };
}

/** Parse a `tcp://` name. @throws LinkNameError. */
export function parseTcpName(name: string): TcpLinkName {
  const { base, query, fragment } = split(name.slice('tcp://'.length));
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(base);
  if (!m) throw new LinkNameError(`"${name}" is not a TCP link: write tcp://host:port, e.g. tcp://10.0.0.5:4001.`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new LinkNameError(`"${name}": the TCP port must be 1 to 65535.`);
  checkParams(query, ['baud', 'connect', 'idle', 'reaction'], name);
  const baud = numberParam(query, 'baud', name, 300, 115200, 300);
  if (!BAUDS.includes(baud)) throw new LinkNameError(`${name}: baud must be one of ${BAUDS.join(', ')}.`);
  return {
    kind: 'tcp',
    host: m[1]!.replace(/^\[|\]$/g, ''),
    port,
    baud,
    connectTimeoutMs: numberParam(query, 'connect', name, 1, 600, 30, 1000),
    idleTimeoutMs: numberParam(query, 'idle', name, 1, 3600, 60, 1000),
    reactionMarginMs: numberParam(query, 'reaction', name, 0, 10_000, 0),
    deviceAddress: fragment === null || fragment === '' ? '' : checkDeviceAddress(decodeURIComponent(fragment), name),
  };
}

/** Parse a `bus:` name. @throws LinkNameError. */
export function parseBusName(name: string): BusLinkName {
  const rest = name.slice('bus:'.length);
  const hash = rest.lastIndexOf('#');
  if (hash <= 0) throw new LinkNameError(`"${name}" is not a bus link: write bus:<port>#<device address>, e.g. bus:/dev/ttyUSB0#12345678.`);
  const line = rest.slice(0, hash);
  if (line.startsWith('bus:') || line.startsWith('modem:')) throw new LinkNameError(`"${name}": a bus cannot hang on another bus or a modem.`);
  return { kind: 'bus', line, deviceAddress: checkDeviceAddress(rest.slice(hash + 1), name) };
}

/** Parse a `modem:` name. @throws LinkNameError. */
export function parseModemName(name: string): ModemLinkName {
  const { base, query, fragment } = split(name.slice('modem:'.length));
  if (base === '' || fragment === null || fragment.trim() === '') {
    throw new LinkNameError(`"${name}" is not a modem link: write modem:<serial port>#<phone number>, e.g. modem:COM5#+441632960123.`);
  }
  if (base.includes(':') && /^(tcp|bus|modem):/.test(base)) throw new LinkNameError(`"${name}": a modem sits on a serial port, not on another link.`);
  const number = fragment.trim();
  if (!/^[0-9*#+,WPTwpt ]{1,40}$/.test(number)) {
    throw new LinkNameError(`${name}: the phone number "${number.slice(0, 40)}" may hold only digits, + * # , W P T and spaces (at most 40).`);
  }
  checkParams(query, ['init', 'dial', 'baud'], name);
  const init = query.get('init') ?? 'ATE0V1';
  if (!/^AT[\x20-\x7e]{0,60}$/i.test(init) || init.includes('+++')) throw new LinkNameError(`${name}: the init string must start with AT and hold printable characters (at most 62).`);
  const baud = numberParam(query, 'baud', name, 300, 115200, 9600);
  if (!BAUDS.includes(baud)) throw new LinkNameError(`${name}: baud must be one of ${BAUDS.join(', ')}.`);
  return { kind: 'modem', line: base, number, init, dialTimeoutMs: numberParam(query, 'dial', name, 5, 300, 60, 1000), baud };
}

/** Parse any port name (see the file comment). @throws LinkNameError for a malformed tcp/bus/modem name. */
export function parseLinkName(name: string): LinkName {
  if (/[\u0000-\u001f\u007f]/.test(name) || name.trim() === '') throw new LinkNameError('A link name must not be empty or hold control characters.');
  if (name.startsWith('tcp://')) return parseTcpName(name);
  if (name.startsWith('bus:')) return parseBusName(name);
  if (name.startsWith('modem:')) return parseModemName(name);
  return { kind: 'other', port: name };
}

/**
 * Key of the shared medium behind a port name: two sessions with the same key must never run at once (one bus,
 * one modem line, one serial-server port). `tcp:host:port`, `serial:<port>` for a bus or a modem's serial port.
 */
export function mediumKeyOf(name: string): string {
  const n = parseLinkName(name);
  if (n.kind === 'tcp') return `tcp:${n.host.toLowerCase()}:${n.port}`;
  if (n.kind === 'bus') return mediumKeyOf(n.line);
  if (n.kind === 'modem') return `serial:${n.line}`;
  return `serial:${n.port}`;
}
