import { readUintLE, uintLE } from './bcd';
import { asciiText, encodeAscii, needExact } from './decoders';
import { ElsterDataError } from './errors';
import { type MeterTime, type MeterZone, meterTimeBytes, readMeterTime } from './meter-time';

/**
 * The meter's own logs (docs/elster-sources.md "A1140 events and logs", "A1700"): every record is a 2-byte LE count
 * and the last three times (4-byte LE local seconds, newest first, 0 = none), some with extra bytes:
 * - 680 programming log: A1140 53 bytes — count, 3 times, 3 source bytes at 14…16 (0 optical port, 1 remote), 3 × 12-byte
 *   user names at 17 (public:abba1140/eventlogs/SecurityEventLog.java:14-30); A1700 14 bytes — count and 3 times
 *   (public:abba1700/counters/AbstractCounter.java:41-47);
 * - 544 historical events: A1140 groups at fixed offsets (public:abba1140/HistoricalEventRegister.java:49-176); A1700
 *   66-byte set (public:abba1700/HistoricalEventSet.java:59-108);
 * - event logs 691…701 (A1140: 14 bytes, 17 with one info byte per time; public:abba1140/eventlogs/AbstractEventLog.java:55-58)
 *   and the A1700 counters 693…695.
 */

/** One occurrence: when, and its extra details in words (user, port, phases…). */
export interface LogEntry {
  readonly at: MeterTime;
  readonly details: string;
}

/** A named log: how often, and the (up to three) last occurrences, newest first. */
export interface MeterLogGroup {
  /** Stable key, e.g. `programming`, `power-failures`. */
  readonly key: string;
  /** Name for people: `Programmings`. */
  readonly name: string;
  readonly count: number;
  readonly entries: readonly LogEntry[];
}

const SOURCE = (b: number) => (b === 0 ? 'optical port' : 'remote communications');
const PHASES = (b: number) => ['A', 'B', 'C'].filter((_, i) => b & (1 << i)).join(', ') || 'no phase given';
/** End-of-billing causes (public:abba1140/eventlogs/EndOfBillingEventLog.java:53-60). */
const BILLING_CAUSES: readonly [number, string][] = [
  [0x01, 'change of billing date'], [0x02, 'season change'], [0x04, 'tariff changeover'], [0x08, 'serial port'],
  [0x10, 'optical port'], [0x20, 'billing button'], [0x40, 'CT ratio change'], [0x80, 'power up'],
];
const CAUSES = (b: number) => BILLING_CAUSES.filter(([bit]) => b & bit).map(([, w]) => w).join(', ') || `cause 0x${b.toString(16)}`;

interface GroupSpec {
  readonly key: string;
  readonly name: string;
  readonly offset: number;
  /** Times start here (default offset + 2). */
  readonly times?: number;
  readonly extra?: (bytes: Uint8Array, i: number) => string;
}

function group(bytes: Uint8Array, g: GroupSpec, zone: MeterZone): MeterLogGroup {
  const t = g.times ?? g.offset + 2;
  const entries: LogEntry[] = [];
  for (let i = 0; i < 3; i++) {
    const at = readMeterTime(bytes, t + 4 * i, zone);
    if (at) entries.push({ at, details: g.extra ? g.extra(bytes, i) : '' });
  }
  return { key: g.key, name: g.name, count: readUintLE(bytes, g.offset, 2), entries };
}

/** The A1140 544 groups (public:abba1140/HistoricalEventRegister.java, lines per docs/elster-sources.md). */
export const A1140_EVENT_GROUPS: readonly GroupSpec[] = [
  { key: 'reverse-running', name: 'Reverse running', offset: 0 },
  { key: 'phase-failures', name: 'Phase failures', offset: 14, extra: (b, i) => `phases ${PHASES(b[28 + i]!)}` },
  { key: 'power-failures', name: 'Power failures', offset: 31 },
  { key: 'programming', name: 'Programmings', offset: 45, extra: (b, i) => `user "${asciiText(b.subarray(62 + 12 * i, 74 + 12 * i))}", ${SOURCE(b[59 + i]!)}` },
  { key: 'ct-ratio-changes', name: 'CT ratio changes', offset: 98, times: 102 },
  { key: 'billing-resets', name: 'Billing resets', offset: 151, extra: (b, i) => SOURCE(b[165 + i]!) },
  { key: 'transient-resets', name: 'Transient resets', offset: 168 },
  { key: 'meter-errors', name: 'Meter errors', offset: 182 },
  { key: 'terminal-cover', name: 'Terminal cover openings', offset: 196 },
  { key: 'main-cover', name: 'Main cover openings', offset: 210 },
  { key: 'internal-battery', name: 'Internal battery events', offset: 224 },
  { key: 'external-battery', name: 'External battery events', offset: 238 },
];

/** The A1700 544 set (public:abba1700/HistoricalEventSet.java:59-108). */
export const A1700_EVENT_GROUPS: readonly GroupSpec[] = [
  { key: 'phase-failures', name: 'Phase failures', offset: 0, extra: (b, i) => `phases ${PHASES(b[14 + i]!)}` },
  { key: 'power-failures', name: 'Power failures', offset: 17 },
  { key: 'reverse-running', name: 'Reverse running', offset: 31 },
  { key: 'phase-overcurrent', name: 'Phase over-current', offset: 45, extra: (b, i) => `phase ${b[59 + i]! + 1}` },
];

/** Bytes of the A1140 544 item that the groups need (the item is 280; public:abba1140/ABBA1140DataIdentityFactory.java:124). */
const A1140_544_MIN = 252;

/**
 * ID 544 → its named groups. A1700: the first 66-byte set, and the remaining battery support time (4 bytes at 62).
 * @throws ElsterDataError when the item is shorter than its groups.
 */
export function decodeHistoricalEvents(bytes: Uint8Array, layout: 'a1140-groups' | 'a1700-sets', zone: MeterZone): MeterLogGroup[] {
  const min = layout === 'a1140-groups' ? A1140_544_MIN : 66;
  if (bytes.length < min) throw new ElsterDataError('historical events (544)', `${bytes.length} bytes received, at least ${min} expected`);
  const specs = layout === 'a1140-groups' ? A1140_EVENT_GROUPS : A1700_EVENT_GROUPS;
  return specs.map((g) => group(bytes, g, zone));
}

/** Names of the event logs 691…701 (public:abba1140/ABBA1140DataIdentityFactory.java:157-165; A1700 counters 693…695). */
export const EVENT_LOG_NAMES: Readonly<Record<string, string>> = {
  '691': 'Terminal cover openings', '692': 'Main cover openings', '693': 'Phase failures', '694': 'Reverse running',
  '695': 'Power failures', '696': 'Transient resets', '697': 'Internal battery events', '699': 'End of billing periods', '701': 'Meter errors',
};

/**
 * An event log 691…701 (14 bytes; 693 and 699 17 bytes with one info byte per time) → its group.
 * @throws ElsterDataError for a log shorter than 14 bytes.
 */
export function decodeEventLog(id: string, bytes: Uint8Array, zone: MeterZone): MeterLogGroup {
  if (bytes.length < 14) throw new ElsterDataError(`event log (${id})`, `${bytes.length} bytes received, at least 14 expected`);
  const info = bytes.length >= 17;
  const extra = !info ? undefined : id === '693' ? (b: Uint8Array, i: number) => `phases ${PHASES(b[14 + i]!)}` : id === '699' ? (b: Uint8Array, i: number) => CAUSES(b[14 + i]!) : undefined;
  return group(bytes, { key: `log-${id}`, name: EVENT_LOG_NAMES[id] ?? `Event log ${id}`, offset: 0, extra }, zone);
}

/** The meter's programming log (680). */
export interface ProgrammingLog {
  readonly count: number;
  /** Last programmings, newest first; `user` and `port` only on the A1140 (null otherwise). */
  readonly entries: readonly { readonly at: MeterTime; readonly user: string | null; readonly port: string | null }[];
}

/**
 * ID 680 → the programming log (A1140 53 bytes, A1700 14 bytes; see the module comment).
 * @throws ElsterDataError for another length.
 */
export function decodeProgrammingLog(bytes: Uint8Array, layout: 'a1140-53' | 'a1700-14', zone: MeterZone): ProgrammingLog {
  needExact(bytes, 'programming log (680)', layout === 'a1140-53' ? 53 : 14);
  const entries: ProgrammingLog['entries'][number][] = [];
  for (let i = 0; i < 3; i++) {
    const at = readMeterTime(bytes, 2 + 4 * i, zone);
    if (!at) continue;
    entries.push(layout === 'a1140-53' ? { at, user: asciiText(bytes.subarray(17 + 12 * i, 29 + 12 * i)), port: SOURCE(bytes[14 + i]!) } : { at, user: null, port: null });
  }
  return { count: readUintLE(bytes, 0, 2), entries };
}

/** A log record as the emulator keeps it: count and up to 3 occurrences (local seconds, newest first) with extras. */
export interface LogRecordInput {
  readonly count: number;
  readonly times: readonly number[];
  /** One extra byte per time (sources, phases, causes). */
  readonly info?: readonly number[];
  /** A1140 680: user names (12 bytes each). */
  readonly users?: readonly string[];
}

/** A count + 3 times (+ `extraBytes` info bytes) → bytes. @throws RangeError for a count or time that does not fit. */
export function encodeLogRecord(r: LogRecordInput, extraBytes = 0): Uint8Array {
  const out = new Uint8Array(14 + extraBytes);
  out.set(uintLE(r.count & 0xffff, 2));
  for (let i = 0; i < 3; i++) out.set(meterTimeBytes(r.times[i] ?? null), 2 + 4 * i);
  for (let i = 0; i < extraBytes; i++) out[14 + i] = r.info?.[i] ?? 0;
  return out;
}

/** The programming log → 680 bytes of `layout`. @throws RangeError for a user name over 12 characters. */
export function encodeProgrammingLog(r: LogRecordInput, layout: 'a1140-53' | 'a1700-14'): Uint8Array {
  if (layout === 'a1700-14') return encodeLogRecord(r);
  const out = new Uint8Array(53);
  out.set(encodeLogRecord(r, 3));
  for (let i = 0; i < 3; i++) out.set(encodeAscii((r.users?.[i] ?? '').slice(0, 12), 12, 'a user name'), 17 + 12 * i);
  return out;
}
