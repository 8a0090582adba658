/**
 * The link-provider seam (docs/ARCHITECTURE.md "Links"; agreed in coord/links-contract.md): a service asks the app
 * context's {@link LinkRegistry} for a link to a port NAME, the registry hands the request to the provider whose
 * `matches` accepts that name, and the provider opens its kind of link — a serial port (optical probe), a built-in
 * emulated meter, and (added beside them) TCP, multi-drop bus, modem and listen links. Services therefore import no
 * emulator and no serial code (pattern: node-serialport's injected "binding").
 *
 * Port names: `COM3`, `/dev/ttyUSB0` (serial); `emulator`, `emulator:generic|a1140|a1700` (emulated);
 * `tcp://host:port`, `bus:<serial port>#<device address>`, `modem:<serial port>#<phone number>`, `listen:…`.
 * Extend additively (new optional fields); never rename.
 */
import type { ProbeProfile } from '../../contract/probe';
import type { SessionTimings } from '../../protocol/iec62056-21/timing';
import type { Transport } from '../../protocol/iec62056-21/transport';

/** Serial line format: 7E1 is IEC 62056-21's (clause 6.2); 8N1 carries the Elster binary data stream (RD). */
export type LineFormat = '7E1' | '8N1';

/** What a service asks for. `port` is the user's port name / link address (see the file comment). */
export interface LinkRequest {
  readonly port: string;
  /** IANA zone of the meter's local clock (emulated meters run their clock in it). */
  readonly timeZone: string;
  /** Serial line format (default 7E1). */
  readonly line?: LineFormat;
  /** Where emulated meters persist their state (absent: in memory for the life of the process). */
  readonly dataDir?: string;
  readonly signal?: AbortSignal;
  /**
   * Probe profile to use instead of the port's own (the probe-connection wizard tries combinations this way). Serial
   * links only; other providers ignore it.
   */
  readonly probe?: ProbeProfile;
}

/** An open link. */
export interface Link {
  readonly transport: Transport;
  /** 8 data bits: the Elster RD stream (binary) may be used; on 7 bits the load profile is read by R1 packets. */
  readonly eightBit: boolean;
  /** Words for progress lines: "port COM3 (7E1)", "the emulated Elster A1140". */
  readonly label: string;
  /** False on TCP / modem links: keep the line speed, do not switch after the option select. */
  readonly baudSwitch: boolean;
  /**
   * True only for a built-in emulated meter: programming may write layouts no source confirms to it
   * (programming/safety.ts); absent or false = a real meter, where such writes are refused.
   */
  readonly emulated?: boolean;
  /** IEC 62056-21 device address to put in the sign-on (bus links). */
  readonly deviceAddress?: string;
  /** Speed of a fixed-speed line, bit/s, when `baudSwitch` is false: the option select asks for it (TCP, modem, bus). */
  readonly lineBaud?: number;
  /** Session time-outs of this link, when they differ from the standard's (extra reaction time for network latency). */
  readonly timings?: Partial<SessionTimings>;
  /** Highest baud rate the probe on this link passes (its profile), bit/s: the option select asks for no more. */
  readonly maxBaud?: number;
  /** The probe profile applied (serial links): its name, and notes such as "no modem lines on this port". */
  readonly probe?: { readonly profile: string; readonly notes: readonly string[] };
  close(): Promise<void>;
}

/** A port the UI's port picker offers. */
export interface PortInfo {
  /** What to pass as `port`. */
  readonly port: string;
  /** Words for people: "Emulated Elster A1140 (built-in)", "COM3 — FTDI". */
  readonly label: string;
  /** The provider's kind (`serial`, `emulated`, `tcp` …). */
  readonly kind: string;
  readonly emulated: boolean;
  /** More about it (USB adapter maker and serial number, emulated meter's dialect), or null. */
  readonly detail?: string | null;
}

/** One kind of link. */
export interface LinkProvider {
  /** 'serial' | 'emulated' | 'tcp' | 'bus' | 'modem' | 'listen' … */
  readonly kind: string;
  /** Does this provider handle that port name? */
  matches(port: string): boolean;
  /** Open it. @throws ProtocolError LINK_LOST / NO_ANSWER with a plain message. */
  open(req: LinkRequest): Promise<Link>;
  /** Ports it offers for the UI's port picker. Never throws (an empty list when none can be found). */
  list?(): Promise<PortInfo[]>;
  /** Key of the shared medium: two links with the same key must never be open at once (one bus, one modem line). */
  mediumKey?(port: string): string;
  /** The words a progress line uses for `req` before the link is open (default: `port <name>`). */
  describe?(req: LinkRequest): string;
  /** The port names it handles, for the "no such port" message: `emulator, emulator:a1140, emulator:a1700`. */
  readonly names?: string;
}

/** The providers of one app, by port name. */
export interface LinkRegistry {
  /** The provider of `port`. @throws ProtocolError LINK_LOST naming the port when none matches. */
  resolve(port: string): LinkProvider;
  open(req: LinkRequest): Promise<Link>;
  /** Every provider's ports, in registration order. Never throws. */
  list(): Promise<PortInfo[]>;
  /** Add a provider; it is asked after those registered before it. */
  register(provider: LinkProvider): void;
  /** Words for `req` before the link is open ("port COM3 (7E1)", "the emulated Elster A1140"). */
  describe(req: LinkRequest): string;
  /** The medium `port` uses (see LinkProvider.mediumKey; default the port name itself). */
  mediumKey(port: string): string;
}
