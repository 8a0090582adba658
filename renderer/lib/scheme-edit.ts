/**
 * Immutable edits of a tariff scheme draft for the editor (pure, unit-tested): set a value at a JSON path,
 * insert/remove list items, rename a day or week profile id together with every reference to it, and the
 * default display colour of a rate. The draft may hold values that do not pass the model yet (an empty time,
 * a half-typed number): schemes/validate.ts reports them live; nothing here throws on them.
 */
import type { TariffScheme } from '../../schemes/model';

/** A path into the scheme: keys and list indexes (`['dayProfiles', 0, 'switches', 2, 'time']`). */
export type EditPath = readonly (string | number)[];

function copyWith(container: unknown, key: string | number, value: unknown): unknown {
  if (Array.isArray(container)) {
    const next = [...container];
    next[Number(key)] = value;
    return next;
  }
  return { ...(container as Record<string, unknown>), [key]: value };
}

/** `obj` with the value at `path` replaced (copies only along the path). An empty path returns `value`. */
export function setIn<T>(obj: T, path: EditPath, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const child = (obj as Record<string | number, unknown> | null)?.[head];
  return copyWith(obj, head, setIn(child ?? (typeof rest[0] === 'number' ? [] : {}), rest, value)) as T;
}

/** The value at `path`, or undefined. */
export function getIn(obj: unknown, path: EditPath): unknown {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** `obj` with item `index` removed from the list at `path`. */
export function removeAt<T>(obj: T, path: EditPath, index: number): T {
  const list = getIn(obj, path);
  if (!Array.isArray(list)) return obj;
  return setIn(obj, path, list.filter((_, i) => i !== index));
}

/** `obj` with `item` appended to (or inserted at `index` of) the list at `path`. */
export function insertAt<T>(obj: T, path: EditPath, item: unknown, index?: number): T {
  const list = getIn(obj, path);
  const base = Array.isArray(list) ? [...list] : [];
  base.splice(index ?? base.length, 0, item);
  return setIn(obj, path, base);
}

/** Day profile `from` renamed to `to`, and every week profile day and special day that used `from` with it. */
export function renameDayProfile(s: TariffScheme, from: string, to: string): TariffScheme {
  if (from === to) return s;
  return {
    ...s,
    dayProfiles: s.dayProfiles.map((p) => (p.id === from ? { ...p, id: to } : p)),
    weekProfiles: s.weekProfiles.map((w) => ({
      ...w,
      days: Object.fromEntries(Object.entries(w.days).map(([d, id]) => [d, id === from ? to : id])) as typeof w.days,
    })),
    specialDays: s.specialDays.map((d) => (d.dayProfile === from ? { ...d, dayProfile: to } : d)),
  };
}

/** Week profile `from` renamed to `to`, and every season that used `from` with it. */
export function renameWeekProfile(s: TariffScheme, from: string, to: string): TariffScheme {
  if (from === to) return s;
  return {
    ...s,
    weekProfiles: s.weekProfiles.map((w) => (w.id === from ? { ...w, id: to } : w)),
    seasons: s.seasons.map((x) => (x.weekProfile === from ? { ...x, weekProfile: to } : x)),
  };
}

/** An id not used yet among `taken`: `base`, `base-2`, `base-3`… */
export function freeId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** Colours for rates without their own (distinct, readable on white; T1 first). */
export const RATE_PALETTE = [
  '#e07b39', '#3960e0', '#39a857', '#b5409a', '#d4b106', '#1aa3a3', '#8c5a2b', '#6a4fc9',
  '#d9434f', '#5e8c31', '#2f6f9f', '#c77dbb', '#7a7a7a', '#e0a339', '#39c0e0', '#a0303a',
] as const;

/** Display colour of rate `number`: its own `colour`, else the palette's. Unknown rates are grey. */
export function rateColour(s: Pick<TariffScheme, 'rates'>, number: number): string {
  const own = s.rates.find((r) => r.number === number)?.colour;
  if (own) return own;
  if (!s.rates.some((r) => r.number === number)) return '#c3c9d2';
  return RATE_PALETTE[(number - 1 + RATE_PALETTE.length) % RATE_PALETTE.length] ?? '#7a7a7a';
}

/** `Day (T1)` — a rate's label by number; `T7 (not defined)` when the scheme has no such rate. */
export function rateLabel(s: Pick<TariffScheme, 'rates'>, number: number): string {
  const r = s.rates.find((x) => x.number === number);
  return r ? `${r.name} (T${r.number})` : `T${number} (not defined)`;
}
