/**
 * The main-side services the API handlers call, as one injectable object (tests pass fakes; the desktop app and
 * browser mode pass {@link realServices}). Signatures are those of the service modules themselves.
 */
import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import type { ReadingResult } from '../../protocol/reading';
import { listPorts } from '../serial/ports';
import { readMeter } from '../services/read-meter';
import type { AppContext } from '../services/context';
import type { PortInfo, ReadMeterOutcome, ReadMeterRequest } from '../services/types';
import { getReading, listReadings, type ReadingSummary } from '../store/readings';

/** What the API needs from main/services and main/store. */
export interface Services {
  /** Ports to offer (emulator first). Never throws. */
  listPorts(): Promise<readonly PortInfo[]>;
  /** Read, store and write the .RES file; throws ProtocolError / Error with a plain message; `signal` cancels. */
  readMeter(ctx: AppContext, req: ReadMeterRequest, onProgress: (p: ReadProgress) => void, signal?: AbortSignal): Promise<ReadMeterOutcome>;
  /** Stored readings, newest first. */
  listReadings(db: AppContext['db'], filter: { meterId?: number; limit?: number }): readonly ReadingSummary[];
  /** One stored reading, or null. */
  getReading(db: AppContext['db'], id: number): ReadingResult | null;
}

/** The real services (serial ports, IEC 62056-21 session, SQLite store). */
export const realServices: Services = { listPorts, readMeter, listReadings, getReading };
