import { concatBytes } from '../../iec62056-21/control';
import type { ReadProgress, ReadStep } from '../../iec62056-21/progress';
import type { MeterReading } from '../../iec62056-21/read-meter';
import type { Transport } from '../../iec62056-21/transport';
import type { LoadedDefinitionFile } from '../../../meter-definitions';
import type { ReadingNote } from '../../reading';
import { readElsterClock } from './clock';
import { describeDrift } from './clock-plan';
import { decodeAsciiItem } from './decoders';
import type { ElsterIdentification } from './identification';
import { type ElsterLoadProfileRead, type LoadProfileSelection, readElsterLoadProfile } from './load-profile-transfer';
import { toReadingLoadProfile } from './load-profile-reading';
import type { MeterZone } from './meter-time';
import { type ElsterFamily, type ElsterModel, elsterModel } from './model';
import { type ElsterRegisterDetails, optionalItem, readElsterRegisters } from './read-registers';
import { identityRegisters } from './registers';
import type { ElsterSecurityLevel } from './password';
import { ElsterSession, type ElsterSessionOptions } from './session';

/**
 * One whole reading of an Elster A1140 / A1120 / A1700 over its dialect: sign-on → identification → option select
 * Y=6 → P0 → password → serial (798), clock (861), the registers the meter definition lists (read-registers.ts) →
 * load profile with the model's own flow (load-profile-transfer.ts) → B0. Sizes and layouts come from the meter
 * definition (model.ts) — the A1700's own, never the A1140's. Everything is returned together or an error is thrown:
 * never half a reading. The reading notes which load-profile value decoding was used (binary or BCD).
 */

/** Options of an Elster reading (session options: password, level, force, timings, signal…). */
export interface ElsterReadOptions extends Omit<ElsterSessionOptions, 'onRaw' | 'onBytes'> {
  /** IANA time zone of the meter's wall clock. */
  readonly timeZone: string;
  /** Model when known (from chooseMeterProfile), else taken from the identification. */
  readonly family?: ElsterFamily;
  /** User meter definition files (data directory); the built-in definitions otherwise. */
  readonly definitions?: readonly LoadedDefinitionFile[];
  /** Load profile to read, or null for registers only. */
  readonly loadProfile: LoadProfileSelection | null;
  /** `stream` (RD, default) or `packets` (R1). */
  readonly loadProfileMethod?: 'stream' | 'packets';
  /** Wire bytes the load profile is expected to have (e.g. from the previous reading), for progress. */
  readonly expectedLoadProfileBytes?: number | null;
  /** Read the events (544, event logs); default true. */
  readonly events?: boolean;
  readonly onProgress?: (p: ReadProgress) => void;
  /**
   * Prove the meter before a secret goes out: the session opens with `password` at `level` (level 1: the serial
   * number 798 is a level-1 read, meter-definitions/a1140.ts:42 and a1700.ts:42, readLevel 1), reads 798 first,
   * calls `check` (which throws to stop: B0, nothing more sent), and only then sends `escalate`'s password sequence.
   */
  readonly identity?: { check(serial: string | null): void; readonly escalate?: { readonly level: ElsterSecurityLevel; readonly password: string } };
}

/** The Elster-specific part of a reading. */
export interface ElsterReadingDetails extends ElsterRegisterDetails {
  readonly family: ElsterFamily;
  readonly model: ElsterModel;
  readonly identification: ElsterIdentification;
  readonly serial: string | null;
  /** Meter wall clock as read, and its drift from the workstation (ms, positive = meter fast). */
  readonly clock: { readonly meterLocal: string; readonly readAtUtc: string; readonly driftMs: number };
  readonly loadProfile: ElsterLoadProfileRead | null;
}

/** A reading: the generic MeterReading (`readout` = the register answers as received) plus the details. */
export interface ElsterMeterReading extends MeterReading {
  readonly elster: ElsterReadingDetails;
}

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
  try {
    if (!o.identified) report(`Sign-on at 300 baud${o.address ? ` to address ${o.address}` : ''}…`);
    const on = await es.open();
    identification = on.identification.raw;
    baud = on.baud;
    const family: ElsterFamily = o.family ?? (on.elster.family === 'unknown' ? 'A1140' : on.elster.family);
    if (!o.family && on.elster.family === 'unknown') notes.push({ level: 'warning', message: `The meter type could not be told from the identification ${on.identification.raw}; the A1140 definition was used.` });
    const model = elsterModel(family, { identification: on.identification.raw, definitions: o.definitions });
    if (model.definition.sources.length > 0) notes.push({ level: 'info', message: `Meter definition: the built-in ${model.definition.name} with ${model.definition.sources.join(', ')}.` });
    enter('programming-mode', `Elster ${family} signed on at ${on.baud} baud, security level ${on.level}.`);
    const sizes = ['798', '795', '861', '507', '508', '510', '509', '680', '544'].filter((id) => model.has(id)).map((id) => model.bytes(id));
    enter('data-readout', 'Reading serial number, clock and registers…', SPAN_REGISTERS, sizes.reduce((a, n) => a + 2 * n + 5 * Math.ceil(n / 64), 0));
    const serial = await optionalItem(notes, 'serial number (798)', async () => decodeAsciiItem(await es.readItem('798', model.bytes('798'), 'serial number (798)'), model.bytes('798'), 'serial number (798)').text);
    if (o.identity) {
      o.identity.check(serial);
      const up = o.identity.escalate;
      if (up) await es.authenticate(up.level, up.password);
    }
    const clock = await readElsterClock(es, { timeZone: o.timeZone, now: o.now });
    const zone: MeterZone = { zone: o.timeZone };
    const regs = await readElsterRegisters(es, model, zone, notes, o.events !== false);
    const readout = concatBytes(...raw);
    const registers = [...identityRegisters({ serial, schemeId: regs.details.schemeId, firmware: regs.details.firmware, clockLocal: clock.meterLocal }), ...regs.registers];
    notes.push({ level: Math.abs(clock.driftMs) > 30_000 ? 'warning' : 'info', message: `Meter clock ${describeDrift(clock.driftMs)} (meter ${clock.meterLocal.replace('T', ' ')}).` });
    report(`Registers read: ${registers.length} values.`);

    let lp: ElsterLoadProfileRead | null = null;
    let rawLoadProfile: Uint8Array | null = null;
    if (o.loadProfile) {
      raw = [];
      enter('load-profile', `Reading the load profile by ${o.loadProfileMethod === 'packets' ? 'R1 packets' : 'data stream (RD)'}…`, SPAN_PROFILE, o.expectedLoadProfileBytes ?? null);
      const lpZone: MeterZone = { zone: o.timeZone, followsDst: regs.details.lpFollowsDst ?? true };
      lp = await readElsterLoadProfile(es, model, o.loadProfile, { method: o.loadProfileMethod, zone: lpZone, expectedBytes: o.expectedLoadProfileBytes, now: o.now });
      rawLoadProfile = concatBytes(...raw);
      notes.push({ level: 'info', message: lpDecodingNote(model, lpZone) });
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
      loadProfile: lp ? toReadingLoadProfile(lp.profile) : null,
      rawLoadProfile,
      notes,
      elster: { ...regs.details, family, model, identification: on.elster, serial, clock, loadProfile: lp },
    };
  } catch (e) {
    await es.close(); // B0 so the meter leaves programming mode; never throws
    throw e;
  } finally {
    es.session.dispose();
  }
}

/** The note that records how the load profile was decoded (issue 10: "record in the reading which decoding was used"). */
export function lpDecodingNote(model: ElsterModel, zone: MeterZone): string {
  const values = model.lpValueEncoding === 'binary24' ? '3-byte values read as 24-bit binary (A1140 driver)' : '3-byte values read as 6 BCD digits (A1700 driver)';
  const mask = model.lpChannelMask === 'a1700' ? 'A1700 channel mask' : 'A1140 channel mask';
  const time = zone.followsDst === false ? `meter times in ${zone.zone} standard time all year (778)` : `meter times in ${zone.zone} local time`;
  return `Load-profile decoding: ${values}, ${mask}${model.lpExtendedStatus ? ', extended status byte' : ''}, ${time}.`;
}
