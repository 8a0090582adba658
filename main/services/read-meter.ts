import { readMeter as readOverProbe } from '../../protocol/iec62056-21/read-meter';
import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import type { Transport } from '../../protocol/iec62056-21/transport';
import type { ReadingResult } from '../../protocol/reading';
import { openEmbeddedEmulator } from '../emulator';
import { writeResFile } from '../res/file';
import { EMULATOR_PORT } from '../serial/ports';
import { openSerialTransport } from '../serial/serial-transport';
import { lastReadoutSize, saveReading, setResPath } from '../store/readings';
import type { AppContext } from './context';
import type { ReadMeterOutcome, ReadMeterRequest } from './types';

/** Default depth of the load profile read with the registers: the last two days (192 intervals of 15 min). */
export const DEFAULT_PROFILE_HOURS = 48;

/** Open the link for a port path: the built-in emulated meter (clock in `timeZone`) or a real serial port (7E1, 300 baud). */
export async function openLink(port: string, timeZone: string): Promise<{ transport: Transport; close(): Promise<void> }> {
  if (port === EMULATOR_PORT) {
    // The emulated meter's clock runs in the workstation's meter time zone, as a meter installed locally would.
    const emu = openEmbeddedEmulator({ meter: { timeZone } });
    return { transport: emu.clientTransport, close: () => emu.stop() };
  }
  const transport = await openSerialTransport(port);
  return { transport, close: () => transport.close() };
}

/**
 * Read a meter on `req.port`, store the reading (one transaction) and write its .RES file.
 * Progress goes to `onProgress` (steps, baud, bytes, percent). Nothing is stored unless the whole session
 * succeeded. Throws ProtocolError / Error with a plain-language message.
 * @param signal aborts the session (the error then has code CANCELLED).
 */
export async function readMeter(
  ctx: AppContext,
  req: ReadMeterRequest,
  onProgress: (p: ReadProgress) => void,
  signal?: AbortSignal,
): Promise<ReadMeterOutcome> {
  const started = new Date();
  onProgress({ step: 'open-port', message: `Opening ${req.port === EMULATOR_PORT ? 'the emulated meter' : `port ${req.port}`}…`, baud: 300, bytes: 0, expectedBytes: null, percent: 0 });
  const link = await openLink(req.port, ctx.timeZone);
  let reading;
  try {
    const toUtc = started.toISOString();
    const fromUtc = new Date(started.getTime() - DEFAULT_PROFILE_HOURS * 3600_000).toISOString();
    reading = await readOverProbe(link.transport, {
      address: req.address,
      maxBaud: req.maxBaud,
      signal,
      timeZone: ctx.timeZone,
      loadProfile: req.loadProfile === false ? null : { fromUtc, toUtc },
      expectedReadoutBytes: lastReadoutSize(ctx.db, req.port),
      onProgress,
    });
  } finally {
    await link.close();
  }
  const id = reading.identification;
  const serial =
    reading.registers.find((r) => r.code === 'C.1.0' && r.billingPeriod === null)?.text ||
    reading.registers.find((r) => r.code === '0.0.0' && r.billingPeriod === null)?.text ||
    null;
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
    notes: reading.notes,
    raw: { readout: reading.readout, loadProfile: reading.rawLoadProfile },
  };
  onProgress({ step: 'store', message: 'Saving the reading…', baud: reading.baud, bytes: 0, expectedBytes: null, percent: 97 });
  const saved = saveReading(ctx.db, result, { source: 'probe' });
  let resPath: string | null = null;
  if (req.resOut !== false && !saved.duplicate) {
    try {
      resPath = await writeResFile(result, req.resOut ?? ctx.resDir);
      setResPath(ctx.db, saved.readingId, resPath);
    } catch (e) {
      throw new Error(
        `The reading was stored (number ${saved.readingId}), but its .RES file could not be written: ${(e as Error).message}`,
      );
    }
  }
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
