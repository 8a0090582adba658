/**
 * The fleet time-sync settings (issue 14 item 5), kept in the installation's `settings` table (migration 4) under
 * `timeSync.*`: the trusted time reference (`ntp:<host>[:<port>]`, `gps:<serial port>[@<baud>]`, or '' for none),
 * the largest offset of the workstation clock from it before every meter clock correction is refused, the drift
 * below which a meter clock is left alone, and whether a clock may be SET (security level 3) beyond the ±7.5 min
 * an adjust may creep.
 */
import type { Database } from 'better-sqlite3';
import type { TimeSyncSettings } from '../../contract/collection';

const DEFAULTS: TimeSyncSettings = { reference: '', maxOffsetSeconds: 2, toleranceSeconds: 10, allowSet: false };

/** The stored settings (defaults for those never saved). */
export function getTimeSyncSettings(db: Database): TimeSyncSettings {
  const rows = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'timeSync.%'").all() as { key: string; value: string }[];
  const v = new Map(rows.map((r) => [r.key.slice('timeSync.'.length), r.value]));
  const num = (k: string, d: number) => (v.has(k) && Number.isFinite(Number(v.get(k))) ? Number(v.get(k)) : d);
  return {
    reference: v.get('reference') ?? DEFAULTS.reference,
    maxOffsetSeconds: num('maxOffsetSeconds', DEFAULTS.maxOffsetSeconds),
    toleranceSeconds: num('toleranceSeconds', DEFAULTS.toleranceSeconds),
    allowSet: v.has('allowSet') ? v.get('allowSet') === 'true' : DEFAULTS.allowSet,
  };
}

/** Store `s` (every key); returns what is stored. */
export function saveTimeSyncSettings(db: Database, s: TimeSyncSettings, now: Date = new Date()): TimeSyncSettings {
  const put = db.prepare('INSERT INTO settings (key, value, updated_utc) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc');
  db.transaction(() => {
    for (const [k, val] of Object.entries(s)) put.run(`timeSync.${k}`, String(val), now.toISOString());
  })();
  return getTimeSyncSettings(db);
}
