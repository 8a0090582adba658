/**
 * Collecting ONE meter (issue 14 items 3–4): open its link, read it (registers; load profile from the earliest
 * open gap or the last stored interval to the meter's now; events where the dialect has them), check / correct
 * its clock (./clock-sync.ts), then store — in ONE transaction — the reading with only the intervals not stored
 * before, the load-profile series and gaps, and the task's outcome. A failure anywhere stores nothing.
 * The meter that answers must be the meter asked for (its serial number), or nothing is stored: a wrong device
 * address on a bus must never file one meter's data under another.
 */
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import { readAnyMeter, readoutSerial } from '../../protocol/meters/read-any';
import type { LoadProfile, ReadingResult } from '../../protocol/reading';
import type { CollectWhat } from '../../contract/collection';
import type { FleetMeterView } from '../../contract/fleet';
import type { Database } from '../store/db';
import { saveReading } from '../store/readings';
import { taskOk, type TaskResult } from '../store/collection-runs';
import { meterSeries, openGaps, recordIntervals, storedStarts } from '../store/lp-series';
import { syncClockOnLink, type ClockPolicy, type ClockOutcome } from './clock-sync';
import { identityCheck, type CollectPassword, type WrongMeter } from './meter-identity';
import { sessionOptionsOf } from '../links/session-options';
import type { Link, LinkRegistry } from '../links/types';
import type { Identification } from '../../protocol/iec62056-21/identification';
import type { Transport } from '../../protocol/iec62056-21/transport';
import type { MeterProfileChoice } from '../../protocol/meters';
import type { ReadingNote } from '../../protocol/reading';

/** What collecting a meter needs from the app. */
export interface CollectDeps {
  readonly db: Database;
  readonly links: LinkRegistry;
  /** Zone of meter clocks that name none (nor their place): the workstation's. */
  readonly timeZone: string;
  /** `pmu-workstation <version>`. */
  readonly software: string;
  /** Who the readings name as operator: `collector (<who started the run>)`. */
  readonly operator: string;
  /** The workstation clock (tests move it); default Date.now. */
  readonly now?: () => number;
  /** Clock rules and the trusted reference as measured for this run (./clock-sync.ts); absent = no corrections. */
  readonly clock?: ClockPolicy;
  /** Measure the clock policy (once per run that checks or corrects clocks: ./time/reference.ts). */
  readonly measureClock?: () => Promise<ClockPolicy>;
  /**
   * Stored meter password for `serial` at `level` and where it came from, or undefined (generic meters without one).
   * Sent only as ./meter-identity.ts allows: after the device proved to be the meter (its serial number).
   */
  readonly password?: (serial: string, level: 1 | 2 | 3) => CollectPassword | undefined;
  /** Record a device that answered as another meter than the one asked for (audit); may throw. */
  readonly onWrongMeter?: (w: WrongMeter) => void;
  /**
   * Cross-check the identification line (it has no checksum) before storing, as a probe reading does
   * (main/services/identification-check.ts, issue 11.6): a note to store, or null; throws (GARBLED) when a second
   * sign-on gives another identification — nothing is stored then. Called after the serial number matched.
   */
  readonly confirmIdentification?: (transport: Transport, c: IdentificationToConfirm) => Promise<ReadingNote | null>;
}

/** What the identification cross-check gets: the reading's identification and dialect, and how to sign on again. */
export interface IdentificationToConfirm {
  readonly identification: Identification;
  readonly choice: MeterProfileChoice;
  readonly serial: string;
  readonly address?: string;
  /** Elster: the meter's own level-1 password (level 1: enough to sign on); generic: none (no P1 is needed). */
  readonly password?: string;
  readonly passwordLevel?: 1;
  readonly signal?: AbortSignal;
}

/** A meter to collect, with the zone its clock runs in and the start of its installation. */
export interface MeterToCollect {
  readonly meter: FleetMeterView;
  readonly timeZone: string;
}

/** Where to start the load-profile request: earliest open gap, else the last stored end, else `firstDays` back. */
export function profileStart(db: Database, m: FleetMeterView, what: CollectWhat, nowMs: number): string {
  const series = meterSeries(db, m.id);
  const gaps = openGaps(db, m.id);
  const candidates = [...gaps.map((g) => g.fromUtc), ...series.map((s) => s.lastEndUtc)];
  if (candidates.length > 0) return candidates.sort()[0]!;
  const back = nowMs - what.firstDays * 86_400_000;
  const installed = m.installation ? Date.parse(m.installation.installedUtc) : -Infinity;
  return new Date(Math.floor(Math.max(back, installed) / 900_000) * 900_000).toISOString();
}

/** The load profile without the intervals already stored for the meter (by the first channel's start times). */
function newIntervalsOnly(db: Database, serial: string, lp: LoadProfile): { profile: LoadProfile; dropped: number } {
  if (lp.intervals.length === 0 || lp.channels.length === 0) return { profile: lp, dropped: 0 };
  const first = lp.intervals[0]!.startUtc;
  const last = lp.intervals.at(-1)!.endUtc;
  const since = new Date(Date.parse(first) - 86_400_000).toISOString();
  const have = storedStarts(db, serial, lp.channels[0]!.obis, first, last, since);
  const intervals = lp.intervals.filter((i) => !have.has(i.startUtc));
  return { profile: { ...lp, intervals }, dropped: lp.intervals.length - intervals.length };
}

/** Advice for a meter that does not answer over a remote link (the protocol's words speak of the optical probe). */
const REMOTE_ADVICE: Readonly<Record<string, string>> = {
  tcp: 'Check that the meter is powered and wired to the serial server or modem, the line speed (baud) of the link, and the device address.',
  bus: 'Check the device address in the meter list and that no other meter on the line has the same one (two meters answering at once break each other off), that the meter is powered and wired to the bus, and the line speed.',
  modem: 'Check that the meter is powered and wired to the remote modem, and the line speed.',
};

/**
 * A plain error for a failure on the link `port`: the protocol's message with the link's own words (the reason a
 * TCP connection ended, advice for a remote meter instead of the optical probe's), and its stable code.
 */
export function collectError(e: unknown, port: string): { code: string; message: string } {
  const kind = port.startsWith('tcp://') ? 'tcp' : port.startsWith('bus:') ? 'bus' : port.startsWith('modem:') ? 'modem' : null;
  if (e instanceof ProtocolError) {
    // A modem's result code is the stable code of a failed call: BUSY, NO_CARRIER, NO_DIALTONE, NO_ANSWER.
    const modemResult = (e as { result?: unknown }).result;
    if (typeof modemResult === 'string' && modemResult !== 'TIMEOUT') return { code: modemResult.replace(/ /g, '_'), message: e.message };
    if (kind === 'bus' && (e.code === 'GARBLED' || e.code === 'BAD_BCC')) {
      return { code: e.code, message: `${e.message.slice(0, e.message.search(/\. [A-Z]/) + 1) || e.message} On a bus this is usually two meters answering at once: check that no other meter on the line has the same device address.` };
    }
    const advice = kind ? REMOTE_ADVICE[kind] : undefined;
    if (e.code === 'LINK_LOST' && e.detail && kind) {
      return { code: e.code, message: `${e.message.replace(/ Check that the probe cable.*$/, '').replace(/^The connection to the probe/, 'The connection')} (${e.detail})` };
    }
    if (advice && /probe/.test(e.message) && (e.code === 'NO_ANSWER' || e.code === 'STOPPED_ANSWERING' || e.code === 'GARBLED')) {
      const first = e.message.slice(0, e.message.search(/\. [A-Z]/) + 1) || e.message;
      return { code: e.code, message: `${first} ${advice}` };
    }
    return { code: e.code, message: e.message };
  }
  const err = e as { code?: unknown; message?: unknown };
  return { code: typeof err.code === 'string' ? err.code : 'FAILED', message: typeof err.message === 'string' ? err.message : String(e) };
}

/**
 * Collect `target.meter` for run `runId` (see the file comment). Returns what was stored (the task is already
 * marked ok in the same transaction). @throws ProtocolError / Error with a plain message; nothing stored then.
 */
export async function collectMeter(deps: CollectDeps, runId: number, what: CollectWhat, target: MeterToCollect, signal?: AbortSignal): Promise<TaskResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const m = target.meter;
  const askedFrom = what.loadProfile ? profileStart(deps.db, m, what, started) : null;
  const link: Link = await deps.links.open({ port: m.link, timeZone: target.timeZone, ...(m.line ? { line: m.line } : {}), ...(signal ? { signal } : {}) });
  let read;
  let clock: ClockOutcome | null = null;
  const session = sessionOptionsOf(link, { address: m.deviceAddress });
  const address = session.address;
  const level = (m.passwordLevel ?? 2) as 1 | 2 | 3;
  const stored = (l: 1 | 2 | 3) => deps.password?.(m.serial, l);
  const password = stored(level)?.password;
  let identification: string | null = null;
  const identityNotes: ReadingNote[] = [];
  const rules = { serial: m.serial, link: m.link, password: stored, identification: () => identification, ...(deps.onWrongMeter ? { onWrongMeter: deps.onWrongMeter } : {}) };
  try {
    read = await readAnyMeter(link.transport, {
      ...session,
      ...(signal ? { signal } : {}),
      timeZone: target.timeZone,
      meter: m.dialect,
      ...(password ? { password } : {}),
      passwordLevel: level,
      // The device proves its serial number before any stored password of level 2+ (or a group's / the default) goes out.
      identity: identityCheck(rules, { unknownOk: password === undefined || askedFrom === null }),
      onProgress: (p) => void (p.identification && (identification = p.identification)),
      events: what.events,
      loadProfile: askedFrom ? { fromUtc: askedFrom, toUtc: null } : null,
      loadProfileMethod: link.eightBit ? 'stream' : 'packets',
      now,
    });
    // A load profile asked of a meter that offers one (mode C / E) must come, or the task fails and is retried:
    // storing the registers alone would leave the meter half collected.
    const id = read.reading.identification;
    if (askedFrom && read.reading.loadProfile === null && (id.mode === 'C' || id.mode === 'E')) {
      const why = read.reading.notes.find((n) => n.level === 'warning')?.message ?? 'the meter gave no load profile';
      throw new ProtocolError('NO_ANSWER', `The load profile could not be read: ${why.charAt(0).toLowerCase()}${why.slice(1)} Nothing was stored; the meter is asked again.`);
    }
    const elsterRead = read.choice.profile === 'elster';
    const own1 = elsterRead ? stored(1)?.password : undefined;
    const confirmed = await deps.confirmIdentification?.(link.transport, {
      identification: read.reading.identification, choice: read.choice, serial: m.serial, ...(address ? { address } : {}),
      ...(own1 ? { password: own1, passwordLevel: 1 as const } : {}), ...(signal ? { signal } : {}),
    });
    if (confirmed) identityNotes.push(confirmed);
    if (what.clockCheck || what.clockSync !== 'off') {
      // A new sign-on: the device proves its serial again before anything beyond the level-1 password (Elster),
      // which then reads and adjusts the clock; a set sends the level-3 password after that check (./clock-sync.ts).
      const elster = read.choice.profile === 'elster';
      const clockAccess = elster ? { password: stored(1)?.password, passwordLevel: 1 as const } : { password, passwordLevel: level };
      const identity = identityCheck(rules, { elster, unknownOk: password === undefined || readoutSerial(read.reading.registers) !== null });
      clock = await syncClockOnLink(link, { address, timeZone: target.timeZone, dialect: m.dialect, ...clockAccess, signal, serial: m.serial, profile: read.choice.profile, identification: read.reading.identification.raw, check: (s) => identity.check(s) }, what.clockSync, deps.clock, now);
    }
  } finally {
    await link.close();
  }
  const reading = read.reading;
  const lp = reading.loadProfile ? newIntervalsOnly(deps.db, m.serial, reading.loadProfile) : null;
  const finished = now();
  const result: ReadingResult = {
    version: 1,
    meter: { identification: reading.identification.raw, manufacturer: reading.identification.manufacturerId, model: reading.identification.ident, serial: m.serial, address: address ?? '' },
    session: {
      port: m.link, operator: deps.operator, startedUtc: new Date(started).toISOString(), finishedUtc: new Date(finished).toISOString(), mode: reading.mode,
      baud: reading.baud, timeZone: target.timeZone, software: deps.software,
    },
    registers: what.registers ? reading.registers : [],
    loadProfile: lp?.profile ?? null,
    notes: [
      ...reading.notes,
      ...identityNotes,
      ...(lp && lp.dropped > 0 ? [{ level: 'info' as const, message: `${lp.dropped} load-profile interval${lp.dropped === 1 ? ' was' : 's were'} already stored and ${lp.dropped === 1 ? 'was' : 'were'} not stored again.` }] : []),
    ],
    raw: { readout: reading.readout, loadProfile: reading.rawLoadProfile },
  };
  const at = new Date(finished);
  return deps.db.transaction((): TaskResult => {
    const saved = saveReading(deps.db, result, { source: 'probe' });
    let backfilled = 0;
    const profile = lp?.profile;
    const answeredTo = reading.loadProfile?.intervals.at(-1)?.endUtc ?? null;
    if (profile && askedFrom) {
      for (const [i, ch] of profile.channels.entries()) {
        const own = profile.intervals.filter((iv) => iv.values[i] !== undefined);
        backfilled += recordIntervals(deps.db, m, ch.obis, profile.periodMinutes, own, askedFrom, answeredTo, at);
      }
    }
    const outcome: TaskResult = {
      readingId: saved.readingId, registers: result.registers.length, intervals: profile?.intervals.length ?? 0, backfilled,
      seconds: (finished - started) / 1000, clockDriftSeconds: clock ? clock.driftMs / 1000 : null, clockAction: clock?.action ?? null,
    };
    taskOk(deps.db, runId, m.id, outcome, at);
    return outcome;
  }).immediate();
}
