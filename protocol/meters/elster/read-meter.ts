import { concatBytes } from '../../iec62056-21/control';
import type { ReadProgress, ReadStep } from '../../iec62056-21/progress';
import type { MeterReading } from '../../iec62056-21/read-meter';
import type { Transport } from '../../iec62056-21/transport';
import type { ReadingNote, Register } from '../../reading';
import { readElsterClock } from './clock';
import { describeDrift } from './clock-plan';
import {
  type EventRecord, type ProgrammingCounter, decodeEnergyRegisters, decodeEvents, decodeMaxDemandRegisters, decodeProgrammingCounter,
  decodeSchemeId, decodeSerialNumber,
} from './decoders';
import { ElsterMeterError } from './errors';
import type { ElsterIdentification } from './identification';
import { type ElsterLoadProfileRead, type LoadProfileSelection, readElsterLoadProfile } from './load-profile-transfer';
import { toReadingLoadProfile } from './load-profile-reading';
import { ELSTER_DATA_IDS, ELSTER_LAYOUT, ELSTER_MODELS, type ElsterFamily } from './profile';
import { cumulativeRegisters, eventRegisters, identityRegisters, maxDemandRegisters, touRegisters } from './registers';
import { ElsterSession, type ElsterSessionOptions } from './session';

/**
 * One whole reading of an Elster A1140 / A1120 / A1700 over its dialect (the Elster counterpart of
 * protocol/iec62056-21/read-meter.ts): sign-on → identification → option select Y=6 → P0 → password →
 * serial (798), scheme ID (795), clock (861), cumulative (507), TOU (508), maximum demand (510), programming
 * counter (680), events (544) → load profile (551/554 + 550, by RD stream or R1 packets) → B0.
 * Registers get OBIS-style addresses by registers.ts (ELSTER_OBIS_MAP); the load profile goes through
 * toReadingLoadProfile. Items a model lacks (ERR2) become notes. Everything is returned together or an error
 * is thrown: never half a reading. Source: ../shared/reference/elster-dialect.md.
 */

/** Options of an Elster reading (session options: password, level, force, timings, signal…). */
export interface ElsterReadOptions extends Omit<ElsterSessionOptions, 'onRaw' | 'onBytes'> {
  /** IANA time zone of the meter's wall clock (clock drift, maximum-demand times, interval local times). */
  readonly timeZone: string;
  /** Model when known (from chooseMeterProfile), else taken from the identification; sizes per ELSTER_MODELS. */
  readonly family?: ElsterFamily;
  /** Load profile to read, or null for registers only. */
  readonly loadProfile: LoadProfileSelection | null;
  /** `stream` (RD, default) or `packets` (R1). */
  readonly loadProfileMethod?: 'stream' | 'packets';
  /** Wire bytes the load profile is expected to have (e.g. from the previous reading), for progress. */
  readonly expectedLoadProfileBytes?: number | null;
  /** Read the events (544); default true. */
  readonly events?: boolean;
  readonly onProgress?: (p: ReadProgress) => void;
}

/** The Elster-specific part of a reading. */
export interface ElsterReadingDetails {
  readonly family: ElsterFamily;
  readonly identification: ElsterIdentification;
  readonly serial: string | null;
  readonly schemeId: string | null;
  /** Meter wall clock as read, and its drift from the workstation (ms, positive = meter fast). */
  readonly clock: { readonly meterLocal: string; readonly readAtUtc: string; readonly driftMs: number };
  readonly programmingCounter: ProgrammingCounter | null;
  readonly events: readonly EventRecord[] | null;
  readonly loadProfile: ElsterLoadProfileRead | null;
}

/** A reading: the generic MeterReading (`readout` = the register answers as received) plus the details. */
export interface ElsterMeterReading extends MeterReading {
  readonly elster: ElsterReadingDetails;
}

/** Register reads in order with the share of the progress bar each takes (weights = wire bytes). */
const SPAN_REGISTERS: [number, number] = [5, 45];
const SPAN_PROFILE: [number, number] = [50, 95];

/** Run the whole reading. Throws ProtocolError subclasses (plain-language messages) on any failure. */
export async function readElsterMeter(transport: Transport, o: ElsterReadOptions): Promise<ElsterMeterReading> {
  let step: ReadStep = 'sign-on';
  let baud = 300;
  let phaseBase = 0;
  let expected: number | null = null;
  let span: [number, number] | null = null;
  let identification: string | undefined;
  let raw: Uint8Array[] = [];
  const bytesNow = () => es.session.bytesFromMeter - phaseBase;
  const report = (message: string) => {
    const bytes = span ? bytesNow() : 0;
    const percent = step === 'break' ? 96 : span && expected ? Math.round(Math.min(span[1], span[0] + ((span[1] - span[0]) * bytes) / expected)) : step === 'sign-on' ? 1 : null;
    o.onProgress?.({ step, message, baud, bytes, expectedBytes: expected, percent, identification });
  };
  const enter = (s: ReadStep, message: string, sp: [number, number] | null = null, exp: number | null = null) => {
    step = s;
    span = sp;
    expected = exp;
    phaseBase = es.session.bytesFromMeter;
    report(message);
  };
  const es = new ElsterSession(transport, {
    ...o,
    onBaud: (b) => {
      baud = b;
      o.onBaud?.(b);
    },
    onBytes: () => span && report(step === 'load-profile' ? 'Receiving the load profile…' : 'Reading the registers…'),
    onRaw: (b) => raw.push(b),
  });
  const notes: ReadingNote[] = [];
  /** Read an optional item: ERR2 (the model has no such item) → a note and null. */
  const optional = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (e) {
      if (e instanceof ElsterMeterError && (e.elsterCode === 'ERR2' || e.elsterCode === 'ERR3')) {
        notes.push({ level: 'info', message: `The meter does not offer the ${what} (${e.elsterCode}); it was left out.` });
        return null;
      }
      throw e;
    }
  };
  try {
    if (!o.identified) report(`Sign-on at 300 baud${o.address ? ` to address ${o.address}` : ''}…`);
    const on = await es.open();
    identification = on.identification.raw;
    baud = on.baud;
    const family: ElsterFamily = o.family ?? (on.elster.family === 'unknown' ? 'A1140' : on.elster.family);
    if (!o.family && on.elster.family === 'unknown') notes.push({ level: 'warning', message: `The meter type could not be told from the identification ${on.identification.raw}; register sizes of the A1140 were assumed.` });
    const model = ELSTER_MODELS[family];
    enter('programming-mode', `Elster ${family} signed on at ${on.baud} baud, security level ${on.level}.`);

    const touMax = Math.max(...model.touRegisters) * ELSTER_LAYOUT.registerBytes;
    const mdBytes = model.maxDemandRegisters * ELSTER_LAYOUT.maxDemandBytes;
    const sizes = [16, 8, 7, 128, touMax, mdBytes, 14].map((n) => 2 * n + 5 * Math.ceil(n / 64));
    enter('data-readout', 'Reading serial number, clock and registers…', SPAN_REGISTERS, sizes.reduce((a, b) => a + b, 0));
    const serial = await optional('serial number (798)', async () => decodeSerialNumber(await es.readItem('798', ELSTER_LAYOUT.serialBytes, 'serial number (798)')).text);
    const schemeId = await optional('scheme ID (795)', async () => decodeSchemeId(await es.readItem('795', ELSTER_LAYOUT.schemeIdBytes, 'scheme ID (795)')).text);
    const clock = await readElsterClock(es, { timeZone: o.timeZone, now: o.now });
    const energy = decodeEnergyRegisters(await es.readItem('507', 8 * model.cumulativeRegisters, 'cumulative registers (507)'), model.cumulativeRegisters, 'cumulative registers (507)');
    const tou = await optional('time-of-use registers (508)', async () => {
      const b = await es.readItemUntil('508', (x) => x.length >= touMax, 'time-of-use registers (508)', null);
      return decodeEnergyRegisters(b.subarray(0, Math.min(b.length, touMax)), model.touRegisters, 'time-of-use registers (508)');
    });
    const md = await optional('maximum demand registers (510)', async () => decodeMaxDemandRegisters(await es.readItem('510', mdBytes, 'maximum demand registers (510)'), model.maxDemandRegisters));
    const counter = await optional('programming counter (680)', async () => decodeProgrammingCounter(await es.readItem('680', ELSTER_LAYOUT.programmingCounterBytes, 'programming counter (680)')));
    // Events (544) have no published length: one RD stream gives the whole item on an 8-bit line; by R1 packets
    // the last packet's length is found by the session (readItemUntil).
    const readEvents = () => (o.loadProfileMethod === 'packets' ? es.readItemUntil('544', () => false, 'events (544)', null) : es.streamItem('544', 0xffff, 'events (544)', { expectedBytes: null }));
    const events = o.events === false ? null : await optional('events (544)', async () => decodeEvents(await readEvents()));
    const readout = concatBytes(...raw);
    const registers: Register[] = [
      ...identityRegisters({ serial, schemeId, clockLocal: clock.meterLocal, programmingCounter: counter, timeZone: o.timeZone }),
      ...cumulativeRegisters(energy),
      ...(tou ? touRegisters(tou) : []),
      ...(md ? maxDemandRegisters(md, o.timeZone) : []),
      ...(events ? eventRegisters(events, o.timeZone) : []),
    ];
    notes.push({ level: Math.abs(clock.driftMs) > 30_000 ? 'warning' : 'info', message: `Meter clock ${describeDrift(clock.driftMs)} (meter ${clock.meterLocal.replace('T', ' ')}).` });
    report(`Registers read: ${registers.length} values.`);

    let lp: ElsterLoadProfileRead | null = null;
    let rawLoadProfile: Uint8Array | null = null;
    if (o.loadProfile) {
      raw = [];
      enter('load-profile', `Reading the load profile by ${o.loadProfileMethod === 'packets' ? 'R1 packets' : 'data stream (RD)'}…`, SPAN_PROFILE, o.expectedLoadProfileBytes ?? null);
      lp = await readElsterLoadProfile(es, o.loadProfile, { method: o.loadProfileMethod, expectedBytes: o.expectedLoadProfileBytes, now: o.now });
      rawLoadProfile = concatBytes(...raw);
      report(`Load profile complete: ${lp.profile.intervals.length} intervals, ${lp.bytes.length} bytes.`);
    }
    enter('break', 'Ending the session (B0).');
    await es.close();
    return {
      identification: on.identification,
      mode: on.identification.mode,
      baud: on.baud,
      readout,
      registers,
      loadProfile: lp ? toReadingLoadProfile(lp.profile, o.timeZone) : null,
      rawLoadProfile,
      notes,
      elster: { family, identification: on.elster, serial, schemeId, clock, programmingCounter: counter, events, loadProfile: lp },
    };
  } catch (e) {
    await es.close(); // B0 so the meter leaves programming mode; never throws
    throw e;
  } finally {
    es.session.dispose();
  }
}
