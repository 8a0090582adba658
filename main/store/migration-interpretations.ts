/**
 * Schema migration: register interpretations and push readings (issues 10 item 7, 13 item 4, 17).
 * - `registers.interpretation_json`: the typed interpretation of the register text (protocol/reading.ts
 *   `Register.interpretation`) as JSON, `null` text for none. NULL for rows stored before this migration: the
 *   interpretation is then derived from the code and text when the reading is loaded (main/store/readings.ts).
 * - `readings.source` also accepts `push` (a reading heard from a push meter in listen mode). SQLite cannot
 *   change a CHECK in place, so the table is rebuilt (SQLite docs "ALTER TABLE", 12-step procedure: new table,
 *   copy, drop the old, rename) with foreign keys off (`Migration.foreignKeysOff`), so dropping the old table
 *   cascades to nothing and the REFERENCES readings (id) of registers and load_profile_channels name the new one.
 */
/** Every column of the readings table, in order (as schema version 1 created it). */
const READINGS_COLUMNS = 'id, meter_id, meter_identification, meter_manufacturer, meter_model, meter_serial, meter_address, started_utc, finished_utc, operator, port, mode, baud, time_zone, software, source, content_sha256, raw_readout, raw_load_profile, lp_profile, lp_period_minutes, notes, res_path, created_utc';

/**
 * The migration's SQL, given the `CREATE TABLE readings (…);` statement of schema version 1 (migrations.ts
 * passes it, so the rebuilt table is that one with `push` added to the source CHECK, not a copy to keep in step).
 * @throws Error when the statement does not hold the expected source CHECK (a programming error).
 */
export function interpretationsAndPush(createReadingsV1: string): string {
  const widened = createReadingsV1
    .replace('CREATE TABLE readings (', 'CREATE TABLE readings_rebuilt (')
    .replace("source IN ('probe', ", "source IN ('probe', 'push', ");
  if (!widened.includes("'push'") || !widened.includes('readings_rebuilt')) throw new Error('the readings table of schema version 1 was not recognised');
  return `
ALTER TABLE registers ADD COLUMN interpretation_json TEXT CHECK (interpretation_json IS NULL OR json_valid(interpretation_json));
${widened}
INSERT INTO readings_rebuilt (${READINGS_COLUMNS}) SELECT ${READINGS_COLUMNS} FROM readings;
DROP TABLE readings;
ALTER TABLE readings_rebuilt RENAME TO readings;
CREATE INDEX readings_by_meter ON readings (meter_id, started_utc);
CREATE INDEX readings_by_started ON readings (started_utc);
`;
}
