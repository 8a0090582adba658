/**
 * Times of day of a tariff scheme (`hh:mm`, the meter's local wall clock) as minutes after local midnight and back.
 * Re-exported by ./model.ts.
 */

/** Minutes after local midnight of an `hh:mm` time of day. Assumes the text passed model.ts `timeOfDaySchema`. */
export function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** `hh:mm` of a minute after local midnight (0…1439). */
export function timeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
