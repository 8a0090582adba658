/**
 * Schema version 6: register interpretations and push readings (issues 10 item 7, 13 item 4, 17).
 * - `registers.interpretation_json`: the typed interpretation of the register text (protocol/reading.ts
 *   `Register.interpretation`) as JSON, `null` text for none. NULL for rows stored before version 6: the
 *   interpretation is then derived from the code and text when the reading is loaded (main/store/readings.ts).
 * - `readings.source` also accepts `push` (a reading heard from a push meter in listen mode). SQLite cannot
 *   change a CHECK in place, so the table is rebuilt (SQLite docs "ALTER TABLE", 12-step procedure: new table,
 *   copy, drop the old, rename) with foreign keys off (`Migration.foreignKeysOff`), so dropping the old table
 *   cascades to nothing and the REFERENCES readings (id) of registers and load_profile_channels name the new one.
 */
export const REGISTER_INTERPRETATIONS = `
ALTER TABLE registers ADD COLUMN interpretation_json TEXT CHECK (interpretation_json IS NULL OR json_valid(interpretation_json));

CREATE TABLE readings_v6 (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES meters (id) ON DELETE CASCADE,
  meter_identification TEXT NOT NULL,
  meter_manufacturer TEXT NOT NULL,
  meter_model TEXT NOT NULL,
  meter_serial TEXT,
  meter_address TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  finished_utc TEXT NOT NULL,
  operator TEXT NOT NULL,
  port TEXT NOT NULL,
  mode TEXT NOT NULL,
  baud NOT NULL CHECK (typeof(baud) IN ('integer', 'real')),
  time_zone TEXT NOT NULL,
  software TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('probe', 'push', 'res-import', 'readout-import', 'csv-import', 'json-import')),
  content_sha256 TEXT NOT NULL UNIQUE,
  raw_readout BLOB NOT NULL,
  raw_load_profile BLOB,
  lp_profile CHECK (lp_profile IS NULL OR typeof(lp_profile) IN ('integer', 'real')),
  lp_period_minutes CHECK (lp_period_minutes IS NULL OR typeof(lp_period_minutes) IN ('integer', 'real')),
  notes TEXT NOT NULL CHECK (json_valid(notes)),
  res_path TEXT,
  created_utc TEXT NOT NULL
);
INSERT INTO readings_v6 SELECT * FROM readings;
DROP TABLE readings;
ALTER TABLE readings_v6 RENAME TO readings;
CREATE INDEX readings_by_meter ON readings (meter_id, started_utc);
CREATE INDEX readings_by_started ON readings (started_utc);
`;
