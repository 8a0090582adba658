/**
 * Placing wall-clock time stamps of a foreign CSV (local time without offset) in UTC, with the two DST
 * problems handled explicitly instead of luxon's silent choices:
 * - a time in the spring gap (e.g. 2025-03-30 02:30 in Europe/Berlin) does not exist → reported;
 * - a time in the repeated autumn hour (2025-10-26 02:30 in Europe/Berlin) is resolved by its order in the
 *   file: the first occurrence is summer time (the earlier instant), the second standard time. A file in
 *   descending time order is read the other way round (the first occurrence is then standard time).
 * Source: IANA time zone rules via luxon; docs/export-formats.md ("Local time stamps and DST").
 */
import { DateTime } from 'luxon';

/** The result of placing one wall-clock time. */
export type Placement = { readonly ok: true; readonly ms: number; readonly ambiguous: boolean } | { readonly ok: false };

const DAY = 86_400_000;

/** Places the wall-clock times of one file in `timeZone`, remembering repeated autumn-hour times. */
export class WallClockResolver {
  private readonly seen = new Map<number, number>();

  /**
   * @param timeZone IANA zone or `UTC` (must be valid: check with `DateTime.fromMillis(0, { zone }).isValid`).
   * @param descending true when the file lists times newest first.
   */
  constructor(
    private readonly timeZone: string,
    private readonly descending = false,
  ) {}

  private offsetAt(ms: number): number {
    return DateTime.fromMillis(ms, { zone: this.timeZone }).offset;
  }

  /**
   * The UTC instant of a wall-clock time given as epoch ms of the same fields read in UTC
   * (`Date.UTC(y, mo - 1, d, h, mi, s)`). `{ ok: false }` when the time falls in a DST gap.
   * Candidates are the zone's offsets one day before and after; a candidate counts when the zone really has
   * that offset at that instant (zones change offset at most once within two days).
   */
  place(wallMs: number): Placement {
    const offsets = new Set([this.offsetAt(wallMs - DAY), this.offsetAt(wallMs + DAY)]);
    const candidates = [...offsets]
      .map((o) => wallMs - o * 60_000)
      .filter((ms) => this.offsetAt(ms) * 60_000 === wallMs - ms)
      .sort((a, b) => a - b);
    const [early, late] = candidates;
    if (early === undefined) return { ok: false };
    if (late === undefined) return { ok: true, ms: early, ambiguous: false };
    const n = (this.seen.get(wallMs) ?? 0) + 1;
    this.seen.set(wallMs, n);
    const first = this.descending ? late : early;
    const second = this.descending ? early : late;
    return { ok: true, ms: n === 1 ? first : second, ambiguous: true };
  }
}
