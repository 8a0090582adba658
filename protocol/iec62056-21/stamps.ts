/**
 * Meter time stamps of IEC 62056-21 data sets: `[z]YYMMDDhhmm[ss]` (maximum-demand times, billing period ends;
 * z = season digit 0 normal, 1 summer, 2 UTC). Source: reference note "OBIS conventions seen in readouts"
 * (../shared/reference/iec62056-21.md), "Load profile and logbook" (season digit).
 */

/** Two decimal digits at `s[i]`, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 0x30;
  const b = s.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * A meter time stamp `[z]YYMMDDhhmm[ss]` → local ISO text `20YY-MM-DDThh:mm:ss`, or null when the text is not
 * a valid date and time. Two-digit years are taken as 2000–2099. The optional leading season digit (0, 1 or 2;
 * 11 or 13 digits) is accepted and dropped. Never throws. Hand-written: it runs for every later value group
 * of a readout (bench/readout-parse.ts).
 */
export function parseMeterStamp(text: string): string | null {
  const n = text.length;
  if (n < 10 || n > 13) return null;
  let i = 0;
  if (n === 11 || n === 13) {
    const z = text.charCodeAt(0);
    if (z < 0x30 || z > 0x32) return null;
    i = 1;
  }
  const yy = two(text, i);
  const mo = two(text, i + 2);
  const dd = two(text, i + 4);
  const hh = two(text, i + 6);
  const mi = two(text, i + 8);
  const ss = n - i === 12 ? two(text, i + 10) : 0;
  if (yy < 0 || mo < 0 || dd < 0 || hh < 0 || mi < 0 || ss < 0) return null;
  return localIso(2000 + yy, mo, dd, hh, mi, ss);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days in month `mo` (1–12) of year `y` (Gregorian). */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Validated `YYYY-MM-DDThh:mm:ss` from parts, or null for an impossible date/time. */
export function localIso(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  if (d > daysInMonth(y, mo)) return null;
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}
