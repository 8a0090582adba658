/**
 * Test doubles for the API layer: an AppContext whose store is never touched, and fake services that record
 * their calls, emit progress like a real session, and honour cancellation (file services: ./fake-files.ts, scheme
 * services: ./fake-schemes.ts).
 * Used by main/api/*.test.ts only.
 */
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { ReadProgress } from '../../../protocol/iec62056-21/progress';
import type { ReadingResult } from '../../../protocol/reading';
import type { AppContext } from '../../core/context';
import type { ReadMeterOutcome } from '../../services/types';
import { memoryKeyProvider } from '../../secrets/key-provider';
import { openDatabase } from '../../store/db';
import type { ReadingSummary } from '../../store/readings';
import type { MeterClockRequest, MeterReadRequest, Services } from '../services';
import { fakeFileServices, type FakeFileServices } from './fake-files';
import { fakeSchemeServices, type FakeSchemeServices } from './fake-schemes';
import { createLinkRegistry } from '../../links/registry';
import { canAccessMeter } from '../../auth/actor';
import { runMeterJob } from '../../services/meter-access';

/**
 * An AppContext for handler tests: the fake services below never use `db`, but sign-in, users, meter passwords and
 * the audit trail (main/auth, main/secrets, main/audit) do: a private in-memory store with a memory data key.
 */
export function fakeContext(dataDir = '/tmp/pmu-test'): AppContext {
  return {
    db: openDatabase(':memory:'),
    keys: memoryKeyProvider(),
    dbPath: `${dataDir}/pmu.sqlite`,
    resDir: `${dataDir}/RES`,
    operator: 'tester',
    timeZone: 'Europe/London',
    software: 'pmu-workstation 9.8.7',
    links: createLinkRegistry(),
  };
}

/** A small stored reading: 1.8.0 current and billing period 1, a 2-channel profile with one flagged interval. */
export function sampleReading(): ReadingResult {
  const reg = (address: string, code: string, billingPeriod: number | null, text: string, unit: string | null) => ({
    address, obis: address, code, billingPeriod, value: Number(text), text, unit, timestampLocal: null, values: [{ raw: `${text}*${unit}` }], interpretation: null,
  });
  return {
    version: 1,
    meter: { identification: '/ISk5MT174-0001', manufacturer: 'ISK', model: 'MT174-0001', serial: '12345678', address: '' },
    session: {
      port: 'emulator', operator: 'tester', startedUtc: '2026-01-10T09:00:00.000Z', finishedUtc: '2026-01-10T09:00:12.000Z',
      mode: 'C', baud: 9600, timeZone: 'Europe/London', software: 'pmu-workstation 9.8.7',
    },
    registers: [reg('1.8.0', '1.8.0', null, '0008048.375', 'kWh'), reg('1.8.0*01', '1.8.0', 1, '0007900.000', 'kWh')],
    loadProfile: {
      profile: 1,
      periodMinutes: 15,
      channels: [{ obis: '1.5.0', unit: 'kW' }, { obis: '3.5.0', unit: 'kvar' }],
      intervals: [
        { startUtc: '2026-01-10T08:00:00.000Z', endUtc: '2026-01-10T08:15:00.000Z', startLocal: '2026-01-10T08:00:00', dst: false, status: '00', values: [1.2, 0.1] },
        { startUtc: '2026-01-10T08:15:00.000Z', endUtc: '2026-01-10T08:30:00.000Z', startLocal: '2026-01-10T08:15:00', dst: false, status: '80', values: [null, 0.2] },
      ],
    },
    notes: [{ level: 'info', message: 'sample' }],
    raw: { readout: new Uint8Array([2, 33, 13, 10, 3, 1]), loadProfile: null },
  };
}

/** Summary row matching sampleReading() stored as id 7. */
export function sampleSummary(): ReadingSummary {
  return {
    id: 7, meterId: 1, meterSerial: '12345678', meterManufacturer: 'ISK', meterModel: 'MT174-0001',
    startedUtc: '2026-01-10T09:00:00.000Z', port: 'emulator', operator: 'tester', registerCount: 2, intervalCount: 2,
    source: 'probe', resPath: '/tmp/pmu-test/RES/x.RES',
  };
}

/** Fake services plus what they saw; `release()` lets a pending fake read finish. */
export interface FakeServices extends Services, FakeFileServices, FakeSchemeServices {
  readonly requests: MeterReadRequest[];
  /** Clock calls as received: which call and its request (passwords included, to check they arrived). */
  readonly clockRequests: { call: 'read' | 'set' | 'adjust'; req: MeterClockRequest & { level3Password?: string } }[];
  readonly listFilters: Parameters<Services['listReadings']>[1][];
  /** Let the running fake read finish successfully. */
  release(): void;
  /** Resolves once a fake read has emitted its first progress report. */
  readonly started: Promise<void>;
}

/** Options of {@link fakeServices}. */
export interface FakeOptions {
  /** Every meter call (reading and clock) throws this at once. */
  readonly failWith?: unknown;
  /** Meter clock drift the clock calls report, ms (+ = meter fast); default −192 000 (3 min 12 s slow). */
  readonly driftMs?: number;
  /** Clock calls also wait for `release()` or cancellation, like readMeter. */
  readonly holdClock?: boolean;
  /** A careless backend: puts the password into its progress messages, notes and results (must never leak). */
  readonly leakPasswords?: boolean;
}

/**
 * Fake services. `readMeter` reports `open-port` and `data-readout`, then waits until `release()` (→ outcome)
 * or its signal aborts (→ ProtocolError CANCELLED, as the real session does). The clock calls report
 * `open-port` and `sign-on` and answer with a clock `driftMs` off (set: counter unchanged; adjust: 5 s steps
 * per 30-min period). `failWith` makes every meter call throw at once.
 * Like the real meter services, each meter call first applies the access rules (main/services/meter-access.ts: the
 * permission, the password typed or stored, the level, the meter scope) and records the request it ran with; the
 * body after that is careless with `leakPasswords` (passwords in progress, notes, errors and results).
 */
export function fakeServices(opts: FakeOptions = {}): FakeServices {
  const requests: MeterReadRequest[] = [];
  const clockRequests: FakeServices['clockRequests'] = [];
  const listFilters: Parameters<Services['listReadings']>[1][] = [];
  let release = (): void => undefined;
  let markStarted = (): void => undefined;
  const started = new Promise<void>((r) => (markStarted = r));
  const progress = (step: ReadProgress['step'], percent: number): ReadProgress => ({
    step, message: `step ${step}`, baud: step === 'open-port' ? 300 : 9600, bytes: percent * 10, expectedBytes: null, percent,
  });
  const hold = (signal: AbortSignal | undefined, what: string) =>
    new Promise<void>((resolve, reject) => {
      release = resolve;
      signal?.addEventListener('abort', () => reject(new ProtocolError('CANCELLED', `The ${what} was cancelled.`)));
    });
  const leak = (req: { password?: string }) => (opts.leakPasswords && req.password ? ` (password ${req.password})` : '');
  const drift = opts.driftMs ?? -192_000;
  const readAt = Date.parse('2026-01-10T09:00:00.000Z');
  const before = {
    meterLocal: new Date(readAt + drift).toISOString().slice(0, 19),
    meterUtc: new Date(readAt + drift).toISOString(),
    readAtUtc: new Date(readAt).toISOString(),
    driftMs: drift,
  };
  const CLOCK = { read: ['meter.read', 'clock-read'], set: ['meter.clock.set', 'set'], adjust: ['meter.clock.adjust', 'adjust'] } as const;
  /** A clock job: the request it ran with (the access rules applied). */
  const clockCall = async (
    ctx: AppContext, call: 'read' | 'set' | 'adjust', request: FakeServices['clockRequests'][number]['req'], onProgress?: (p: ReadProgress) => void, signal?: AbortSignal,
  ) =>
    runMeterJob(ctx, CLOCK[call][0], CLOCK[call][1], request, onProgress, async (req, say) => {
      clockRequests.push({ call, req });
      if (opts.failWith !== undefined) throw opts.failWith;
      say(progress('open-port', 0));
      say({ ...progress('sign-on', 10), message: `Sign-on${leak(req)}` });
      markStarted();
      if (opts.holdClock) await hold(signal, 'clock job');
      say(progress('done', 100));
      return req;
    });
  return {
    ...fakeFileServices(),
    ...fakeSchemeServices(opts.leakPasswords ? { leakPasswords: true } : {}),
    requests,
    clockRequests,
    listFilters,
    started,
    release: () => release(),
    listPorts: async () => [{ path: 'emulator', label: 'Emulated meter (built-in)', kind: 'emulated', emulated: true, detail: null }],
    readMeter: async (ctx, request, onProgress, signal): Promise<ReadMeterOutcome> =>
      runMeterJob(ctx, 'meter.read', 'read', request, onProgress, async (req, say) => {
      requests.push(req);
      if (opts.failWith !== undefined) throw opts.failWith;
      say(progress('open-port', 0));
      say({ ...progress('data-readout', 40), message: `step data-readout${leak(req)}` });
      markStarted();
      await hold(signal, 'reading');
      say(progress('done', 100));
      return {
        readingId: 7, duplicate: false, resPath: '/tmp/pmu-test/RES/x.RES', registerCount: 2, intervalCount: 2,
        serial: '12345678', identification: '/ISk5MT174-0001', elapsedSeconds: 1.5, notes: leak(req) ? [`signed on${leak(req)}`] : [],
        ...(opts.leakPasswords ? { password: req.password } : {}),
      };
      }),
    readMeterClock: async (ctx, request, onProgress, signal) => {
      const req = await clockCall(ctx, 'read', request, onProgress, signal);
      return { ...before, timeZone: 'Europe/London', identification: '/GEC5A1140', serial: '12345678', ...(opts.leakPasswords ? { password: req.password } : {}) };
    },
    setMeterClock: async (ctx, request, onProgress, signal) => {
      const req = await clockCall(ctx, 'set', request, onProgress, signal);
      return { before, writtenLocal: '2026-01-10T09:00:00', programmingCounterBefore: 4, programmingCounterAfter: 4, ...(opts.leakPasswords ? { level3Password: req.level3Password } : {}) };
    },
    adjustMeterClock: async (ctx, request, onProgress, signal) => {
      await clockCall(ctx, 'adjust', request, onProgress, signal);
      const steps = Math.ceil(Math.abs(drift) / 5000);
      const stepsMs = Array.from({ length: steps }, (_, i) => Math.sign(-drift) * Math.min(5000, Math.abs(drift) - 5000 * i));
      return { before, writtenLocal: '2026-01-10T09:00:00', plan: { driftMs: drift, correctionMs: -drift, stepsMs, integrationPeriodMin: 30, completesAfterMin: steps * 30 } };
    },
    // Scoped like the real services (main/services/readings.ts): a user limited to meter groups sees their meters only.
    listReadings: (ctx, filter) => {
      listFilters.push(filter);
      return [sampleSummary()].filter((s) => !ctx.actor || canAccessMeter(ctx.db, ctx.actor, s.meterSerial));
    },
    getReading: (ctx, id) => (id === 7 && (!ctx.actor || canAccessMeter(ctx.db, ctx.actor, '12345678')) ? sampleReading() : null),
  };
}
