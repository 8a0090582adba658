/**
 * A file's bytes → the readings it holds, by kind: .RES (main/res/codec.ts), raw data readout capture
 * (./readout-capture.ts), load-profile CSV (main/formats/profile-csv.ts), PMU JSON export
 * (main/formats/readings-json.ts). Every failure is thrown as it comes; ./quarantine.ts turns it into a reason.
 */
import type { ReadingResult } from '../../protocol/reading';
import type { CsvMapping } from '../formats/profile-csv';
import { parseProfileCsv } from '../formats/profile-csv';
import { parseReadingsJson } from '../formats/readings-json';
import { parseRes } from '../res/codec';
import type { ReadingSource } from '../store/queries';
import { decodeUtf8 } from './detect';
import { QuarantineError, REASONS } from './quarantine';
import { readingsFromCapture, type CaptureContext } from './readout-capture';
import type { ImportKind } from './types';

/** The reading source recorded for each kind of file. */
export const SOURCE_OF: Readonly<Record<ImportKind, ReadingSource>> = {
  res: 'res-import',
  readout: 'readout-import',
  csv: 'csv-import',
  json: 'json-import',
};

/** What decoding needs besides the bytes. */
export interface DecodeContext extends CaptureContext {
  /** File name (for messages of the CSV reader). */
  readonly name: string;
  /** The file's modification time, UTC ISO: reading time of a capture without meter clock. */
  readonly fileTimeUtc: string;
  readonly csvMapping?: CsvMapping;
}

/**
 * The readings in `bytes` of kind `kind` (at least one). Throws ResFormatError, ImportFormatError,
 * NotTextError or QuarantineError for a file that cannot be imported.
 */
export function decodeReadings(kind: ImportKind, bytes: Uint8Array, dc: DecodeContext): ReadingResult[] {
  let readings: ReadingResult[];
  switch (kind) {
    case 'res':
      readings = [parseRes(decodeUtf8(bytes))];
      break;
    case 'readout':
      readings = readingsFromCapture(bytes, dc, dc.fileTimeUtc);
      break;
    case 'csv':
      readings = parseProfileCsv(decodeUtf8(bytes), {
        mapping: dc.csvMapping,
        fileName: dc.name,
        operator: dc.operator,
        software: dc.software,
      });
      break;
    case 'json':
      readings = parseReadingsJson(decodeUtf8(bytes));
      break;
  }
  if (readings.length === 0) throw new QuarantineError(REASONS.noReadings);
  return readings;
}
