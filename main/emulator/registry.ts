import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ElsterMeterSnapshot } from './elster/meter';
import type { GenericMeterSnapshot } from './generic/meter';
import { type EmulatedMeter, type EmulatedModel, ElsterMeter, createEmulatedMeter } from './index';

/**
 * Persistence of the built-in emulated meters of a workstation (`emulator`, `emulator:a1140`, `emulator:a1700`): with a
 * data directory, a meter is saved in it (`<data dir>/emulated-meters/<port>.json`) after every write that changes it,
 * so a programming or a clock set made by one job (UI, `pmu program`) is seen by the next job, also in another process
 * (`pmu read`). The link provider (main/links/emulated/provider.ts) keeps the meter for the life of the process and
 * asks here only when it first needs it. The saved state is what writes change (scheme ID, tariff images, programming
 * log, clock offset, time changes, session events); the rest (energy, load profile) follows from the consumption
 * model. A meter keeps the time zone it was first made with (a real meter has one). Files are written to a temporary
 * name and renamed (never half a state); an unreadable file is ignored (the meter starts fresh) rather than failing
 * the job.
 */

/** Which emulated meter: its port name, model and zone, and where to keep it (null = this process only). */
export interface EmulatedMeterKey {
  readonly port: string;
  readonly model: EmulatedModel;
  readonly timeZone: string;
  readonly stateDir: string | null;
  /** A new Elster meter's clock offset (meter time − host time), ms. */
  readonly elsterClockOffsetMs: number;
}

interface Saved {
  readonly port: string;
  readonly model: EmulatedModel;
  readonly timeZone: string;
  readonly savedUtc: string;
  readonly state: ElsterMeterSnapshot | GenericMeterSnapshot;
}

/** File of an emulated meter's saved state. */
export function emulatedMeterFile(stateDir: string, port: string): string {
  return path.join(stateDir, 'emulated-meters', `${port.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

/**
 * When the saved state of `port` in `stateDir` was last written (file mtime, ms), or null when none is saved: a process
 * that keeps a meter in memory reloads it when another process (or another zone's instance) saved it since.
 */
export function savedStateStamp(stateDir: string, port: string): number | null {
  try {
    return statSync(emulatedMeterFile(stateDir, port)).mtimeMs;
  } catch {
    return null;
  }
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
 * The emulated meter of `k`: the saved one of its data directory, else a new one (an Elster meter's clock
 * `elsterClockOffsetMs` off, so drift, adjust and set can be tried without hardware); saved after every change when
 * `stateDir` is given. Never throws for a bad saved file (the meter starts fresh).
 */
export function loadEmulatedMeter(k: EmulatedMeterKey): EmulatedMeter {
  const file = k.stateDir ? emulatedMeterFile(k.stateDir, k.port) : null;
  const saved = file ? load(file) : null;
  const timeZone = saved?.model === k.model ? saved.timeZone : k.timeZone;
  const meter = k.model === 'generic' ? createEmulatedMeter({ timeZone }) : createEmulatedMeter({ model: k.model, timeZone, clockOffsetMs: k.elsterClockOffsetMs });
  if (saved && saved.model === k.model) {
    try {
      if (meter instanceof ElsterMeter) meter.restore(saved.state as ElsterMeterSnapshot);
      else meter.restore(saved.state as GenericMeterSnapshot);
    } catch {
      /* a state from another version: start fresh */
    }
  }
  if (file) meter.onChange = () => save(file, k, meter);
  return meter;
}
