/**
 * Reading a push meter by listening (issue 17 item 1): open the listen link (main/links/listen/), set the
 * meter's speed (2400, 4800 or 9600 baud) and line format (7E1, or 8N1), wait for the next complete telegram(s)
 * (protocol/iec62056-21/listen.ts), store the reading with source `push` (one transaction, with its audit record),
 * and write its .RES file. Several telegrams: the registers of the last one, and the power values of all of them
 * averaged per minute into a short load profile (protocol/iec62056-21/push-profile.ts).
 * Nothing is ever sent to the meter.
 */
import { listenForTelegrams, type HeardTelegram } from '../../protocol/iec62056-21/listen';
import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import { pushLoadProfile } from '../../protocol/iec62056-21/push-profile';
import type { ReadingNote, ReadingResult } from '../../protocol/reading';
import { appendAudit } from '../audit/append';
import type { AppContext } from '../core/context';
import type { Transport } from '../../protocol/iec62056-21/transport';
import { saveReading } from '../store/readings';
import { openMeterLink } from './meter-link';
import { writeStoredRes } from './reading-res';
import type { ListenSettings, ReadMeterOutcome, ReadMeterRequest } from './types';

/** Defaults: the A1100's 2400 baud is the standard mode D speed; one telegram; 30 s (a push meter repeats within seconds). */
export const LISTEN_DEFAULTS = { baud: 2400, line: '7E1', telegrams: 1, timeoutSeconds: 30 } as const;

/** True when the registry opens `port` with the listen provider (a built-in push meter, or `listen:<port>`). */
export function isListenPort(ctx: AppContext, port: string): boolean {
  try {
    return ctx.links.resolve(port).kind === 'listen';
  } catch {
    return false;
  }
}

/** The port name the registry opens for listening: listen ports as they are, serial ports as `listen:<port>`. */
export function listenPortOf(ctx: AppContext, port: string): string {
  return isListenPort(ctx, port) ? port : `listen:${port}`;
}

/** A 7E1 telegram heard on an 8N1 line carries the parity in bit 7: the 7 data bits are the text. */
function sevenBit(t: Transport): Transport {
  return { ...t, onData: (listener) => t.onData((chunk) => listener(chunk.map((b) => b & 0x7f))) };
}

/** The reading of what was heard (the caller stores it). */
function readingOf(ctx: AppContext, port: string, heard: readonly HeardTelegram[], s: Required<ListenSettings>, startedMs: number): ReadingResult {
  const last = heard[heard.length - 1]!;
  const t = last.telegram;
  const id = t.identification;
  const current = (code: string) => t.registers.find((r) => r.code === code && r.billingPeriod === null && r.text !== '')?.text;
  const serial = current('C.1.0') ?? current('0.0.0') ?? null;
  const loadProfile = pushLoadProfile(heard, ctx.timeZone);
  const notes: ReadingNote[] = [
    { level: 'info', message: `Heard from a push meter (IEC 62056-21 mode D) at ${s.baud} baud ${s.line}: ${heard.length} telegram${heard.length === 1 ? '' : 's'}; registers of the last one, reading time = when it was heard.` },
    ...t.missing.map((m): ReadingNote => ({ level: m === 'identification absent' ? 'warning' : 'info', message: m.startsWith('no checksum') ? 'No checksum in the telegram: this push meter sends no STX … ETX BCC framing.' : `The telegram has ${m}.` })),
  ];
  if (loadProfile) notes.push({ level: 'info', message: `Power values of the ${heard.length} telegrams averaged per minute into a short load profile (${loadProfile.channels.length} channel${loadProfile.channels.length === 1 ? '' : 's'}).` });
  const raw = new Uint8Array(heard.reduce((n, h) => n + h.bytes.length, 0));
  let o = 0;
  for (const h of heard) {
    raw.set(h.bytes, o);
    o += h.bytes.length;
  }
  return {
    version: 1,
    meter: { identification: id?.raw ?? '', manufacturer: id?.manufacturerId ?? '', model: id?.ident ?? '', serial, address: '' },
    session: {
      port,
      operator: ctx.operator,
      startedUtc: new Date(startedMs).toISOString(),
      finishedUtc: new Date(last.receivedAtMs).toISOString(),
      mode: 'D',
      baud: s.baud,
      timeZone: ctx.timeZone,
      software: ctx.software,
    },
    registers: t.registers,
    loadProfile,
    notes,
    raw: { readout: raw, loadProfile: null },
  };
}

/**
 * Listen on `req.port` (a serial port, `listen:<port>`, or a built-in push meter) with `req.listen` settings,
 * store and write the reading. Same outcome, progress and errors as readMeter (ProtocolError with the plain
 * words of listen.ts: nothing heard, noise at the wrong speed, a partial telegram).
 */
export async function listenMeter(ctx: AppContext, req: ReadMeterRequest, onProgress: (p: ReadProgress) => void, signal?: AbortSignal): Promise<ReadMeterOutcome> {
  const s: Required<ListenSettings> = { ...LISTEN_DEFAULTS, ...req.listen };
  const startedMs = Date.now();
  const port = listenPortOf(ctx, req.port);
  const say = (message: string, percent: number | null, bytes = 0) =>
    onProgress({ step: 'data-readout', message, baud: s.baud, bytes, expectedBytes: null, percent });
  const link = await openMeterLink(ctx, { port, line: s.line, ...(signal ? { signal } : {}) }, (m) => say(m, 0));
  let heard: HeardTelegram[];
  try {
    await link.transport.setBaudRate(s.baud);
    say(`Listening at ${s.baud} baud ${s.line} for ${s.telegrams} telegram${s.telegrams === 1 ? '' : 's'} (up to ${s.timeoutSeconds} s each)…`, 2);
    heard = await listenForTelegrams(s.line === '8N1' ? sevenBit(link.transport) : link.transport, {
      telegrams: s.telegrams,
      timeoutMs: s.timeoutSeconds * 1000,
      baud: s.baud,
      line: s.line,
      ...(signal ? { signal } : {}),
      onBytes: (n) => say('Receiving…', null, n),
      onTelegram: (h, n) =>
        say(`Telegram ${n} of ${s.telegrams} heard: ${h.telegram.registers.length} data sets${h.telegram.identification ? ` from ${h.telegram.identification.raw}` : ''}.`, Math.round((90 * n) / s.telegrams)),
    });
  } finally {
    await link.close();
  }
  const result = readingOf(ctx, req.port, heard, s, startedMs);
  req.checkSerial?.(result.meter.serial);
  onProgress({ step: 'store', message: 'Saving the reading…', baud: s.baud, bytes: 0, expectedBytes: null, percent: 97 });
  const saved = ctx.db.transaction(() => {
    const r = saveReading(ctx.db, result, { source: 'push' });
    appendAudit(ctx, {
      action: 'reading.stored',
      meterSerial: result.meter.serial ?? req.meterSerial ?? null,
      object: `reading:${r.readingId}`,
      summary: { after: { readingId: r.readingId, duplicate: r.duplicate, identification: result.meter.identification, port: req.port, source: 'push', telegrams: heard.length, registers: result.registers.length } },
      traceRef: `reading:${r.readingId}`,
    });
    return r;
  }).immediate();
  const resPath = await writeStoredRes(ctx, result, saved, req.resOut);
  onProgress({ step: 'done', message: `Reading ${saved.readingId} stored.`, baud: s.baud, bytes: 0, expectedBytes: null, percent: 100 });
  return {
    readingId: saved.readingId,
    duplicate: saved.duplicate,
    resPath,
    registerCount: result.registers.length,
    intervalCount: result.loadProfile?.intervals.length ?? 0,
    serial: result.meter.serial,
    identification: result.meter.identification,
    elapsedSeconds: (Date.now() - startedMs) / 1000,
    notes: result.notes.map((n) => n.message),
  };
}
