import { type LpRecord, encodeLoadProfile } from '../../protocol/meters/elster/load-profile';
import { LP_INTERVAL_MINUTES } from '../../protocol/meters/elster/profile';
import { DAY_MS } from './consumption';
import type { MeterEnergy } from './meter-energy';
import type { ZoneClock } from './zone-clock';

/**
 * The emulated Elster meter's load profile (ID 550), produced from the consumption model on demand, in the
 * byte format of protocol/meters/elster/load-profile.ts (reference "Load profile encoding"):
 * - 2 channels, import W and export W (channel mask 0x0003): the average demand over each capture period;
 * - a ring buffer of the last `depthDays` whole local days (older days are overwritten);
 * - each local day opens with `E4` (new day, at local midnight) carrying the mask, the interval code and the DST
 *   flag of that midnight; then one entry per completed capture period (status + 2 × 3 BCD bytes);
 * - `ED` (DST change) at the instant the zone changes offset, before the first interval after it;
 * - the simulated power failure: the entry of the period in which supply was lost, then `E6` (power down) at
 *   that instant; no entries while off; `E5` (power up) at the restore instant, then the entries go on;
 * - a clock set: `EA` (time change) at the new meter time, and status bit 0x02 (time sync) on that period;
 * - the data ends with `FF` and the meter time of the selection.
 * Selections cover whole local days (the day records need their `E4`), oldest first.
 */

/** Channel mask of the profile: import W (bit 0) and export W (bit 1). */
export const ELSTER_LP_MASK = 0x0003;
/** Status bit set on the capture period of a clock set (reference: 0x02 time sync). */
const TIME_SYNC = 0x02;

const unix = (ms: number) => Math.floor(ms / 1000);

/** Where the profile's data comes from. */
export interface ElsterProfileSource {
  readonly energy: MeterEnergy;
  readonly zone: ZoneClock;
  /** Meter times (UTC ms, after the set) of clock sets so far. */
  readonly timeChanges: () => readonly number[];
}

/** The load profile of one emulated Elster meter. */
export class ElsterLoadProfileStore {
  readonly periodMs: number;
  readonly intervalCode: number;

  /**
   * @param periodMinutes capture period, one of 1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60.
   * @param depthDays whole local days held (≥ 1).
   * @throws RangeError for another period or depth.
   */
  constructor(
    private readonly src: ElsterProfileSource,
    readonly periodMinutes: number,
    readonly depthDays: number,
  ) {
    this.intervalCode = LP_INTERVAL_MINUTES.indexOf(periodMinutes);
    if (this.intervalCode < 0) throw new RangeError(`capture period ${periodMinutes} min is not one of ${LP_INTERVAL_MINUTES.join(', ')}`);
    if (!(Number.isInteger(depthDays) && depthDays >= 1)) throw new RangeError(`load profile depth ${depthDays} days is not a whole number ≥ 1`);
    this.periodMs = periodMinutes * 60_000;
  }

  /** Local midnight (UTC ms) of the day containing `t`, and of the day after. */
  private dayOf(t: number): [number, number] {
    const z = this.src.zone;
    const l = z.local(t);
    const start = z.toUtc({ year: l.year, month: l.month, day: l.day });
    const next = new Date(Date.UTC(l.year, l.month - 1, l.day + 1));
    return [start, z.toUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() })];
  }

  /** The local days held at meter time `t`, oldest first: [start, end) UTC ms. */
  days(t: number): [number, number][] {
    const out: [number, number][] = [];
    const installed = this.src.energy.installedUtcMs;
    let [start, end] = this.dayOf(t - (this.depthDays - 1) * DAY_MS);
    while (start <= t) {
      if (end > installed) out.push([start, end]);
      [start, end] = this.dayOf(end + 3_600_000);
    }
    return out;
  }

  /** Records of one local day [start, end) up to meter time `t` (completed capture periods only). */
  dayRecords(start: number, end: number, t: number): LpRecord[] {
    const { energy, zone } = this.src;
    const P = this.periodMs;
    const recs: LpRecord[] = [
      { kind: 'marker', marker: 'newDay', unix: unix(start), config: { channelMask: ELSTER_LP_MASK, intervalCode: this.intervalCode, dst: zone.local(start).dst } },
    ];
    const changes = this.src.timeChanges();
    const o = energy.outage;
    let offset = zone.offsetMinutes(start);
    for (let s = start; s + P <= end && s + P <= t; s += P) {
      const e = s + P;
      if (e <= energy.installedUtcMs) continue;
      const now = zone.offsetMinutes(s);
      if (now !== offset) {
        let at = s - P;
        while (zone.offsetMinutes(at) === offset) at += 60_000;
        recs.push({ kind: 'marker', marker: 'dstChange', unix: unix(at) });
        offset = now;
      }
      let status = 0;
      for (const c of changes) {
        if (c >= s && c < e) {
          recs.push({ kind: 'marker', marker: 'timeChange', unix: unix(c) });
          status |= TIME_SYNC;
        }
      }
      const kwh = energy.between(s, e);
      const entry: LpRecord = { kind: 'entry', status, values: [kwh.importKwh, kwh.exportKwh].map((v) => (v * 1000 * 3_600_000) / P) };
      if (o && o.startUtcMs < e && o.endUtcMs > s) {
        const down = o.startUtcMs >= s;
        const up = o.endUtcMs < e;
        if (!down && !up) continue; // no supply during the whole period: nothing captured
        if (up && !down) recs.push({ kind: 'marker', marker: 'powerUp', unix: unix(o.endUtcMs) });
        recs.push(entry);
        if (down) recs.push({ kind: 'marker', marker: 'powerDown', unix: unix(o.startUtcMs) });
        if (down && up) recs.push({ kind: 'marker', marker: 'powerUp', unix: unix(o.endUtcMs) });
        continue;
      }
      recs.push(entry);
    }
    return recs;
  }

  /**
   * Bytes of a selection at meter time `t`: the held days that overlap [fromUtcMs, toUtcMs] (null = open), or
   * only the newest `lastDays` days when given; then `FF` with the time of `t`. Always ends with the end marker.
   */
  select(t: number, fromUtcMs: number | null, toUtcMs: number | null, lastDays?: number): Uint8Array {
    let days = this.days(t).filter(([a, b]) => (fromUtcMs === null || b > fromUtcMs) && (toUtcMs === null || a <= toUtcMs));
    if (lastDays !== undefined) days = days.slice(Math.max(0, days.length - lastDays));
    const recs: LpRecord[] = [];
    for (const [a, b] of days) recs.push(...this.dayRecords(a, b, t));
    recs.push({ kind: 'end', unix: unix(t) });
    return encodeLoadProfile(recs);
  }
}
