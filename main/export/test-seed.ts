/**
 * Test fixture of the export tests: a store with meter A1 (Europe/Berlin, two daily readings with 48 h depth
 * around the 26 October 2025 DST change, the newer one with values +200), meter B2 (manufacturer ABC, eight
 * intervals on 26 October) and the London fixture of main/store/test-fixtures.ts. For tests only.
 */
import type { Database } from 'better-sqlite3';
import { profileReading } from '../formats/test-readings';
import { saveReading } from '../store/readings';
import { buildReading } from '../store/test-fixtures';

/** Saves the four readings described above into `db`. */
export function seedExportStore(db: Database): void {
  saveReading(db, profileReading({ serial: 'A1', fromUtc: '2025-10-24T06:00:00.000Z', count: 192, startedUtc: '2025-10-26T06:05:00.000Z', offset: 100 }));
  saveReading(db, profileReading({ serial: 'A1', fromUtc: '2025-10-25T06:00:00.000Z', count: 196, startedUtc: '2025-10-27T07:05:00.000Z', offset: 200 }));
  saveReading(db, profileReading({ serial: 'B2', manufacturer: 'ABC', fromUtc: '2025-10-26T00:00:00.000Z', count: 8, startedUtc: '2025-10-26T02:05:00.000Z' }));
  saveReading(db, buildReading());
}
