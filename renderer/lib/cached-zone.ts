/**
 * An IANA time zone for luxon whose UTC offsets are remembered per minute. luxon asks the browser's Intl API for an
 * IANA zone's offset on every DateTime it makes (`formatToParts`, tens of microseconds each); the chart's time axis
 * makes hundreds per frame (tick generation, labels, day lines), which cost a pan frame about 5 ms. Offsets change
 * only at whole minutes (every tz-database transition since 1970 is minute-aligned), so a per-minute memo is exact;
 * it is dropped when it grows past 200 000 minutes (~140 days of distinct minutes). Everything else — names,
 * formatting — is the real zone's. Pure: luxon only.
 */
import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

const MAX_ENTRIES = 200_000;

export class CachedZone extends Zone {
  private readonly inner: IANAZone;
  private readonly offsets = new Map<number, number>();

  constructor(name: string) {
    super();
    this.inner = IANAZone.create(name);
  }

  override get type(): string {
    return this.inner.type;
  }
  override get name(): string {
    return this.inner.name;
  }
  override get isUniversal(): boolean {
    return false;
  }
  override get isValid(): boolean {
    return this.inner.isValid;
  }
  override offsetName(ts: number, options: ZoneOffsetOptions): string {
    return this.inner.offsetName(ts, options) ?? '';
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.inner.formatOffset(ts, format);
  }
  /** Minutes east of UTC at `ts` (epoch ms). */
  override offset(ts: number): number {
    const minute = Math.floor(ts / 60_000);
    let o = this.offsets.get(minute);
    if (o === undefined) {
      o = this.inner.offset(ts);
      if (this.offsets.size >= MAX_ENTRIES) this.offsets.clear();
      this.offsets.set(minute, o);
    }
    return o;
  }
  override equals(other: Zone): boolean {
    return other.type === this.type && other.name === this.name;
  }
}

const zones = new Map<string, CachedZone>();

/** The shared cached zone of `name` (one per name, so its memo serves every chart of that zone). */
export function cachedZone(name: string): CachedZone {
  let z = zones.get(name);
  if (!z) zones.set(name, (z = new CachedZone(name)));
  return z;
}
