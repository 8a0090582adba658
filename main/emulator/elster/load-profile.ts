import { type LpLayout, type LpRecord, encodeLoadProfile } from '../../../protocol/meters/elster/load-profile';
import { utcMsToMeterSeconds } from '../../../protocol/meters/elster/meter-time';
import type { ElsterModel } from '../../../protocol/meters/elster/model';
import { LP_INTERVAL_MINUTES } from '../../../protocol/meters/elster/profile';
import { DAY_MS } from '../consumption';
import type { MeterEnergy } from '../meter-energy';
import type { ZoneClock } from '../zone-clock';

/**
 * The emulated Elster meter's load profile (ID 550), produced from the consumption model on demand, in the byte format
 * the public drivers read (protocol/meters/elster/lp-codec.ts, docs/elster-sources.md) with the model's own layout:
 * A1140 values as 24-bit binary and its channel mask, A1700 values as 6 BCD digits and its mask with the DST bit 0x80.
 * - 2 channels, import and export (mask bits 0 and 1 on both models): the average demand over each capture period in
 *   mW (the meter's flow unit: 1 kW constant → 1 000 000 mW each interval);
 * - times are the meter's LOCAL seconds (public:iec1107/ProtocolUtils `getCalendar`);
 * - a ring buffer of the last `depthDays` whole local days; each day opens with `E4` at local midnight with the mask,
 *   the interval code and the day's DST flag; then one entry per completed capture period;
 * - `ED` (DST change) at the change, stamped with the new local time;
 * - the simulated power failure: the entry of the period supply was lost, `E6` at that instant, no entries while off,
 *   `E5` at the restore instant;
 * - a clock set: `EA` at the new meter time, and status 0x02 (time sync) on that period.
 * A selection's data carries no FF: the stream receiver adds it after the EOT block
 * (public:iec1107/FlagIEC1107Connection.java:1088); R1 packets are padded with FF.
 */

/** Channel mask of the profile: import (bit 0) and export (bit 1), the same bits on both models. */
export function elsterLpMask(_model: ElsterModel): number {
  return 0x0003;
}
/** Status bit set on the capture period of a clock set (0x02 time sync). */
const TIME_SYNC = 0x02;

/** Where the profile's data comes from. */
export interface ElsterProfileSource {
  readonly energy: MeterEnergy;
  readonly zone: ZoneClock;
  readonly model: ElsterModel;
  /** Meter times (UTC ms, after the set) of clock sets so far. */
  readonly timeChanges: () => readonly number[];
}

/** The load profile of one emulated Elster meter. */
export class ElsterLoadProfileStore {
  readonly periodMs: number;
  readonly intervalCode: number;
  readonly layout: LpLayout;

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
    this.layout = { mask: src.model.lpChannelMask, values: src.model.lpValueEncoding, extendedStatus: false };
  }

  private secondsOf(t: number): number {
    return utcMsToMeterSeconds(t, { zone: this.src.zone.timeZone });
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
      { kind: 'marker', marker: 'newDay', seconds: this.secondsOf(start), config: { channelMask: elsterLpMask(this.src.model), intervalCode: this.intervalCode, dst: zone.local(start).dst } },
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
        recs.push({ kind: 'marker', marker: 'dstChange', seconds: this.secondsOf(at) });
        offset = now;
      }
      let status = 0;
      for (const c of changes) {
        if (c >= s && c < e) {
          recs.push({ kind: 'marker', marker: 'timeChange', seconds: this.secondsOf(c) });
          status |= TIME_SYNC;
        }
      }
      const kwh = energy.between(s, e);
      const entry: LpRecord = { kind: 'entry', status, values: [kwh.importKwh, kwh.exportKwh].map((v) => Math.round((v * 1e6 * 3_600_000) / P)) };
      if (o && o.startUtcMs < e && o.endUtcMs > s) {
        const down = o.startUtcMs >= s;
        const up = o.endUtcMs < e;
        if (!down && !up) continue;
        if (up && !down) recs.push({ kind: 'marker', marker: 'powerUp', seconds: this.secondsOf(o.endUtcMs) });
        recs.push(entry);
        if (down) recs.push({ kind: 'marker', marker: 'powerDown', seconds: this.secondsOf(o.startUtcMs) });
        if (down && up) recs.push({ kind: 'marker', marker: 'powerUp', seconds: this.secondsOf(o.endUtcMs) });
        continue;
      }
      recs.push(entry);
    }
    return recs;
  }

  /**
   * Bytes of a selection at meter time `t`: the held days that overlap [fromUtcMs, toUtcMs] (null = open), or only the
   * newest `lastDays` days when given. No FF end marker (see the module comment).
   */
  select(t: number, fromUtcMs: number | null, toUtcMs: number | null, lastDays?: number): Uint8Array {
    let days = this.days(t).filter(([a, b]) => (fromUtcMs === null || b > fromUtcMs) && (toUtcMs === null || a <= toUtcMs));
    if (lastDays !== undefined) days = days.slice(Math.max(0, days.length - lastDays));
    const recs: LpRecord[] = [];
    for (const [a, b] of days) recs.push(...this.dayRecords(a, b, t));
    return encodeLoadProfile(recs, this.layout);
  }
}
