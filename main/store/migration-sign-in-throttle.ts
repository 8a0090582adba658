/**
 * Migration "sign-in failures per user name and source" (issue 11.5, main/auth/throttle.ts): failed sign-ins counted in the store per user name and per
 * source, for names that exist and names that do not alike (they were counted in memory for unknown names, and a
 * hard 15-minute lock of the account let anyone lock out the only administrator).
 * - `name_key`: HMAC-SHA256(installation salt in `settings` `auth.throttleSalt`, lower-cased name), 4 hex digits —
 *   never the name (it may be a password typed into the wrong field);
 * - `source`: `desktop`, `browser` or `cli:<OS user>`;
 * - `failures` since the last success from that source; `last_failure_utc` starts the wait (2^(n−3) s, ≤ 15 min).
 * `users.locked_until_utc` is no longer written (the wait is per source now); `users.failed_attempts` still counts
 * every failure of an existing user for the administrator's list.
 */
export const SIGN_IN_THROTTLE = `
CREATE TABLE sign_in_throttle (
  name_key TEXT NOT NULL CHECK (length(name_key) BETWEEN 1 AND 64),
  source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 80),
  failures INTEGER NOT NULL CHECK (failures >= 1),
  last_failure_utc TEXT NOT NULL,
  PRIMARY KEY (name_key, source)
);
UPDATE users SET locked_until_utc = NULL;
`;
