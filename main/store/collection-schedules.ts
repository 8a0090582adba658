/**
 * Collection schedules (table `collection_schedules`, migration-collection.ts) and the meters a target names.
 * The next start is computed by the caller on save and after each run (main/collect/due.ts, croner) and stored, so
 * {@link dueSchedules} is one indexed range query however many schedules there are.
 */
import type { Database } from 'better-sqlite3';
import { collectWhatSchema, type ScheduleView, type TargetKind } from '../../contract/collection';
import { StoreError } from '../core/errors';
import { placePath, subtreeIds } from './places';

interface ScheduleRow {
  id: number;
  name: string;
  target_kind: TargetKind;
  target_id: number;
  what_json: string;
  cron: string;
  time_zone: string;
  window_start: string | null;
  window_end: string | null;
  retries: number;
  backoff_s: number;
  enabled: number;
  next_run_utc: string | null;
  last_run_id: number | null;
}

/** "group North", "place North / Riverside", "meter EMU-T0001" (or "… (deleted)"). */
export function targetLabel(db: Database, kind: TargetKind, id: number): string {
  if (kind === 'meter') {
    const m = db.prepare('SELECT serial FROM fleet_meters WHERE id = ?').get(id) as { serial: string } | undefined;
    return `meter ${m?.serial ?? `#${id} (deleted)`}`;
  }
  if (kind === 'group') {
    const g = db.prepare('SELECT name FROM meter_groups WHERE id = ?').get(id) as { name: string } | undefined;
    return `group ${g?.name ?? `#${id} (deleted)`}`;
  }
  return db.prepare('SELECT 1 FROM places WHERE id = ?').get(id) ? `place ${placePath(db, id)}` : `place #${id} (deleted)`;
}

const view = (db: Database, r: ScheduleRow): ScheduleView => ({
  id: r.id, name: r.name, targetKind: r.target_kind, targetId: r.target_id, targetLabel: targetLabel(db, r.target_kind, r.target_id),
  what: collectWhatSchema.parse(JSON.parse(r.what_json)), cron: r.cron, timeZone: r.time_zone, windowStart: r.window_start, windowEnd: r.window_end,
  retries: r.retries, backoffSeconds: r.backoff_s, enabled: r.enabled === 1, nextRunUtc: r.next_run_utc, lastRunId: r.last_run_id,
});

/** Every schedule by name. */
export function listSchedules(db: Database): ScheduleView[] {
  return (db.prepare('SELECT * FROM collection_schedules ORDER BY name COLLATE NOCASE').all() as ScheduleRow[]).map((r) => view(db, r));
}

/** One schedule, or null. */
export function getSchedule(db: Database, id: number): ScheduleView | null {
  const r = db.prepare('SELECT * FROM collection_schedules WHERE id = ?').get(id) as ScheduleRow | undefined;
  return r ? view(db, r) : null;
}

/** A schedule by name (without regard to case), or null. */
export function scheduleByName(db: Database, name: string): ScheduleView | null {
  const r = db.prepare('SELECT * FROM collection_schedules WHERE name = ?').get(name.trim()) as ScheduleRow | undefined;
  return r ? view(db, r) : null;
}

/** A schedule as given to {@link saveSchedule} (after the contract's defaults). */
export type ScheduleData = Omit<ScheduleView, 'id' | 'targetLabel' | 'nextRunUtc' | 'lastRunId'> & { readonly id?: number };

/**
 * Create or change a schedule with its next start `next` (null = none: disabled or never again).
 * @throws StoreError INVALID_DATA (unknown target), NOT_FOUND, CONFLICT (name taken).
 */
export function saveSchedule(db: Database, s: ScheduleData, next: Date | null, now: Date = new Date()): ScheduleView {
  const name = s.name.trim();
  const table = s.targetKind === 'meter' ? 'fleet_meters' : s.targetKind === 'group' ? 'meter_groups' : 'places';
  if (!db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(s.targetId)) throw new StoreError('INVALID_DATA', `The ${s.targetKind} this schedule names no longer exists.`);
  return db.transaction(() => {
    const clash = db.prepare('SELECT id FROM collection_schedules WHERE name = ?').get(name) as { id: number } | undefined;
    if (clash && clash.id !== s.id) throw new StoreError('CONFLICT', `A schedule named "${name}" already exists. Choose another name.`);
    const row = {
      name, target_kind: s.targetKind, target_id: s.targetId, what_json: JSON.stringify(s.what), cron: s.cron.trim(), time_zone: s.timeZone,
      window_start: s.windowStart, window_end: s.windowEnd, retries: s.retries, backoff_s: s.backoffSeconds, enabled: s.enabled ? 1 : 0,
      next_run_utc: s.enabled && next ? next.toISOString() : null, at: now.toISOString(),
    };
    let id = s.id;
    if (id === undefined) {
      id = Number(
        db.prepare(
          `INSERT INTO collection_schedules (name, target_kind, target_id, what_json, cron, time_zone, window_start, window_end, retries, backoff_s, enabled, next_run_utc, created_utc, updated_utc)
           VALUES (@name, @target_kind, @target_id, @what_json, @cron, @time_zone, @window_start, @window_end, @retries, @backoff_s, @enabled, @next_run_utc, @at, @at)`,
        ).run(row).lastInsertRowid,
      );
    } else if (
      db.prepare(
        `UPDATE collection_schedules SET name = @name, target_kind = @target_kind, target_id = @target_id, what_json = @what_json, cron = @cron, time_zone = @time_zone,
           window_start = @window_start, window_end = @window_end, retries = @retries, backoff_s = @backoff_s, enabled = @enabled, next_run_utc = @next_run_utc, updated_utc = @at
         WHERE id = @id`,
      ).run({ ...row, id }).changes === 0
    ) {
      throw new StoreError('NOT_FOUND', 'This schedule no longer exists. Refresh the list.');
    }
    return getSchedule(db, id)!;
  })();
}

/** Delete a schedule (runs keep their history); false when none. */
export function deleteSchedule(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM collection_schedules WHERE id = ?').run(id).changes > 0;
}

/** Ids of enabled schedules whose next start is at or before `now` (indexed range query). */
export function dueSchedules(db: Database, now: Date): number[] {
  return (db.prepare('SELECT id FROM collection_schedules WHERE enabled = 1 AND next_run_utc <= ? ORDER BY next_run_utc').all(now.toISOString()) as { id: number }[]).map((r) => r.id);
}

/** After a start: record the run (if any) and the following start `next`. */
export function markStarted(db: Database, id: number, runId: number | null, next: Date | null): void {
  db.prepare('UPDATE collection_schedules SET next_run_utc = ?, last_run_id = coalesce(?, last_run_id) WHERE id = ?').run(next?.toISOString() ?? null, runId, id);
}

/**
 * Ids of the enabled fleet meters a target names: a meter; a group's members (by serial); a place and everything
 * below it (meters installed there now).
 */
export function targetMeters(db: Database, kind: TargetKind, id: number): number[] {
  let rows: { id: number }[];
  if (kind === 'meter') rows = db.prepare('SELECT id FROM fleet_meters WHERE id = ? AND enabled = 1').all(id) as { id: number }[];
  else if (kind === 'group') {
    rows = db
      .prepare('SELECT m.id FROM fleet_meters m JOIN meter_group_members g ON g.meter_serial = m.serial COLLATE NOCASE WHERE g.group_id = ? AND m.enabled = 1 ORDER BY m.serial')
      .all(id) as { id: number }[];
  } else {
    const places = subtreeIds(db, id);
    rows = db
      .prepare(
        `SELECT m.id FROM fleet_meters m JOIN installations i ON i.meter_id = m.id AND i.removed_utc IS NULL
         WHERE m.enabled = 1 AND i.place_id IN (SELECT value FROM json_each(?)) ORDER BY m.serial`,
      )
      .all(JSON.stringify(places)) as { id: number }[];
  }
  return rows.map((r) => r.id);
}

/**
 * The target a user names on the command line: `meter:<serial>`, `group:<name>`, `place:<path or name>`, or a bare
 * name tried as a group, then a place (path `North/Riverside` or a unique name), then a meter serial.
 * @throws StoreError NOT_FOUND (nothing by that name), CONFLICT (a place name used more than once: give the path).
 */
export function findTarget(db: Database, text: string): { kind: TargetKind; id: number } {
  const m = /^(meter|group|place):(.+)$/.exec(text.trim());
  const kinds: TargetKind[] = m ? [m[1] as TargetKind] : ['group', 'place', 'meter'];
  const name = (m ? m[2]! : text).trim();
  for (const kind of kinds) {
    if (kind === 'group') {
      const g = db.prepare('SELECT id FROM meter_groups WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined;
      if (g) return { kind, id: g.id };
    } else if (kind === 'meter') {
      const f = db.prepare('SELECT id FROM fleet_meters WHERE serial = ?').get(name) as { id: number } | undefined;
      if (f) return { kind, id: f.id };
    } else {
      const parts = name.split('/').map((p) => p.trim()).filter((p) => p !== '');
      let parent: number | null = null;
      let found = true;
      for (const part of parts.length > 1 ? parts : []) {
        const row = db.prepare('SELECT id FROM places WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE').get(parent ?? 0, part) as { id: number } | undefined;
        if (!row) {
          found = false;
          break;
        }
        parent = row.id;
      }
      if (parts.length > 1 && found && parent !== null) return { kind, id: parent };
      if (parts.length === 1) {
        const rows = db.prepare('SELECT id FROM places WHERE name = ? COLLATE NOCASE').all(name) as { id: number }[];
        if (rows.length > 1) throw new StoreError('CONFLICT', `${rows.length} places are called "${name}": give the path, e.g. "Region/Substation/${name}".`);
        if (rows.length === 1) return { kind, id: rows[0]!.id };
      }
    }
  }
  throw new StoreError('NOT_FOUND', `There is no ${m ? m[1] : 'meter group, place or meter'} called "${name}". ("pmu meters list" shows the meters and their places.)`);
}
