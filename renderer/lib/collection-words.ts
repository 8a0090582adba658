/**
 * Pure helpers of the Collection and Meter manager screens: an estimate in words, a drift in words, how long ago /
 * until an instant, and a meter-list import's counts, for people reading a dashboard of many meters.
 */

/** "about 40 s", "about 3 min", "about 2 h 5 min". */
export function etaWords(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  const h = Math.floor(seconds / 3600);
  return `about ${h} h ${Math.round((seconds - h * 3600) / 60)} min`;
}

/** "+95 s (fast)", "−12 s (slow)", "0 s". */
export function driftWords(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s === 0) return '0 s';
  return `${s > 0 ? '+' : '−'}${Math.abs(s)} s (${s > 0 ? 'fast' : 'slow'})`;
}

/** A UTC instant as local `YYYY-MM-DD HH:MM` in `zone` (the window's), or '—'. */
export function shortTime(utc: string | null, zone?: string): string {
  if (!utc) return '—';
  const d = new Date(utc);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** `n thing` / `n things`. */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A meter-list import's counts in words: "2 lines: 1 stored, 0 unchanged, 1 refused · new: 1 meter, 4 places,
 * 1 customer, 1 installation" (the "new" part only when something was created).
 */
export function importSummary(r: {
  readonly lines: number; readonly imported: number; readonly unchanged: number; readonly refused: number;
  readonly created: { readonly meters: number; readonly places: number; readonly customers: number; readonly installations: number };
}): string {
  const c = r.created;
  const made = [count(c.meters, 'meter'), count(c.places, 'place'), count(c.customers, 'customer'), count(c.installations, 'installation')];
  const any = c.meters + c.places + c.customers + c.installations > 0;
  return `${count(r.lines, 'line')}: ${r.imported} stored, ${r.unchanged} unchanged, ${r.refused} refused${any ? ` · new: ${made.join(', ')}` : ''}`;
}
