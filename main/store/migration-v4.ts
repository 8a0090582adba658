/**
 * Schema version 4: users, roles and sign-in sessions; meter groups and encrypted meter credentials; the
 * tamper-evident audit trail with its signed heads; the installation's signing key; settings (issue 6).
 * The code over these tables is main/auth/ (users, sessions), main/secrets/ (credentials, keys) and
 * main/audit/ (chain, heads); docs/security.md explains the design.
 *
 * Notes on the columns:
 * - `users`: `username` unique without regard to case (letters, digits, `.`, `_`, `-`, `@`; 1–64 characters);
 *   `role` one of the four roles of main/auth/permissions.ts; `password_hash` the encoded scrypt hash
 *   `scrypt$N$r$p$salt$hash` (main/auth/passwords.ts), never a password; `failed_attempts` counts failed sign-ins
 *   since the last success, `locked_until_utc` ends a lock-out; `meter_user_id` (≤ 8 printable ASCII characters)
 *   is the programmer's ID written to the meter when this user programs it (Elster 681 user ID).
 * - `user_scopes`: limits a user to some scheme folders (`scheme-folder`, scheme_folders.id) and/or some meter
 *   groups (`meter-group`, meter_groups.id). No row of a kind = not limited in that kind.
 * - `sessions`: one row per signed-in session; only the SHA-256 (hex) of the session token is stored.
 *   `expires_utc` is the absolute end; `last_seen_utc` drives the idle time-out (main/auth/sessions.ts).
 * - `meter_groups` / `meter_group_members`: named sets of meters by serial number.
 * - `meter_credentials`: one meter password per (scope, meter or group, security level 1–3), encrypted with
 *   AES-256-GCM (main/secrets/secret-box.ts): `nonce` 12 bytes, `ciphertext` = ciphertext ‖ 16-byte tag,
 *   `key_id` names the data key that sealed it. The plaintext is never stored.
 * - `audit_log`: append-only (triggers refuse UPDATE and DELETE); `hash` = SHA-256 over `prev_hash` and the
 *   canonical record (main/audit/chain.ts); `summary_json` holds `{before?, after?}`; `trace_ref` points at the
 *   raw probe trace (e.g. `reading:42`, the stored readout bytes of reading 42).
 * - `audit_heads`: the chain head signed with the installation key (Ed25519) after each append.
 * - `installation_keys`: the Ed25519 audit-signing key pair; the private key (PKCS#8 DER) sealed like the
 *   credentials, the public key as SPKI PEM.
 * - `settings`: key/value pairs of the installation.
 * Times are ISO 8601 UTC instants (`…Z`).
 */
export const V4 = `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL COLLATE NOCASE UNIQUE
    CHECK (length(username) BETWEEN 1 AND 64 AND username NOT GLOB '*[^A-Za-z0-9._@-]*'),
  display_name TEXT NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
  role TEXT NOT NULL CHECK (role IN ('technician', 'engineer', 'auditor', 'administrator')),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until_utc TEXT,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  meter_user_id TEXT CHECK (meter_user_id IS NULL OR (length(meter_user_id) BETWEEN 1 AND 8 AND meter_user_id NOT GLOB '*[^ -~]*')),
  created_utc TEXT NOT NULL,
  updated_utc TEXT NOT NULL,
  password_changed_utc TEXT NOT NULL
);

CREATE TABLE user_scopes (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('scheme-folder', 'meter-group')),
  target_id INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind, target_id)
) WITHOUT ROWID;

CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  created_utc TEXT NOT NULL,
  last_seen_utc TEXT NOT NULL,
  expires_utc TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE meter_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 80),
  created_utc TEXT NOT NULL
);

CREATE TABLE meter_group_members (
  group_id INTEGER NOT NULL REFERENCES meter_groups (id) ON DELETE CASCADE,
  meter_serial TEXT NOT NULL CHECK (length(meter_serial) BETWEEN 1 AND 32),
  PRIMARY KEY (group_id, meter_serial)
) WITHOUT ROWID;
CREATE INDEX meter_group_members_by_serial ON meter_group_members (meter_serial);

CREATE TABLE meter_credentials (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('meter', 'group', 'default')),
  meter_serial TEXT CHECK (meter_serial IS NULL OR length(meter_serial) BETWEEN 1 AND 32),
  group_id INTEGER REFERENCES meter_groups (id) ON DELETE CASCADE,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  nonce BLOB NOT NULL CHECK (length(nonce) = 12),
  ciphertext BLOB NOT NULL CHECK (length(ciphertext) > 16),
  key_id TEXT NOT NULL,
  updated_utc TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (
    (scope = 'meter' AND meter_serial IS NOT NULL AND group_id IS NULL) OR
    (scope = 'group' AND group_id IS NOT NULL AND meter_serial IS NULL) OR
    (scope = 'default' AND meter_serial IS NULL AND group_id IS NULL)
  )
);
CREATE UNIQUE INDEX meter_credentials_unique ON meter_credentials (scope, coalesce(meter_serial, ''), coalesce(group_id, 0), level);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  time_utc TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  meter_serial TEXT,
  object TEXT,
  summary_json TEXT NOT NULL CHECK (json_valid(summary_json)),
  trace_ref TEXT,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);
CREATE INDEX audit_log_by_meter ON audit_log (meter_serial, seq);
CREATE INDEX audit_log_by_user ON audit_log (username COLLATE NOCASE, seq);
CREATE INDEX audit_log_by_time ON audit_log (time_utc);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: records cannot be changed.'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: records cannot be deleted.'); END;

CREATE TABLE audit_heads (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  signed_utc TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  signature TEXT NOT NULL
);

CREATE TABLE installation_keys (
  purpose TEXT PRIMARY KEY CHECK (purpose IN ('audit-signing')),
  public_key_pem TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  nonce BLOB NOT NULL CHECK (length(nonce) = 12),
  ciphertext BLOB NOT NULL,
  key_id TEXT NOT NULL,
  created_utc TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  value TEXT NOT NULL,
  updated_utc TEXT NOT NULL
);
`;
