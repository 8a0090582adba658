/**
 * Chart.js with only the parts the load-profile chart uses (tree-shaken), the luxon date adapter so the time axis can
 * be placed in the reading's time zone (`scales.x.adapters.date.zone`), the data decimation plugin (min-max: a year of
 * 15-minute values drawn as at most a few points per pixel column without losing peaks) and chartjs-plugin-zoom
 * (wheel / pinch / shift-drag zoom, drag to pan, limited to the profile's span).
 * The luxon adapter makes its DateTimes in a zone whose offsets are memoised per minute (./cached-zone.ts): the time
 * axis makes hundreds per frame, and an IANA zone asks the Intl API for every one.
 */
import { _adapters, Chart, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip } from 'chart.js';
import 'chartjs-adapter-luxon';
import zoomPlugin from 'chartjs-plugin-zoom';
import { DateTime } from 'luxon';
import { cachedZone } from './cached-zone';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Legend, Decimation, zoomPlugin);

// chartjs-adapter-luxon's `_create` (every adapter method goes through it), with the zone name mapped to its cached zone.
_adapters._date.override({
  _create(this: { options: { zone?: string; locale?: string } }, time: number) {
    const { zone, locale } = this.options;
    return DateTime.fromMillis(time, { zone: typeof zone === 'string' ? cachedZone(zone) : zone, ...(locale ? { locale } : {}) });
  },
} as Parameters<typeof _adapters._date.override>[0]);

export { Chart };
