/**
 * Measurement places (table `places`, migration-fleet.ts): the hierarchy region → substation → feeder → place.
 * Functions of a db handle; plain StoreErrors for bad input. The service layer (main/services/meter-manager.ts)
 * checks permissions and writes the audit record around these.
 */
import type { Database } from 'better-sqlite3';
import { PLACE_KINDS, childKinds, type PlaceInput, type PlaceKind, type PlaceView } from '../../contract/fleet';

export { childKinds };
import { StoreError } from '../core/errors';

interface PlaceRow {
  id: number;
  parent_id: number | null;
  kind: PlaceKind;
  name: string;
  code: string | null;
  address: string;
  time_zone: string | null;
  notes: string;
}

const view = (r: PlaceRow): PlaceView => ({
  id: r.id, parentId: r.parent_id, kind: r.kind, name: r.name, code: r.code, address: r.address, timeZone: r.time_zone, notes: r.notes,
});

/** Every place, by name (the window builds the tree from `parentId`). */
export function listPlaces(db: Database): PlaceView[] {
  const rows = db.prepare('SELECT * FROM places ORDER BY name COLLATE NOCASE, id').all() as PlaceRow[];
  return rows.map(view);
}

/** One place, or null. */
export function getPlace(db: Database, id: number): PlaceView | null {
  const r = db.prepare('SELECT * FROM places WHERE id = ?').get(id) as PlaceRow | undefined;
  return r ? view(r) : null;
}

/** The place `id` and its ancestors, top (region) first. @throws StoreError NOT_FOUND. */
export function placeLineage(db: Database, id: number): PlaceView[] {
  const out: PlaceView[] = [];
  const seen = new Set<number>();
  for (let at: number | null = id; at !== null && !seen.has(at); ) {
    seen.add(at);
    const p = getPlace(db, at);
    if (!p) throw new StoreError('NOT_FOUND', 'This place no longer exists. Refresh the tree.');
    out.unshift(p);
    at = p.parentId;
  }
  return out;
}

/** "North / Riverside / Feeder 3 / Mill Lane 4" for place `id`. */
export function placePath(db: Database, id: number): string {
  return placeLineage(db, id).map((p) => p.name).join(' / ');
}

/** The IANA zone in force at place `id` (its own, else the nearest ancestor's), or null. */
export function placeTimeZone(db: Database, id: number): string | null {
  const lineage = placeLineage(db, id);
  for (let i = lineage.length - 1; i >= 0; i--) if (lineage[i]!.timeZone) return lineage[i]!.timeZone;
  return null;
}

/** Ids of place `id` and every place below it. */
export function subtreeIds(db: Database, id: number): number[] {
  const rows = db
    .prepare('WITH RECURSIVE t(id) AS (SELECT ? UNION ALL SELECT p.id FROM places p JOIN t ON p.parent_id = t.id) SELECT id FROM t')
    .all(id) as { id: number }[];
  return rows.map((r) => r.id);
}

/**
 * Create (no id) or change a place; returns it as stored.
 * @throws StoreError INVALID_DATA (kind not allowed under the parent, a node moved below itself), NOT_FOUND (unknown id
 *   or parent), CONFLICT (a sibling with that name, or the code used elsewhere).
 */
export function savePlace(db: Database, p: PlaceInput, now: Date = new Date()): PlaceView {
  const name = p.name.trim();
  const code = p.code?.trim() ? p.code.trim() : null;
  return db.transaction(() => {
    const parent = p.parentId === null ? null : getPlace(db, p.parentId);
    if (p.parentId !== null && !parent) throw new StoreError('NOT_FOUND', 'The parent place no longer exists. Refresh the tree.');
    const allowed = childKinds(parent?.kind ?? null);
    if (!allowed.includes(p.kind)) {
      const where = parent ? `under the ${parent.kind} "${parent.name}"` : 'at the top level';
      throw new StoreError('INVALID_DATA', `A ${p.kind} cannot be ${where}: ${allowed.length ? `only ${allowed.join(' or ')}` : 'nothing'} can (order: ${PLACE_KINDS.join(' → ')}).`);
    }
    if (p.id !== undefined) {
      const before = getPlace(db, p.id);
      if (!before) throw new StoreError('NOT_FOUND', 'This place no longer exists. Refresh the tree.');
      if (p.parentId !== null && subtreeIds(db, p.id).includes(p.parentId)) {
        throw new StoreError('INVALID_DATA', `"${before.name}" cannot be moved below itself.`);
      }
      const children = db.prepare('SELECT kind FROM places WHERE parent_id = ?').all(p.id) as { kind: PlaceKind }[];
      const bad = children.find((c) => !childKinds(p.kind).includes(c.kind));
      if (bad) throw new StoreError('INVALID_DATA', `"${before.name}" holds a ${bad.kind}, which cannot be under a ${p.kind}. Move it first.`);
    }
    const sibling = db
      .prepare('SELECT id FROM places WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE')
      .get(p.parentId ?? 0, name) as { id: number } | undefined;
    if (sibling && sibling.id !== p.id) throw new StoreError('CONFLICT', `There is already a place named "${name}" here. Choose another name.`);
    if (code !== null) {
      const owner = db.prepare('SELECT id, name FROM places WHERE code = ? COLLATE NOCASE').get(code) as { id: number; name: string } | undefined;
      if (owner && owner.id !== p.id) throw new StoreError('CONFLICT', `The code "${code}" is already used by "${owner.name}".`);
    }
    const at = now.toISOString();
    const values = [p.parentId, p.kind, name, code, p.address?.trim() ?? '', p.timeZone ?? null, p.notes?.trim() ?? ''];
    let id = p.id;
    if (id === undefined) {
      id = Number(
        db
          .prepare('INSERT INTO places (parent_id, kind, name, code, address, time_zone, notes, created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(...values, at, at).lastInsertRowid,
      );
    } else {
      db.prepare('UPDATE places SET parent_id = ?, kind = ?, name = ?, code = ?, address = ?, time_zone = ?, notes = ?, updated_utc = ? WHERE id = ?').run(...values, at, id);
    }
    return getPlace(db, id)!;
  })();
}

/**
 * Delete place `id`; false when it did not exist.
 * @throws StoreError CONFLICT when it has child places or any installation (history is kept: remove nothing).
 */
export function deletePlace(db: Database, id: number): boolean {
  return db.transaction(() => {
    const p = getPlace(db, id);
    if (!p) return false;
    const children = (db.prepare('SELECT count(*) AS n FROM places WHERE parent_id = ?').get(id) as { n: number }).n;
    if (children > 0) throw new StoreError('CONFLICT', `"${p.name}" still holds ${children} place${children === 1 ? '' : 's'}. Delete or move them first.`);
    const installs = (db.prepare('SELECT count(*) AS n FROM installations WHERE place_id = ?').get(id) as { n: number }).n;
    if (installs > 0) {
      throw new StoreError('CONFLICT', `"${p.name}" has ${installs} installation${installs === 1 ? '' : 's'} on record; its history is kept, so it cannot be deleted.`);
    }
    return db.prepare('DELETE FROM places WHERE id = ?').run(id).changes > 0;
  })();
}

/**
 * The place at `path` (names from the region down, compared without regard to case), creating missing nodes with
 * the kinds of `kinds` (same length as `path`); returns its id and how many nodes were created.
 * @throws StoreError as {@link savePlace}.
 */
export function ensurePlacePath(db: Database, path: readonly { kind: PlaceKind; name: string }[], now: Date = new Date()): { id: number; created: number } {
  let parent: number | null = null;
  let created = 0;
  for (const step of path) {
    const found = db
      .prepare('SELECT id, kind FROM places WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE')
      .get(parent ?? 0, step.name.trim()) as { id: number; kind: PlaceKind } | undefined;
    if (found) {
      if (found.kind !== step.kind) throw new StoreError('INVALID_DATA', `"${step.name}" exists as a ${found.kind}, not a ${step.kind}.`);
      parent = found.id;
      continue;
    }
    parent = savePlace(db, { parentId: parent, kind: step.kind, name: step.name }, now).id;
    created++;
  }
  if (parent === null) throw new StoreError('INVALID_DATA', 'A place path needs at least one name.');
  return { id: parent, created };
}
