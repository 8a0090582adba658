import { readUintLE, uintLE } from './bcd';

/**
 * The dialect's 4-byte little-endian Unix times (load profile markers, programming counter, maximum demand,
 * load-profile range ID 554). Reference: "Unix times" (../shared/reference/elster-dialect.md).
 * ASSUMPTION: they count UTC seconds since 1970-01-01T00:00:00Z, and 0 or 0xFFFFFFFF in a history slot mean
 * "no entry". The meter's wall-clock (DST) state is carried separately (load-profile DST bit).
 */

/** The "no entry" values of a time slot. */
export const UNIX_NONE: readonly number[] = [0, 0xffffffff];

/** Unix seconds → ISO 8601 UTC with milliseconds and Z (`2025-03-30T01:00:00.000Z`). Never throws for 0…2^32−1. */
export function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** 4-byte LE Unix time at `offset` → ISO UTC, or null for an empty slot (0 / 0xFFFFFFFF). */
export function readUnixSlot(bytes: Uint8Array, offset: number): { unix: number; utc: string | null } {
  const unix = readUintLE(bytes, offset, 4);
  return { unix, utc: UNIX_NONE.includes(unix) ? null : unixToIso(unix) };
}

/**
 * ISO instant (with Z or offset) or Unix seconds → 4 little-endian bytes; null → 0 (empty slot).
 * @throws RangeError for an unparseable instant or one outside 1970…2106.
 */
export function unixBytes(time: string | number | null): Uint8Array {
  if (time === null) return new Uint8Array(4);
  if (typeof time === 'string' && !/(Z|[+-]\d{2}:?\d{2})$/.test(time)) throw new RangeError(`${JSON.stringify(time)} has no Z or UTC offset`);
  const seconds = typeof time === 'number' ? time : Date.parse(time) / 1000;
  if (!Number.isInteger(seconds)) throw new RangeError(`${JSON.stringify(time)} is not a whole-second instant`);
  return uintLE(seconds, 4);
}
