/**
 * Test rig for reports: read an emulated generic meter (main/emulator, constant load or the household model) over
 * the in-memory link with the real client (protocol/meters/read-any.ts) and store the reading, as the workstation
 * does after a probe reading. The meter's clock is fixed at `nowUtcMs`; its rate registers follow `scheme`.
 */
import type { Database } from 'better-sqlite3';
import { readAnyMeter } from '../../../protocol/meters/read-any';
import type { ReadingResult } from '../../../protocol/reading';
import type { TariffScheme } from '../../../schemes/model';
import { openEmbeddedEmulator } from '../../emulator';
import { saveReading } from '../../store/readings';

const FAST = { reactionTimeoutMs: 400, interCharTimeoutMs: 300, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };

/** What to emulate and read. */
export interface EmulatedRead {
  readonly serial: string;
  readonly zone: string;
  /** The meter clock (UTC ms) at the reading. */
  readonly nowUtcMs: number;
  readonly installedUtcMs: number;
  /** Load-profile range read, UTC ms. */
  readonly fromUtcMs: number;
  readonly toUtcMs: number;
  readonly scheme?: TariffScheme;
  /** Default: constant 1 kW. */
  readonly profile?: 'constant' | 'household';
  readonly constantKw?: number;
  readonly powerFailure?: { startUtcMs: number; durationMinutes: number } | null;
}

/** Read the emulated meter once and store the reading; returns it. */
export async function readEmulated(db: Database, o: EmulatedRead): Promise<ReadingResult> {
  const emu = openEmbeddedEmulator({
    meter: {
      serial: o.serial, timeZone: o.zone, now: () => o.nowUtcMs, installedUtcMs: o.installedUtcMs, powerFailure: o.powerFailure ?? null,
      profile: o.profile ?? 'constant', ...(o.constantKw === undefined ? {} : { constantKw: o.constantKw }), ...(o.scheme ? { scheme: o.scheme } : {}),
      loadProfileDays: 400,
    },
    session: { reactionTimeMs: 0, interCharTimeoutMs: 300 },
    paced: false,
  });
  try {
    const r = await readAnyMeter(emu.clientTransport, {
      timings: FAST, timeZone: o.zone, loadProfile: { fromUtc: new Date(o.fromUtcMs).toISOString(), toUtc: new Date(o.toUtcMs).toISOString() },
    });
    const x = r.reading;
    const serial = x.registers.find((g) => g.code === 'C.1.0' && g.billingPeriod === null)?.text ?? o.serial;
    const reading: ReadingResult = {
      version: 1,
      meter: { identification: x.identification.raw, manufacturer: x.identification.manufacturerId, model: x.identification.ident, serial, address: '' },
      session: {
        port: 'emulator', operator: 'tester', startedUtc: new Date(o.nowUtcMs).toISOString(), finishedUtc: new Date(o.nowUtcMs + 1000).toISOString(),
        mode: x.mode, baud: x.baud, timeZone: o.zone, software: 'pmu-workstation test',
      },
      registers: x.registers,
      loadProfile: x.loadProfile,
      notes: x.notes,
      raw: { readout: x.readout, loadProfile: x.rawLoadProfile },
    };
    saveReading(db, reading, { source: 'probe' });
    return reading;
  } finally {
    await emu.stop();
  }
}
