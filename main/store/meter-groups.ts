/**
 * Meter groups (tables `meter_groups`, `meter_group_members`; migration 4): named sets of meters by serial number,
 * used to limit users to some meters (user_scopes) and to store one meter password for many meters
 * (main/secrets/credentials.ts). Serial numbers are kept as given (trimmed) and compared without regard to case.
 */
import type { Database } from 'better-sqlite3';
import type { MeterGroupView } from '../../contract/auth';
import { StoreError } from '../core/errors';

/** Every group with its serial numbers, by name. */
export function listMeterGroups(db: Database): MeterGroupView[] {
  const groups = db.prepare('SELECT id, name FROM meter_groups ORDER BY name COLLATE NOCASE').all() as { id: number; name: string }[];
  const members = db.prepare('SELECT meter_serial AS s FROM meter_group_members WHERE group_id = ? ORDER BY meter_serial');
  return groups.map((g) => ({ id: g.id, name: g.name, serials: (members.all(g.id) as { s: string }[]).map((m) => m.s) }));
}

/** One group, or null. */
export function meterGroup(db: Database, id: number): MeterGroupView | null {
  return listMeterGroups(db).find((g) => g.id === id) ?? null;
}

/**
 * Create (no id) or change a group, replacing its members; returns it as stored.
 * @throws StoreError NOT_FOUND (unknown id), CONFLICT (name taken), INVALID_DATA (empty name, bad serial).
 */
export function saveMeterGroup(db: Database, g: { id?: number; name: string; serials: readonly string[] }, now: Date = new Date()): MeterGroupView {
  const name = g.name.trim();
  if (name.length < 1 || name.length > 80) throw new StoreError('INVALID_DATA', 'A meter group name has 1 to 80 characters.');
  const serials = [...new Set(g.serials.map((s) => s.trim()).filter((s) => s !== ''))];
  const bad = serials.find((s) => s.length > 32 || /[\u0000-\u001f\u007f]/.test(s));
  if (bad !== undefined) throw new StoreError('INVALID_DATA', `"${bad.slice(0, 40)}" is not a meter serial number (at most 32 characters, no control characters).`);
  return db.transaction(() => {
    const clash = db.prepare('SELECT id FROM meter_groups WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined;
    if (clash && clash.id !== g.id) throw new StoreError('CONFLICT', `A meter group named "${name}" already exists. Choose another name.`);
    let id = g.id;
    if (id === undefined) {
      id = Number(db.prepare('INSERT INTO meter_groups (name, created_utc) VALUES (?, ?)').run(name, now.toISOString()).lastInsertRowid);
    } else if (db.prepare('UPDATE meter_groups SET name = ? WHERE id = ?').run(name, id).changes === 0) {
      throw new StoreError('NOT_FOUND', 'This meter group no longer exists. Refresh the list.');
    }
    db.prepare('DELETE FROM meter_group_members WHERE group_id = ?').run(id);
    const add = db.prepare('INSERT INTO meter_group_members (group_id, meter_serial) VALUES (?, ?)');
    for (const s of serials) add.run(id, s);
    return meterGroup(db, id)!;
  })();
}

/**
 * Delete a group with its members, its stored passwords and the user scopes naming it; false when none.
 * @throws StoreError CONFLICT when a user is limited to this group ONLY: removing their last meter-group limit would
 *   let them work on every meter, so they must be limited to another group (or unlimited on purpose) first.
 */
export function deleteMeterGroup(db: Database, id: number): boolean {
  return db.transaction(() => {
    const onlyHere = db
      .prepare(
        `SELECT u.username AS name FROM users u JOIN user_scopes s ON s.user_id = u.id AND s.kind = 'meter-group'
         GROUP BY u.id HAVING count(*) = 1 AND max(s.target_id) = ? ORDER BY u.username`,
      )
      .all(id) as { name: string }[];
    if (onlyHere.length > 0) {
      const names = onlyHere.map((r) => r.name).join(', ');
      throw new StoreError(
        'CONFLICT',
        `${names} ${onlyHere.length === 1 ? 'is' : 'are'} limited to this meter group only; deleting it would let ${onlyHere.length === 1 ? 'that user' : 'them'} work on every meter. Limit them to another group first (Users → Edit…).`,
      );
    }
    db.prepare("DELETE FROM user_scopes WHERE kind = 'meter-group' AND target_id = ?").run(id);
    return db.prepare('DELETE FROM meter_groups WHERE id = ?').run(id).changes > 0;
  })();
}
