/**
 * Sign-in throttling (issue 11.5, docs/security.md "Sign-in"): failed sign-ins are counted in the store
 * (`sign_in_throttle`, migration 7) per user NAME and per SOURCE, for names that exist and names that do not,
 * through the same code (so neither the answers nor the timing tell whether a user exists). After
 * {@link FREE_FAILURES} failures of a (name, source) pair, each further attempt from that source must wait
 * 2^(n − FREE_FAILURES) seconds after the last failure, at most {@link MAX_DELAY_MS} (15 min); an attempt inside the
 * wait is refused without checking the password (and without counting). A success clears the pair.
 * Why per source and not a lock of the account: a stranger who types wrong passwords for the only administrator's
 * name only slows down THEIR OWN source; the administrator signs in from the desktop app or the command line
 * as usual. Sources: `desktop` (the desktop app's windows), `browser` (every browser-mode tab: anyone holding the
 * launch link), `cli:<OS user>` (the `pmu` command, per operating-system account). The guessing rate per name is
 * bounded by the number of sources (about 100 guesses a day each once throttled).
 * Names are never stored: the key is HMAC-SHA256(installation salt, lower-cased name) cut to 16 bits — enough to
 * keep names apart for throttling (a rare collision only shares a delay), too little to recover a password
 * mistakenly typed as a user name from a copy of the store.
 * Time is injected (`now`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** Failures of a (name, source) pair that cost nothing. */
export const FREE_FAILURES = 3;
/** Longest wait between attempts of one (name, source), ms (15 min). */
export const MAX_DELAY_MS = 15 * 60_000;

const SALT_SETTING = 'auth.throttleSalt';

/** The installation's throttle salt (made on first use, kept in `settings`). */
function saltOf(db: Database): Buffer {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SALT_SETTING) as { value: string } | undefined;
  if (row) return Buffer.from(row.value, 'base64');
  db.prepare('INSERT OR IGNORE INTO settings (key, value, updated_utc) VALUES (?, ?, ?)').run(SALT_SETTING, randomBytes(16).toString('base64'), new Date().toISOString());
  return saltOf(db);
}

/** The stored key of a user name (see the file comment): 4 hex digits. */
export function nameKey(db: Database, username: string): string {
  return createHmac('sha256', saltOf(db)).update(username.trim().toLowerCase(), 'utf8').digest('hex').slice(0, 4);
}

/** The source of a sign-in from channel `channel` (`desktop:7`, `browser:abc`, `cli`) by OS user `operator`. */
export function sourceOf(channel: string, operator: string): string {
  const kind = channel.split(':')[0] ?? 'unknown';
  return kind === 'cli' ? `cli:${operator}`.slice(0, 80) : kind.slice(0, 40);
}

/** The wait after `failures` failures, ms. */
export function delayAfter(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(failures - FREE_FAILURES, 20));
}

interface Row {
  failures: number;
  last_failure_utc: string;
}

/** When `username` may try again from `source` (null: now). */
export function waitUntil(db: Database, username: string, source: string, now: Date): Date | null {
  const row = db.prepare('SELECT failures, last_failure_utc FROM sign_in_throttle WHERE name_key = ? AND source = ?').get(nameKey(db, username), source) as Row | undefined;
  if (!row) return null;
  const until = Date.parse(row.last_failure_utc) + delayAfter(row.failures);
  return until > now.getTime() ? new Date(until) : null;
}

/** Count a failure of `username` from `source` at `now`; returns the pair's failures so far. */
export function countFailure(db: Database, username: string, source: string, now: Date): number {
  const key = nameKey(db, username);
  db.prepare(
    `INSERT INTO sign_in_throttle (name_key, source, failures, last_failure_utc) VALUES (?, ?, 1, ?)
     ON CONFLICT (name_key, source) DO UPDATE SET failures = failures + 1, last_failure_utc = excluded.last_failure_utc`,
  ).run(key, source, now.toISOString());
  return (db.prepare('SELECT failures FROM sign_in_throttle WHERE name_key = ? AND source = ?').get(key, source) as { failures: number }).failures;
}

/** Clear the failures of `username` from `source` (a success), or from every source (`source` omitted: an administrator's reset). */
export function clearFailures(db: Database, username: string, source?: string): void {
  const key = nameKey(db, username);
  if (source === undefined) db.prepare('DELETE FROM sign_in_throttle WHERE name_key = ?').run(key);
  else db.prepare('DELETE FROM sign_in_throttle WHERE name_key = ? AND source = ?').run(key, source);
}

/** The latest time any source must wait for `username` (for the administrator's user list), or null. */
export function latestWait(db: Database, username: string, now: Date): Date | null {
  const rows = db.prepare('SELECT failures, last_failure_utc FROM sign_in_throttle WHERE name_key = ?').all(nameKey(db, username)) as Row[];
  const until = Math.max(0, ...rows.map((r) => Date.parse(r.last_failure_utc) + delayAfter(r.failures)));
  return until > now.getTime() ? new Date(until) : null;
}

/** "Wait 2 minutes" / "Wait 40 seconds" for a wait ending at `until`. */
export function throttledMessage(until: Date, now: Date): string {
  const s = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const wait = s >= 120 ? `${Math.ceil(s / 60)} minutes` : `${s} second${s === 1 ? '' : 's'}`;
  return `Too many failed sign-ins with this user name here. Wait ${wait}, then try again. (The desktop app and the command line count separately; an administrator can clear the wait.)`;
}
