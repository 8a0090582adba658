/**
 * Test doubles for the API layer: an AppContext whose store is never touched, and fake services that record
 * their calls, emit progress like a real session, and honour cancellation. Used by main/api/*.test.ts only.
 */
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { ReadProgress } from '../../../protocol/iec62056-21/progress';
import type { ReadingResult } from '../../../protocol/reading';
import type { AppContext } from '../../services/context';
import type { ReadMeterOutcome, ReadMeterRequest } from '../../services/types';
import type { ReadingSummary } from '../../store/readings';
import type { Services } from '../services';

/** An AppContext for handler tests: the fake services below never use `db`. */
export function fakeContext(): AppContext {
  return {
    db: {} as AppContext['db'],
    dbPath: '/tmp/pmu-test/pmu.sqlite',
    resDir: '/tmp/pmu-test/RES',
    operator: 'tester',
    timeZone: 'Europe/London',
    software: 'pmu-workstation 9.8.7',
  };
}

/** A small stored reading: 1.8.0 current and billing period 1, a 2-channel profile with one flagged interval. */
export function sampleReading(): ReadingResult {
  const reg = (address: string, code: string, billingPeriod: number | null, text: string, unit: string | null) => ({
    address, obis: address, code, billingPeriod, value: Number(text), text, unit, timestampLocal: null, values: [{ raw: `${text}*${unit}` }],
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
export interface FakeServices extends Services {
  readonly requests: ReadMeterRequest[];
  readonly listFilters: { meterId?: number; limit?: number }[];
  /** Let the running fake read finish successfully. */
  release(): void;
  /** Resolves once a fake read has emitted its first progress report. */
  readonly started: Promise<void>;
}

/**
 * Fake services. `readMeter` reports `open-port` and `data-readout`, then waits until `release()` (→ outcome)
 * or its signal aborts (→ ProtocolError CANCELLED, as the real session does). `failWith` makes it throw at once.
 */
export function fakeServices(opts: { failWith?: unknown } = {}): FakeServices {
  const requests: ReadMeterRequest[] = [];
  const listFilters: { meterId?: number; limit?: number }[] = [];
  let release = (): void => undefined;
  let markStarted = (): void => undefined;
  const started = new Promise<void>((r) => (markStarted = r));
  const progress = (step: ReadProgress['step'], percent: number): ReadProgress => ({
    step, message: `step ${step}`, baud: step === 'open-port' ? 300 : 9600, bytes: percent * 10, expectedBytes: null, percent,
  });
  return {
    requests,
    listFilters,
    started,
    release: () => release(),
    listPorts: async () => [{ path: 'emulator', label: 'Emulated meter (built-in)', kind: 'emulator', detail: null }],
    readMeter: async (_ctx, req, onProgress, signal): Promise<ReadMeterOutcome> => {
      requests.push(req);
      if (opts.failWith !== undefined) throw opts.failWith;
      onProgress(progress('open-port', 0));
      onProgress(progress('data-readout', 40));
      markStarted();
      await new Promise<void>((resolve, reject) => {
        release = resolve;
        signal?.addEventListener('abort', () => reject(new ProtocolError('CANCELLED', 'The reading was cancelled.')));
      });
      onProgress(progress('done', 100));
      return {
        readingId: 7, duplicate: false, resPath: '/tmp/pmu-test/RES/x.RES', registerCount: 2, intervalCount: 2,
        serial: '12345678', identification: '/ISk5MT174-0001', elapsedSeconds: 1.5, notes: [],
      };
    },
    listReadings: (_db, filter) => {
      listFilters.push(filter);
      return [sampleSummary()];
    },
    getReading: (_db, id) => (id === 7 ? sampleReading() : null),
  };
}
