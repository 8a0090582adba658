/**
 * Store migration: the meter manager's master data (issue 14 item 1; main/store/places.ts, customers.ts,
 * fleet-meters.ts, installations.ts are the code over these tables, docs/fleet.md the user's view).
 *
 * - `places`: the hierarchy of measurement places, region → substation → feeder → place (`kind`). A node's parent
 *   is one level up (a place may also hang directly under a substation: `place` under `substation` is allowed, so a
 *   small site without feeders fits). `code` is the utility's identifier of the node (metering point ID), unique
 *   when given; `time_zone` an IANA zone (NULL = inherit the parent's, else the workstation's).
 *   Names are unique among siblings (without regard to case).
 * - `customers`: who is billed at a place; `number` (the customer / account number) is unique without regard to
 *   case.
 * - `fleet_meters`: each meter of the fleet by serial number (unique without regard to case, ≤ 32 characters, as
 *   meter groups and readings name meters), with how to reach it: `link` = the port name of a link provider
 *   (`COM3`, `tcp://host:port`, `bus:<port>#<address>`, `modem:<port>#<number>`, `emulator…`; docs/fleet.md
 *   "Links"), `device_address` the IEC 62056-21 sign-on address ('' = any meter on the line), `dialect`
 *   (`auto`, `generic`, `a1140`, `a1700`), `line` (7E1/8N1, NULL = the dialect's default), `password_level`
 *   (Elster level used for reads, NULL = 2), `time_zone` the meter clock's IANA zone (NULL = the place's).
 *   `enabled` = 0 takes a meter out of collection without deleting its history.
 * - `installations`: a meter at a place from `installed_utc` until `removed_utc` (NULL = still installed), with the
 *   customer billed there and the CT/VT ratios as primary/secondary pairs (e.g. CT 200/5 A, VT 11000/110 V; 1/1 for
 *   direct connection). A meter has at most one open installation and installations of one meter, or at one
 *   place, never overlap (checked in installations.ts; SQLite cannot say it). Removing a meter closes its row,
 *   never deletes it, so billing periods before the exchange keep their meter and ratios.
 * Times are ISO 8601 UTC instants (`…Z`).
 */
export const FLEET_MASTER_DATA = `
CREATE TABLE places (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES places (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('region', 'substation', 'feeder', 'place')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  code TEXT CHECK (code IS NULL OR length(code) BETWEEN 1 AND 64),
  address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
  time_zone TEXT,
  notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  created_utc TEXT NOT NULL,
  updated_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX places_sibling_name ON places (ifnull(parent_id, 0), name COLLATE NOCASE);
CREATE UNIQUE INDEX places_code ON places (code COLLATE NOCASE) WHERE code IS NOT NULL;
CREATE INDEX places_by_parent ON places (parent_id);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(number) BETWEEN 1 AND 40),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
  contact TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
  notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  created_utc TEXT NOT NULL,
  updated_utc TEXT NOT NULL
);

CREATE TABLE fleet_meters (
  id INTEGER PRIMARY KEY,
  serial TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(serial) BETWEEN 1 AND 32),
  manufacturer TEXT NOT NULL DEFAULT '' CHECK (length(manufacturer) <= 40),
  model TEXT NOT NULL DEFAULT '' CHECK (length(model) <= 60),
  link TEXT NOT NULL CHECK (length(link) BETWEEN 1 AND 300),
  device_address TEXT NOT NULL DEFAULT '' CHECK (length(device_address) <= 32),
  dialect TEXT NOT NULL DEFAULT 'auto' CHECK (dialect IN ('auto', 'generic', 'a1140', 'a1700')),
  line TEXT CHECK (line IS NULL OR line IN ('7E1', '8N1')),
  password_level INTEGER CHECK (password_level IS NULL OR password_level IN (1, 2, 3)),
  time_zone TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  created_utc TEXT NOT NULL,
  updated_utc TEXT NOT NULL
);

CREATE TABLE installations (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES fleet_meters (id) ON DELETE CASCADE,
  place_id INTEGER NOT NULL REFERENCES places (id) ON DELETE RESTRICT,
  customer_id INTEGER REFERENCES customers (id) ON DELETE RESTRICT,
  installed_utc TEXT NOT NULL,
  removed_utc TEXT CHECK (removed_utc IS NULL OR removed_utc > installed_utc),
  ct_primary REAL NOT NULL DEFAULT 1 CHECK (ct_primary > 0),
  ct_secondary REAL NOT NULL DEFAULT 1 CHECK (ct_secondary > 0),
  vt_primary REAL NOT NULL DEFAULT 1 CHECK (vt_primary > 0),
  vt_secondary REAL NOT NULL DEFAULT 1 CHECK (vt_secondary > 0),
  notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX installations_open_meter ON installations (meter_id) WHERE removed_utc IS NULL;
CREATE INDEX installations_by_meter ON installations (meter_id, installed_utc);
CREATE INDEX installations_by_place ON installations (place_id, installed_utc);
CREATE INDEX installations_by_customer ON installations (customer_id) WHERE customer_id IS NOT NULL;
`;
