import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ElsterMeterSnapshot } from './elster/meter';
import type { GenericMeterSnapshot } from './generic/meter';
import { type EmulatedMeter, type EmulatedModel, ElsterMeter, createEmulatedMeter } from './index';

/**
 * The built-in emulated meters of a workstation (`emulator`, `emulator:a1140`, `emulator:a1700`): one per port name and
 * data directory, kept in the process and — when a data directory is given — saved in it
 * (`<data dir>/emulated-meters/<port>.json`) after every write that changes the meter, so a programming or a clock set
 * made by one job (UI, `pmu program`) is seen by the next job, also in another process (`pmu read`). The saved state is
 * what writes change (scheme ID, tariff images, programming log, clock offset, time changes, session events); the
 * rest (energy, load profile) follows from the consumption model. A meter keeps the time zone it was first made with
 * (a real meter has one). Files are written to a temporary name and renamed (never half a state); an unreadable
 * file is ignored (the meter starts fresh) rather than failing the job.
 */

/** Clock drift of the emulated Elster meters at start, seconds (meter fast). */
export const EMULATED_ELSTER_DRIFT_S = 95;

/** Which emulated meter: its port name, model and zone, and where to keep it (null = this process only). */
export interface EmulatedMeterKey {
  readonly port: string;
  readonly model: EmulatedModel;
  readonly timeZone: string;
  readonly stateDir: string | null;
}

interface Saved {
  readonly port: string;
  readonly model: EmulatedModel;
  readonly timeZone: string;
  readonly savedUtc: string;
  readonly state: ElsterMeterSnapshot | GenericMeterSnapshot;
}

const live = new Map<string, EmulatedMeter>();

/** File of an emulated meter's saved state. */
export function emulatedMeterFile(stateDir: string, port: string): string {
  return path.join(stateDir, 'emulated-meters', `${port.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

function load(file: string): Saved | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Saved;
  } catch {
    return null;
  }
}

function save(file: string, k: EmulatedMeterKey, meter: EmulatedMeter): void {
  const saved: Saved = { port: k.port, model: k.model, timeZone: meter instanceof ElsterMeter ? meter.zone.timeZone : meter.timeZone, savedUtc: new Date().toISOString(), state: meter.snapshot() };
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(saved));
  renameSync(temp, file);
}

/**
 * The emulated meter of `k`: the one this process already has, else the saved one, else a new one (Elster meters
 * start EMULATED_ELSTER_DRIFT_S seconds fast, so drift, adjust and set can be tried without hardware).
 */
export function emulatedMeterFor(k: EmulatedMeterKey): EmulatedMeter {
  const key = `${k.stateDir ?? ''}|${k.port}${k.stateDir ? '' : `|${k.timeZone}`}`;
  const have = live.get(key);
  if (have) return have;
  const file = k.stateDir ? emulatedMeterFile(k.stateDir, k.port) : null;
  const saved = file ? load(file) : null;
  const timeZone = saved?.model === k.model ? saved.timeZone : k.timeZone;
  const meter = k.model === 'generic' ? createEmulatedMeter({ timeZone }) : createEmulatedMeter({ model: k.model, timeZone, clockOffsetMs: EMULATED_ELSTER_DRIFT_S * 1000 });
  if (saved && saved.model === k.model) {
    try {
      if (meter instanceof ElsterMeter) meter.restore(saved.state as ElsterMeterSnapshot);
      else meter.restore(saved.state as GenericMeterSnapshot);
    } catch {
      /* a state from another version: start fresh */
    }
  }
  if (file) meter.onChange = () => save(file, k, meter);
  live.set(key, meter);
  return meter;
}

/** Forget the meters of this process (tests). */
export function forgetEmulatedMeters(): void {
  live.clear();
}
