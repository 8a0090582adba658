import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import { readAnyMeter } from '../../protocol/meters/read-any';
import type { ReadingNote, ReadingResult, Register } from '../../protocol/reading';
import { appendAudit } from '../audit/append';
import { lastReadoutSize, saveReading } from '../store/readings';
import type { AppContext } from '../core/context';
import { sessionOptionsOf } from '../links/session-options';
import { runMeterJob } from './meter-access';
import { isListenPort, listenMeter } from './listen-meter';
import { defaultLine, openMeterLink, withProbeHint } from './meter-link';
import { crossCheckIdentification } from './identification-check';
import { writeStoredRes } from './reading-res';
import { dataDirOf, loadMeterDefinitions } from './meter-definitions';
import type { ReadMeterOutcome, ReadMeterRequest } from './types';

/** The meter's serial number from the readout's data sets (C.1.0, else 0.0.0; current values), or null. */
function serialOf(registers: readonly Register[]): string | null {
  return registers.find((r) => r.code === 'C.1.0' && r.billingPeriod === null)?.text || registers.find((r) => r.code === '0.0.0' && r.billingPeriod === null)?.text || null;
}

/** `obj` without its undefined members. */
function defined<T extends Record<string, unknown>>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Default depth of the load profile read with the registers: the last two days (192 intervals of 15 min). */
export const DEFAULT_PROFILE_HOURS = 48;

/**
 * The load-profile range of a request: `profileAll` → everything (both bounds null); else from/to as given, with
 * the defaults "48 h before the end" and "now".
 * @throws Error (plain message) when a bound is not an ISO instant or the range is empty.
 */
export function profileRange(req: ReadMeterRequest, now: Date): { fromUtc: string | null; toUtc: string | null } {
  if (req.profileAll) return { fromUtc: null, toUtc: null };
  const parse = (v: string, what: string) => {
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw new Error(`The load-profile ${what} "${v}" is not a date and time (use ISO 8601, e.g. 2025-03-01T00:00:00Z).`);
    return t;
  };
  const to = req.profileToUtc ? parse(req.profileToUtc, 'end') : now.getTime();
  const from = req.profileFromUtc ? parse(req.profileFromUtc, 'start') : to - DEFAULT_PROFILE_HOURS * 3600_000;
  if (from >= to) throw new Error('The start of the load-profile range must be before its end.');
  return { fromUtc: new Date(from).toISOString(), toUtc: new Date(to).toISOString() };
}

/**
 * Read a meter on `req.port`, store the reading (one transaction) and write its .RES file. The dialect is
 * decided from the identification of the same session (`req.meter` = auto) or forced (generic, a1140, a1700):
 * protocol/meters/read-any.ts. An Elster reading (registers incl. clock 0.9.1/0.9.2, programming counter C.2.0,
 * its own programming log 128.2.k, events 128.99.n / 128.98.n: protocol/meters/elster/registers.ts; load profile; notes)
 * is stored like a generic one. User meter definition files of the data directory (main/services/meter-definitions.ts)
 * correct the built-in sizes and layouts; one that is not valid is reported in a note.
 * Progress goes to `onProgress` (steps, baud, bytes, percent). Nothing is stored unless the whole session
 * succeeded; the stored reading is recorded in the audit trail (`reading.stored`, by `ctx.actor`, trace
 * `reading:<id>` = its raw readout) in the same transaction.
 * The access rules apply here, to what the user gave (./meter-access.ts): `req.password` typed, else the stored one for
 * `req.meterSerial` (its groups, the default); the level capped by the role; a user limited to some meter groups must
 * name one of their meters, and the meter's own serial is checked before storing. The job's passwords never appear in
 * its progress or error messages.
 * Throws ProtocolError / Error with a plain-language message; AuthError FORBIDDEN.
 * @param signal aborts the session (the error then has code CANCELLED).
 */
export async function readMeter(
  ctx: AppContext,
  request: ReadMeterRequest,
  onProgress: (p: ReadProgress) => void,
  signal?: AbortSignal,
): Promise<ReadMeterOutcome> {
  return runMeterJob(ctx, 'meter.read', 'read', request, onProgress, (req, progress) => readWithAccess(ctx, req, progress, signal));
}

async function readWithAccess(ctx: AppContext, req: ReadMeterRequest, onProgress: (p: ReadProgress) => void, signal?: AbortSignal): Promise<ReadMeterOutcome> {
  // Push meters are listened to, never signed on to (issue 17).
  if (req.listen !== undefined || isListenPort(ctx, req.port)) return listenMeter(ctx, req, onProgress, signal);
  const started = new Date();
  const range = req.loadProfile === false ? null : profileRange(req, started);
  const line = req.line ?? defaultLine(req.meter);
  // A definition file that is not valid does not stop a reading (the built-in definitions apply): it becomes a note.
  const definitions = loadMeterDefinitions(dataDirOf(ctx));
  const link = await openMeterLink(ctx, { port: req.port, line, ...(signal ? { signal } : {}) }, (message) =>
    onProgress({ step: 'open-port', message, baud: 300, bytes: 0, expectedBytes: null, percent: 0 }),
  );
  let read;
  // What the session reached, for the record of a failed reading.
  let last: Pick<ReadProgress, 'step' | 'identification'> = { step: 'open-port' };
  const progress = (p: ReadProgress) => {
    last = { step: p.step, identification: p.identification ?? last.identification };
    onProgress(p);
  };
  let idNote: ReadingNote | null = null;
  try {
    read = await readAnyMeter(link.transport, {
      // A bus link names the meter's device address; a TCP / modem line keeps its speed (main/links/session-options.ts).
      ...sessionOptionsOf(link, req),
      signal,
      timeZone: ctx.timeZone,
      loadProfile: range,
      meter: req.meter,
      password: req.password,
      passwordLevel: req.passwordLevel,
      events: req.events,
      // The RD stream is binary: on a 7E1 line the Elster load profile is read by R1 packets (hex text).
      loadProfileMethod: link.eightBit ? 'stream' : 'packets',
      expectedReadoutBytes: lastReadoutSize(ctx.db, req.port),
      definitions: definitions.files,
      onProgress: progress,
    });
    // The identification has no checksum: confirm it (a second sign-on where needed) before it is stored.
    if (req.confirmIdentification !== false) {
      onProgress({ step: 'store', message: 'Checking the identification…', baud: read.reading.baud, bytes: 0, expectedBytes: null, percent: 96 });
      idNote = await crossCheckIdentification(ctx, link.transport, {
        identification: read.reading.identification, choice: read.choice, serial: serialOf(read.reading.registers),
        ...defined({ address: req.address, password: req.password, passwordLevel: req.passwordLevel, signal }),
      });
    }
  } catch (e) {
    const err = withProbeHint(e, link, req.port);
    recordFailedReading(ctx, req, last, err);
    throw err;
  } finally {
    await link.close();
  }
  const reading = read.reading;
  const notes: ReadingNote[] = [...reading.notes];
  if (read.choice.profile === 'elster') notes.unshift({ level: 'info', message: `Read with the Elster dialect: ${read.choice.reason}.` });
  for (const p of definitions.problems) notes.push({ level: 'warning', message: `${p.message} The built-in meter definitions were used.` });
  if (idNote) notes.push(idNote);
  const id = reading.identification;
  const serial = serialOf(reading.registers);
  const result: ReadingResult = {
    version: 1,
    meter: { identification: id.raw, manufacturer: id.manufacturerId, model: id.ident, serial, address: req.address ?? '' },
    session: {
      port: req.port,
      operator: ctx.operator,
      startedUtc: started.toISOString(),
      finishedUtc: new Date().toISOString(),
      mode: reading.mode,
      baud: reading.baud,
      timeZone: ctx.timeZone,
      software: ctx.software,
    },
    registers: reading.registers,
    loadProfile: reading.loadProfile,
    notes,
    raw: { readout: reading.readout, loadProfile: reading.rawLoadProfile },
  };
  // A user limited to some meters may not store another meter's reading (./meter-access.ts).
  req.checkSerial?.(serial);
  onProgress({ step: 'store', message: 'Saving the reading…', baud: reading.baud, bytes: 0, expectedBytes: null, percent: 97 });
  // The reading and its audit record (trace = the stored raw readout of the reading) commit together.
  const saved = ctx.db.transaction(() => {
    const s = saveReading(ctx.db, result, { source: 'probe' });
    appendAudit(ctx, {
      action: 'reading.stored',
      meterSerial: serial ?? req.meterSerial ?? null,
      object: `reading:${s.readingId}`,
      summary: {
        after: {
          readingId: s.readingId, duplicate: s.duplicate, identification: id.raw, port: req.port,
          registers: result.registers.length, intervals: result.loadProfile?.intervals.length ?? 0,
        },
      },
      traceRef: `reading:${s.readingId}`,
    });
    return s;
  }).immediate(); // take the write lock up front: the CLI and the UI may write the same store at once
  const resPath = await writeStoredRes(ctx, result, saved, req.resOut);
  const outcome: ReadMeterOutcome = {
    readingId: saved.readingId,
    duplicate: saved.duplicate,
    resPath,
    registerCount: result.registers.length,
    intervalCount: result.loadProfile?.intervals.length ?? 0,
    serial,
    identification: id.raw,
    elapsedSeconds: (Date.now() - started.getTime()) / 1000,
    notes: result.notes.map((n) => n.message),
  };
  onProgress({ step: 'done', message: `Reading ${saved.readingId} stored.`, baud: reading.baud, bytes: 0, expectedBytes: null, percent: 100 });
  return outcome;
}

/**
 * Record a failed reading (`reading.failed`): the port, the step it stopped at, the identification when one was
 * seen and the plain error with any password masked; filed under the meter the user named (`req.meterSerial`), as
 * the serial is not known before the session gets that far. A cancelled reading is not recorded. Never throws: a
 * store that cannot take the record must not hide the reading's own error.
 */
function recordFailedReading(ctx: AppContext, req: ReadMeterRequest, last: Pick<ReadProgress, 'step' | 'identification'>, err: unknown): void {
  if ((err as { code?: unknown } | null)?.code === 'CANCELLED') return;
  let message = err instanceof Error && err.message ? err.message : `The reading stopped: ${String(err)}`;
  for (const secret of [req.password].filter((p): p is string => typeof p === 'string' && p !== '')) message = message.split(secret).join('********');
  try {
    appendAudit(ctx, {
      action: 'reading.failed',
      meterSerial: req.meterSerial ?? null,
      object: `port:${req.port}`.slice(0, 300),
      summary: { after: { port: req.port, step: last.step, ...(last.identification ? { identification: last.identification } : {}), error: message } },
    });
  } catch {
    /* the reading's own error is what the user must see */
  }
}
