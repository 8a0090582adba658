/** The one time-zone list: a <datalist> of IANA time-zone names (renderer/lib/time-zones.ts) for text inputs (`list={TIME_ZONE_LIST_ID}`); render once per screen. */
import { timeZoneNames } from '../../lib/time-zones';

/** The id of the time-zone <datalist> (for an input's `list`). */
export const TIME_ZONE_LIST_ID = 'pmu-time-zones';

/** The <datalist> of every IANA time-zone name the browser knows. */
export function TimeZoneList() {
  return (
    <datalist id={TIME_ZONE_LIST_ID}>
      {timeZoneNames().map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
