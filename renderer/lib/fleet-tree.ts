/**
 * Pure helpers of the meter manager: the place hierarchy as indented rows (region → substation → feeder → place, each
 * place followed by the meters installed there), and the words and inputs of its forms (CT/VT ratios, dates).
 */
import type { FleetMeterView, FleetTreeView, PlaceView, Ratio } from '../../contract';

/** One row of the tree: a place (with its depth) or a meter installed at the place above it. */
export type FleetRow =
  | { readonly kind: 'place'; readonly place: PlaceView; readonly depth: number; readonly meters: number }
  | { readonly kind: 'meter'; readonly meter: FleetMeterView; readonly depth: number };

/** Rows in tree order (children by name); `collapsed` place ids hide what is below them. */
export function fleetRows(tree: FleetTreeView, collapsed: ReadonlySet<number> = new Set()): FleetRow[] {
  const children = new Map<number | null, PlaceView[]>();
  for (const p of tree.places) children.set(p.parentId, [...(children.get(p.parentId) ?? []), p]);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const metersAt = new Map<number, FleetMeterView[]>();
  for (const m of tree.meters) if (m.installation) metersAt.set(m.installation.placeId, [...(metersAt.get(m.installation.placeId) ?? []), m]);
  const below = (id: number): number => (metersAt.get(id)?.length ?? 0) + (children.get(id) ?? []).reduce((n, c) => n + below(c.id), 0);
  const rows: FleetRow[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const p of children.get(parent) ?? []) {
      rows.push({ kind: 'place', place: p, depth, meters: below(p.id) });
      if (collapsed.has(p.id)) continue;
      walk(p.id, depth + 1);
      for (const m of metersAt.get(p.id) ?? []) rows.push({ kind: 'meter', meter: m, depth: depth + 1 });
    }
  };
  walk(null, 0);
  return rows;
}

/** Meters not installed anywhere (listed apart in the tree). */
export function uninstalledMeters(tree: FleetTreeView): FleetMeterView[] {
  return tree.meters.filter((m) => !m.installation);
}

/** `200/5` for a ratio; `1/1` reads "direct". */
export function ratioText(r: Ratio): string {
  return r.primary === 1 && r.secondary === 1 ? 'direct' : `${r.primary}/${r.secondary}`;
}

/** `200/5` or `40` → ratio, or null when not a ratio. */
export function parseRatioInput(text: string): Ratio | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[/:]\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!m) return null;
  const r = { primary: Number(m[1]), secondary: m[2] === undefined ? 1 : Number(m[2]) };
  return r.primary > 0 && r.secondary > 0 ? r : null;
}

/** A `<input type="date">` value (a local day) → the UTC instant of its midnight in this window's zone. */
export function dayToUtc(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}
