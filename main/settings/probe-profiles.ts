/**
 * Optical-probe profiles (contract/probe.ts): the built-in ones for common probe types — each saying where its values
 * come from — merged with the profiles stored here (own ones, and built-ins edited on this workstation), and the rule
 * that picks a port's profile: the profile assigned to the port, else one naming the probe's USB model
 * (vendorId:productId), else the default profile (setting `probe.defaultProfile`), else "Standard".
 * main/links/serial applies the profile it is handed; main/services/settings.ts changes profiles (permission, audit).
 */
import type { Database } from 'better-sqlite3';
import { STANDARD_PROBE_PROFILE, probeProfileSchema, type PortProfileView, type ProbeProfile, type ProbeProfileView } from '../../contract/probe';
import { listProbePortRows, listProbeProfileRows } from '../store/settings';
import { readSetting } from './values';

const base = STANDARD_PROBE_PROFILE;
const STANDARD_SOURCE = 'IEC 62056-21 (2002) clauses 6.3.14 and 6.4: 300 baud at sign-on, up to 19200 (baud character 6), time-outs 1500 ms, up to 3 repeats.';

/** The name of the profile used when nothing else applies. */
export const STANDARD_PROFILE = STANDARD_PROBE_PROFILE.name;

/** The shipped profiles (editable; an edit is stored under the same name and can be reset). */
export const BUILT_IN_PROBE_PROFILES: readonly ProbeProfile[] = [
  {
    ...base,
    description: 'Self-powered USB optical probe: modem lines left as the driver sets them, echo detected.',
    source: `${STANDARD_SOURCE} ASSUMPTION: a USB probe powered from the USB bus needs no modem line.`,
  },
  {
    ...base, name: 'DTR enabled (PMU)', dtr: 'on', rts: 'leave', echo: 'detect', maxBaud: 19200, powerUpMs: 200,
    description: 'Probe that needs DTR asserted, often to power it (the PMU\'s "DTR enabled" probe type).',
    source: `Elster PMU manual: probe type "with DTR enabled or disabled". ${STANDARD_SOURCE} ASSUMPTION: 200 ms for the probe to power up.`,
  },
  {
    ...base, name: 'DTR disabled (PMU)', dtr: 'off', rts: 'leave', echo: 'detect', maxBaud: 19200,
    description: 'Probe that needs DTR de-asserted (the PMU\'s "DTR disabled" probe type).',
    source: `Elster PMU manual: probe type "with DTR enabled or disabled". ${STANDARD_SOURCE}`,
  },
  {
    ...base, name: 'RS-232 line-powered', dtr: 'on', rts: 'on', echo: 'detect', maxBaud: 9600, powerUpMs: 300,
    description: 'RS-232 probe drawing its power from both DTR and RTS.',
    source: 'ASSUMPTION: RS-232 optical interfaces powered from DTR and RTS (both asserted), 300 ms to power up, 9600 baud at most.',
  },
  {
    ...base, name: 'Echoing probe (half-duplex)', dtr: 'leave', rts: 'leave', echo: 'echoes', maxBaud: 19200,
    description: 'Probe that echoes every byte it sends back to the computer.',
    source: 'OpenMUC j62056 Connection.java (handleEcho): "Echos are caused by some optical transceivers". Line values as Standard.',
  },
  {
    ...base, name: 'USB adapter (slow baud change)', dtr: 'leave', rts: 'leave', echo: 'detect', maxBaud: 19200, baudChangeDelayMs: 250,
    description: 'USB-serial adapter that still sends the option select when the computer changes the line speed.',
    source: 'OpenMUC j62056 Connection.java (baudRateChangeDelay): with a USB to serial converter "a delay of around 250ms".',
  },
];

const key = (name: string) => name.toLowerCase();

/** The built-in profile named `name` (any case), or undefined. */
export function builtInProfile(name: string): ProbeProfile | undefined {
  return BUILT_IN_PROBE_PROFILES.find((p) => key(p.name) === key(name));
}

/** `COM3` for `com3` and `\\.\COM3` (Windows port names are case-insensitive); other names unchanged. */
export function normalizePortName(port: string): string {
  const m = /^(?:\\\\\.\\)?(com\d+)$/i.exec(port.trim());
  return m ? m[1]!.toUpperCase() : port.trim();
}

/** Every profile: built-ins (edited ones as stored), then own ones, each with its origin and assigned ports. */
export function listProbeProfiles(db: Database): ProbeProfileView[] {
  const stored = new Map<string, ProbeProfile>();
  for (const row of listProbeProfileRows(db)) {
    const parsed = probeProfileSchema.safeParse(row.profile);
    if (parsed.success) stored.set(key(parsed.data.name), parsed.data); // a profile this version cannot read is left out
  }
  const ports = listProbePortRows(db);
  const portsOf = (name: string) => ports.filter((p) => key(p.profile) === key(name)).map((p) => p.port);
  const out: ProbeProfileView[] = BUILT_IN_PROBE_PROFILES.map((b) => {
    const edited = stored.get(key(b.name));
    return { ...(edited ?? b), origin: edited ? 'edited' : 'built-in', ports: portsOf(b.name) };
  });
  for (const [k, p] of stored) if (!builtInProfile(k)) out.push({ ...p, origin: 'own', ports: portsOf(p.name) });
  return out;
}

/** The profile of a listed view (without its origin and ports). */
function toProfile(v: ProbeProfileView): ProbeProfile {
  const { origin: _o, ports: _p, ...profile } = v;
  return profile;
}

/** The profile named `name` (any case) as in force here, or undefined. */
export function findProbeProfile(db: Database, name: string): ProbeProfile | undefined {
  const v = listProbeProfiles(db).find((p) => key(p.name) === key(name));
  return v ? toProfile(v) : undefined;
}

/** A port's profile with the reason it applies. */
export interface ResolvedProbeProfile {
  readonly profile: ProbeProfile;
  readonly reason: PortProfileView['reason'];
}

/**
 * The profile `port` uses (see the file comment). `usbId` is the adapter's `vendorId:productId` when known (serialport's
 * port list). An assignment or default naming a profile that no longer exists falls through to the next rule.
 */
export function probeProfileFor(db: Database, port: string, usbId?: string | null): ResolvedProbeProfile {
  const profiles = listProbeProfiles(db);
  const byName = (name: string) => profiles.find((p) => key(p.name) === key(name));
  const name = normalizePortName(port);
  const assigned = listProbePortRows(db).find((r) => r.port === name);
  const viaPort = assigned ? byName(assigned.profile) : undefined;
  if (viaPort) return { profile: toProfile(viaPort), reason: 'port' };
  const usb = usbId?.toLowerCase();
  const viaUsb = usb ? profiles.find((p) => p.usbIds.includes(usb)) : undefined;
  if (viaUsb) return { profile: toProfile(viaUsb), reason: 'usb' };
  return { profile: defaultIn(db, profiles), reason: 'default' };
}

/** The default profile among `profiles`: the one the setting names, else Standard. */
function defaultIn(db: Database, profiles: readonly ProbeProfileView[]): ProbeProfile {
  const wanted = key(readSetting(db, 'probe.defaultProfile'));
  return toProfile(profiles.find((p) => key(p.name) === wanted) ?? profiles.find((p) => key(p.name) === key(STANDARD_PROFILE))!);
}

/** The default probe profile (setting `probe.defaultProfile`, else Standard). */
export function defaultProbeProfile(db: Database): ProbeProfile {
  return defaultIn(db, listProbeProfiles(db));
}

/** Which profile each assigned port uses. */
export function portProfiles(db: Database): PortProfileView[] {
  return listProbePortRows(db).map((r) => {
    const resolved = probeProfileFor(db, r.port);
    return { port: r.port, profile: resolved.profile.name, reason: resolved.reason };
  });
}
