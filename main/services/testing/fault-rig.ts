import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { ReadingResult } from '../../../protocol/reading';
import { type EmulatedMeter, ElsterMeter, type FaultPlan, createEmulatedMeter, pacedTransport, runMeterOnTransport } from '../../emulator';
import { createAppContext } from '../app-context';
import { adjustMeterClock, setMeterClock } from '../clock';
import { readMeter } from '../read-meter';
import { getReading, listReadings } from '../../store/readings';
import { openPtyPair } from '../../links/serial/pty-pair';
import { openSerialTransport } from '../../links/serial/transport';

/**
 * One cell of the fault matrix (fault-matrix.test.ts) over a REAL pty pair: the emulated meter runs in process
 * on one end (`runMeterOnTransport(meter, pacedTransport(openSerialTransport(b)))`, paced like a UART, with the
 * cell's fault plan), the client runs the service job (`readMeter`, `setMeterClock`, `adjustMeterClock`) on the
 * other end exactly as `pmu read` / `pmu time` do, with the standard's time-outs (tr, ta = 1500 ms). Generic
 * cells use a 7E1 line, Elster cells 8N1 (binary data stream). A test helper, not used by the app.
 */

export type Dialect = 'generic' | 'elster';
/** readout = generic data readout / Elster register read; write = generic W5 clock set / Elster W1 clock adjust. */
export type Operation = 'readout' | 'write' | 'load-profile';

/** What a cell produced. */
export interface CellResult {
  readonly outcome: 'ok' | 'error' | 'hang' | 'crash';
  /** ProtocolError code, or the error's class name for anything else. */
  readonly code: string | null;
  readonly message: string | null;
  /** Faults the emulator injected. */
  readonly injected: number;
  /** Readings in the store after the job. */
  readonly stored: number;
  /** Comparable content of a successful job (reading values, or the meter clock after a write). */
  readonly values: unknown;
  readonly ms: number;
}

export const TZ = 'Europe/London';
/** Frozen meter time of the read cells (so every read of a meter gives the same values). */
export const NOW = Date.UTC(2025, 2, 31, 10, 7, 30);
const GENERIC_PASSWORD = 'SECRET01';
const ELSTER_PASSWORD = '00000000';
/** Drift of the write cells' meter clock before the set / adjust, ms. */
const DRIFT_MS = 60_000;

function meterFor(dialect: Dialect, op: Operation): EmulatedMeter {
  const live = op === 'write';
  const time = live ? { clockOffsetMs: DRIFT_MS } : { now: () => NOW };
  return dialect === 'generic'
    ? createEmulatedMeter({ timeZone: TZ, password: GENERIC_PASSWORD, powerFailure: null, loadProfileDays: 3, ...time })
    : createEmulatedMeter({ model: 'a1140', timeZone: TZ, powerFailure: null, loadProfileDays: 3, clockCreepSecondsPerPeriod: Infinity, seedRng: 7, ...time });
}

/** The comparable values of a stored reading: registers without the clock, and the load profile. */
function readingValues(r: ReadingResult): unknown {
  return {
    registers: r.registers.filter((x) => !['0.9.1', '0.9.2'].includes(x.code)).map((x) => `${x.address}=${x.values.map((v) => v.raw).join('|')}`),
    intervals: r.loadProfile?.intervals.map((i) => `${i.startUtc} ${i.status} ${i.values.join(',')}`) ?? null,
  };
}

/** After a write: is the meter clock right (within 3 s), and the programming counter (Elster) unchanged? */
function clockValues(m: EmulatedMeter): unknown {
  const meterMs = m instanceof ElsterMeter ? m.meterTimeMs() : m.rtc.now();
  return { clockRight: Math.abs(meterMs - Date.now()) < 3000, programmingCounter: m instanceof ElsterMeter ? m.audit.count : null };
}

/** Run one cell. Never throws: errors are the cell's outcome. @param limitMs the cell's time limit (then "hang"). */
export async function runCell(dialect: Dialect, op: Operation, faults: FaultPlan, limitMs: number): Promise<CellResult> {
  const t0 = Date.now();
  const pair = await openPtyPair();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-fault-'));
  const line = dialect === 'elster' ? '8N1' : '7E1';
  const meterEnd = await openSerialTransport(pair.b, { format: line });
  const meter = meterFor(dialect, op);
  const running = runMeterOnTransport(meter, pacedTransport(meterEnd), { faults, reactionTimeMs: 20 });
  const ctx = createAppContext({ dbPath: ':memory:', resDir: tmp, timeZone: TZ });
  const access = {
    port: pair.a,
    line,
    meter: dialect === 'generic' ? ('generic' as const) : ('a1140' as const),
    password: dialect === 'generic' ? GENERIC_PASSWORD : ELSTER_PASSWORD,
  } as const;
  const job = async (): Promise<unknown> => {
    if (op === 'write') {
      if (dialect === 'generic') await setMeterClock(ctx, access);
      else await adjustMeterClock(ctx, access);
      return clockValues(meter);
    }
    const profile = op === 'load-profile'
      ? { profileFromUtc: new Date(NOW - (dialect === 'generic' ? 6 : 24) * 3600_000).toISOString(), profileToUtc: new Date(NOW).toISOString() }
      : { loadProfile: false };
    const outcome = await readMeter(ctx, { ...access, ...profile, events: false, resOut: false }, () => undefined);
    return readingValues(getReading(ctx.db, outcome.readingId)!);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), limitMs)));
  let result: Omit<CellResult, 'injected' | 'stored' | 'ms'>;
  try {
    const r = await Promise.race([job().then((values) => ({ values })), limit]);
    result = r === 'hang'
      ? { outcome: 'hang', code: null, message: null, values: null }
      : { outcome: 'ok', code: null, message: null, values: r.values };
  } catch (e) {
    result = e instanceof ProtocolError
      ? { outcome: 'error', code: e.code, message: e.message, values: null }
      : { outcome: 'crash', code: (e as Error).name ?? 'unknown', message: (e as Error).message ?? String(e), values: null };
  } finally {
    clearTimeout(timer);
  }
  const stored = listReadings(ctx.db).length;
  const injected = running.session.faultLog.count();
  await running.stop();
  await meterEnd.close();
  await pair.close();
  ctx.db.close();
  rmSync(tmp, { recursive: true, force: true });
  return { ...result, injected, stored, ms: Date.now() - t0 };
}

/** Run `tasks` with at most `parallel` at a time, results in order. */
export async function pool<T>(tasks: readonly (() => Promise<T>)[], parallel: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, tasks.length) }, worker));
  return out;
}
