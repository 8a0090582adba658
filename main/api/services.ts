/**
 * The main-side services the API handlers call, as one injectable object (tests pass fakes; the desktop app and
 * browser mode pass `realServices` from ./real-services.ts). Shapes are those of the contract's views
 * (contract/files.ts) where a backend's own type differs, so handlers and their tests do not depend on
 * the import, format and export modules; real-services.ts adapts those modules to this interface.
 */
import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import type { ReadingResult } from '../../protocol/reading';
import type {
  ClockAdjustView,
  CsvMappingView,
  CsvSniffView,
  ImportLogEntryView,
  ImportMode,
  ImportOutcomeView,
  MeterType,
  PortInfoView,
  PasswordLevel,
} from '../../contract';
import type { AppContext } from '../core/context';
import type { ReadMeterOutcome, ReadMeterRequest } from '../services/types';
import type { MeterSummary, ReadingSummary } from '../store/readings';
import type { ReadingFilter } from '../store/reading-filters';
import type { SchemeServices } from './services-schemes';


/** What to export (main/export `exportReadings` options). */
export interface ExportRequest {
  readonly format: 'csv' | 'json' | 'xlsx';
  readonly content?: 'load-profile' | 'registers' | 'all';
  readonly meterSerial?: string;
  readonly fromUtc?: string;
  readonly toUtc?: string;
}

/**
 * A reading as the API asks for it: main/services/types.ts `ReadMeterRequest` with the meter dialect, the
 * password (secret) and its security level, the load-profile range (UTC instants, or everything; default the
 * last 48 h) and whether to read the events.
 */
export type MeterReadRequest = ReadMeterRequest & {
  readonly meter?: MeterType;
  readonly password?: string;
  readonly passwordLevel?: PasswordLevel;
  readonly profileFromUtc?: string | null;
  readonly profileToUtc?: string | null;
  readonly profileAll?: boolean;
  readonly events?: boolean;
};

/** How a clock job reaches and opens the meter (main/services/clock.ts requests). */
export interface MeterClockRequest {
  readonly port: string;
  readonly address?: string;
  readonly meter?: MeterType;
  /** Secret. */
  readonly password?: string;
  readonly passwordLevel?: PasswordLevel;
  /** The meter the user chose (audit record), main/services/types.ts MeterAccess.meterSerial. */
  readonly meterSerial?: string;
  /** Scope check with the meter's own serial, main/services/types.ts MeterAccess.checkSerial. */
  readonly checkSerial?: (serial: string | null) => void;
}

/** The meter clock at one moment (protocol/meters/clock-types.ts `ClockReading`): drift ms, + = meter fast. */
export interface ClockInstant {
  readonly meterLocal: string;
  readonly meterUtc: string;
  readonly readAtUtc: string;
  readonly driftMs: number;
}

/** main/services/clock.ts `readMeterClock` result: the clock plus which meter and its time zone. */
export interface MeterClockReading extends ClockInstant {
  readonly timeZone: string;
  readonly identification: string;
  readonly serial: string | null;
}

/** main/services/clock.ts `setMeterClock` result. */
export interface MeterClockSet {
  readonly before: ClockInstant;
  readonly writtenLocal: string;
  readonly programmingCounterBefore?: number | null;
  readonly programmingCounterAfter?: number | null;
}

/** main/services/clock.ts `adjustMeterClock` result. */
export interface MeterClockAdjust {
  readonly before: ClockInstant;
  readonly plan: Readonly<Omit<ClockAdjustView['plan'], 'stepsMs'>> & { readonly stepsMs: readonly number[] };
  readonly writtenLocal: string | null;
}

/** Progress callback of a meter job (the readProgress event payload). */
export type OnProgress = (p: ReadProgress) => void;

/**
 * What the API needs from main/services, main/store, main/import, main/formats and main/export, and (the
 * SchemeServices part, ./services-schemes.ts) from the tariff-scheme modules.
 */
export interface Services extends SchemeServices {
  /** Ports to offer (emulator first). Never throws. */
  listPorts(ctx: AppContext): Promise<readonly PortInfoView[]>;
  /** Read, store and write the .RES file; throws ProtocolError / Error with a plain message; `signal` cancels. */
  readMeter(ctx: AppContext, req: MeterReadRequest, onProgress: OnProgress, signal?: AbortSignal): Promise<ReadMeterOutcome>;
  /** Read the meter clock and its drift from the PC clock. Throws ProtocolError (plain message); `signal` cancels. */
  readMeterClock(ctx: AppContext, req: MeterClockRequest, onProgress?: OnProgress, signal?: AbortSignal): Promise<MeterClockReading>;
  /** Set the meter clock to PC time at once (Elster level 3; `level3Password` when `password` opens another level). */
  setMeterClock(ctx: AppContext, req: MeterClockRequest & { readonly level3Password?: string }, onProgress?: OnProgress, signal?: AbortSignal): Promise<MeterClockSet>;
  /** Adjust (creep) the meter clock towards PC time (Elster level 1, |drift| ≤ 7.5 min); throws REFUSED beyond. */
  adjustMeterClock(ctx: AppContext, req: MeterClockRequest, onProgress?: OnProgress, signal?: AbortSignal): Promise<MeterClockAdjust>;
  /** Stored readings matching the filter, newest first (main/store/reading-filters.ts). */
  listReadings(ctx: AppContext, filter: ReadingFilter): readonly ReadingSummary[];
  /** One stored reading, or null. */
  getReading(ctx: AppContext, id: number): ReadingResult | null;
  /** Stored meters, most recently seen first. */
  listMeters(ctx: AppContext): readonly MeterSummary[];
  /**
   * Import one uploaded file (`name` is a label: it decides the kind by extension/content and is logged).
   * Malformed content is an outcome `quarantined` with a reason, not a throw; throws only when the store fails.
   */
  importContent(ctx: AppContext, name: string, bytes: Uint8Array, opts: { mode: ImportMode; csvMapping?: CsvMappingView; modifiedUtc?: string }): Promise<ImportOutcomeView>;
  /** Delimiter, headers and sample rows of a CSV's first lines, and whether it needs a column mapping. */
  sniffCsv(text: string): CsvSniffView;
  /** Recent import attempts, newest first. */
  listImportLog(db: AppContext['db'], filter: { limit?: number; result?: ImportOutcomeView['result'] }): readonly ImportLogEntryView[];
  /** Files whose latest attempt was quarantined, newest first. */
  listQuarantine(db: AppContext['db'], filter: { limit?: number }): readonly ImportLogEntryView[];
  /** Write readings to `outPath` (atomically; a CSV of everything adds a registers file beside it); what was written. */
  exportReadings(ctx: AppContext, req: ExportRequest, outPath: string): Promise<{ path: string; files: readonly string[]; readings: number; registers: number; intervals: number }>;
  /** Write the stored meters to `outPath` (atomically). */
  exportMeters(ctx: AppContext, format: 'csv' | 'json', outPath: string): Promise<{ path: string; meters: number }>;
}
