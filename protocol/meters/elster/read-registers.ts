import type { ReadingNote, Register } from '../../reading';
import { decodeAsciiItem, decodeEnergyRegisters, decodeRatio } from './decoders';
import { decodeCumulativeMaxDemand, decodeMaxDemandRegisters } from './demand';
import { ElsterMeterError } from './errors';
import { type MeterLogGroup, type ProgrammingLog, EVENT_LOG_NAMES, decodeEventLog, decodeHistoricalEvents, decodeProgrammingLog } from './events';
import type { MeterZone } from './meter-time';
import type { ElsterModel } from './model';
import {
  cumulativeDemandRegisters, cumulativeRegisters, eventGroupRegisters, eventLogRegisters, maxDemandRegisters, programmingLogRegisters,
  ratioRegisters, touRegisters,
} from './registers';
import type { ElsterSession } from './session';

/**
 * The register part of an Elster reading: every item the meter definition lists for the model, read by R1 with its
 * size from the definition (model.ts), decoded (decoders.ts, demand.ts, events.ts) and mapped to registers
 * (registers.ts). An item a meter does not offer (ERR2/ERR3) becomes a note, never a failure.
 */

/** What the register part learnt besides the registers (for the reading's details and the programming service). */
export interface ElsterRegisterDetails {
  readonly schemeId: string | null;
  readonly firmware: string | null;
  readonly programmingLog: ProgrammingLog | null;
  readonly events: readonly MeterLogGroup[];
  /** Load-profile DST setting (A1140 778 bit 0): false = standard time all year; null when not read. */
  readonly lpFollowsDst: boolean | null;
}

/** Read an optional item: ERR2/ERR3 (the model has no such item) → a note and null. */
export async function optionalItem<T>(notes: ReadingNote[], what: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof ElsterMeterError && (e.elsterCode === 'ERR2' || e.elsterCode === 'ERR3')) {
      notes.push({ level: 'info', message: `The meter does not offer the ${what} (${e.elsterCode}); it was left out.` });
      return null;
    }
    throw e;
  }
}

/** Event logs read on each model: A1140 691…701 as the definition lists them; A1700 the counters 693…695. */
export function eventLogIds(model: ElsterModel): string[] {
  return Object.keys(EVENT_LOG_NAMES).filter((id) => model.has(id) && (model.family !== 'A1700' || ['693', '694', '695'].includes(id)));
}

/**
 * Read the registers after the serial number and clock (see the module comment).
 * @param withEvents read 544 and the event logs.
 * @throws ProtocolError from the session (link, password, garbled data).
 */
export async function readElsterRegisters(es: ElsterSession, model: ElsterModel, zone: MeterZone, notes: ReadingNote[], withEvents: boolean): Promise<{ registers: Register[]; details: ElsterRegisterDetails }> {
  const item = (id: string, what: string) => es.readItem(id, model.bytes(id), `${what} (${id})`);
  const opt = <T>(id: string, what: string, decode: (b: Uint8Array) => T) => (model.has(id) ? optionalItem(notes, `${what} (${id})`, async () => decode(await item(id, what))) : Promise.resolve(null));
  const schemeId = await opt('795', 'scheme ID', (b) => decodeAsciiItem(b, model.bytes('795'), 'scheme ID (795)').text);
  const firmware = await opt('998', 'firmware version', (b) => decodeAsciiItem(b, model.bytes('998'), 'firmware version (998)').text);
  const energy = decodeEnergyRegisters(await item('507', 'cumulative registers'), model.cumulativeRegisters.length, 'cumulative registers (507)');
  const sources = await opt('667', 'TOU register sources', (b) => [...b]);
  const tou = await opt('508', 'time-of-use registers', (b) => decodeEnergyRegisters(b, model.touRegisters, 'time-of-use registers (508)'));
  const md = await opt('510', 'maximum demand registers', (b) => decodeMaxDemandRegisters(b, zone, model.maxDemandRegisters));
  const cmd = await opt('509', 'cumulative maximum demand', (b) => decodeCumulativeMaxDemand(b, model.cumulativeMaxDemandRegisters));
  const ct = await opt('616', 'CT ratio', (b) => decodeRatio(b, model.ctRatioLayout, 'CT ratio (616)'));
  const vt = model.vtRatioId === '614' ? await opt('614', 'VT ratio', (b) => decodeRatio(b, 'bcd-le-4-3', 'VT ratio (614)')) : null;
  const log = await opt('680', 'programming log', (b) => decodeProgrammingLog(b, model.programmingLog, zone));
  const lpDst = model.has('778') ? await opt('778', 'load-profile DST setting', (b) => (b[0]! & 1) === 1) : null;
  let events: MeterLogGroup[] = [];
  const logs: { id: string; log: MeterLogGroup }[] = [];
  if (withEvents) {
    events = (await opt('544', 'historical events', (b) => decodeHistoricalEvents(b, model.historicalEvents, zone))) ?? [];
    for (const id of eventLogIds(model)) {
      const log = await opt(id, `event log`, (b) => decodeEventLog(id, b, zone));
      if (log) logs.push({ id, log });
    }
  }
  const registers: Register[] = [
    ...cumulativeRegisters(energy, model.cumulativeRegisters),
    ...(tou ? touRegisters(tou, sources) : []),
    ...(md ? maxDemandRegisters(md) : []),
    ...(cmd ? cumulativeDemandRegisters(cmd) : []),
    ...ratioRegisters(ct, vt),
    ...(log ? programmingLogRegisters(log) : []),
    ...eventGroupRegisters(events),
    ...eventLogRegisters(logs),
  ];
  return { registers, details: { schemeId, firmware, programmingLog: log, events: [...events, ...logs.map((l) => l.log)], lpFollowsDst: lpDst } };
}
