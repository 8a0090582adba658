/**
 * The meter's own programming log beside ours: the programming counter (Elster 680 → C.2.0 with the newest
 * programming time, protocol/meters/elster/registers.ts) from every stored reading of a meter, and our audit
 * records of programming that meter. Between two readings the counter must have grown by exactly the number of
 * programs we uploaded; anything else is flagged (someone programmed the meter with another tool, or our upload
 * did not reach it). Reference: ../shared/reference/elster-dialect.md "Programming audit" (every reprogramming,
 * not a time set/adjust, increments the counter). ASSUMPTION: a `program.uploadFailed` may or may not have
 * incremented the counter, so such intervals are flagged with that explanation rather than silently accepted.
 */
import type { Database } from 'better-sqlite3';
import type { MeterLogView } from '../../contract/audit';
import { recordView } from './export';
import { toRecord } from './store';

/** Audit actions shown beside the meter's counter. */
const OURS = ['program.uploaded', 'program.uploadFailed', 'clock.set'] as const;

/** The meter log of `serial` (see the file comment). */
export function meterLog(db: Database, serial: string): MeterLogView {
  const readings = db
    .prepare(
      `SELECT r.id, r.started_utc, g.value AS counter, g.timestamp_local AS last
         FROM readings r LEFT JOIN registers g ON g.reading_id = r.id AND g.code = 'C.2.0' AND g.billing_period IS NULL
        WHERE r.meter_serial = ? COLLATE NOCASE ORDER BY r.started_utc, r.id`,
    )
    .all(serial) as { id: number; started_utc: string; counter: number | null; last: string | null }[];
  const ours = (
    db
      .prepare(`SELECT * FROM audit_log WHERE meter_serial = ? COLLATE NOCASE AND action IN (${OURS.map(() => '?').join(',')}) ORDER BY seq`)
      .all(serial, ...OURS) as Parameters<typeof toRecord>[0][]
  ).map(toRecord);
  const meter = readings.map((r) => ({
    readingId: r.id,
    readUtc: r.started_utc,
    programmingCounter: typeof r.counter === 'number' && Number.isInteger(r.counter) ? r.counter : null,
    lastProgrammedLocal: r.last,
  }));
  const withCounter = meter.filter((m) => m.programmingCounter !== null);
  const mismatches: MeterLogView['mismatches'] = [];
  for (let i = 1; i < withCounter.length; i += 1) {
    const a = withCounter[i - 1]!;
    const b = withCounter[i]!;
    const meterCount = b.programmingCounter! - a.programmingCounter!;
    const inside = ours.filter((o) => o.timeUtc > a.readUtc && o.timeUtc <= b.readUtc);
    const ourCount = inside.filter((o) => o.action === 'program.uploaded').length;
    const failed = inside.filter((o) => o.action === 'program.uploadFailed').length;
    if (meterCount === ourCount && failed === 0) continue;
    let message: string;
    if (meterCount < 0) {
      message = `The programming counter went down from ${a.programmingCounter} to ${b.programmingCounter} between readings ${a.readingId} and ${b.readingId}: another meter with this serial, or the meter was reset.`;
    } else if (meterCount > ourCount) {
      message = `The meter was programmed ${meterCount} time${meterCount === 1 ? '' : 's'} between readings ${a.readingId} and ${b.readingId}, but this workstation recorded ${ourCount}: it was programmed with another tool.`;
    } else if (meterCount < ourCount) {
      message = `This workstation recorded ${ourCount} program upload${ourCount === 1 ? '' : 's'} between readings ${a.readingId} and ${b.readingId}, but the meter counted ${meterCount}.`;
    } else {
      message = `${failed} upload${failed === 1 ? '' : 's'} failed part-way between readings ${a.readingId} and ${b.readingId}; the counts agree (${meterCount}), check the certificates.`;
    }
    mismatches.push({ fromReadingId: a.readingId, toReadingId: b.readingId, meterCount, ourCount, message });
  }
  return { meterSerial: serial, meter, ours: ours.map(recordView), mismatches };
}
