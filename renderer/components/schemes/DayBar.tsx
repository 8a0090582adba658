/**
 * The 24-hour bar of a day profile: one coloured run per rate between its switch times (local wall clock),
 * hatched where the previous day's last rate carries over midnight. The full bar has hour ticks and the rate
 * names; the mini bar (week grid) has neither. Announced to assistive technology as one sentence.
 */
import type { DayProfile, TariffScheme } from '../../../schemes/model';
import { daySegments, timeText, type DaySegment } from '../../lib/day-grid';
import { rateColour, rateLabel } from '../../lib/scheme-edit';

function describe(s: Pick<TariffScheme, 'rates'>, name: string, segs: readonly DaySegment[]): string {
  if (segs.length === 0) return `Day profile ${name}: no valid switch times yet`;
  return `Day profile ${name}: ${segs.map((g) => `${timeText(g.from)} to ${timeText(g.to)} ${rateLabel(s, g.rate)}`).join(', ')}`;
}

const TICKS = [0, 3, 6, 9, 12, 15, 18, 21, 24] as const;

/** The 24-hour bar of `profile` coloured by `scheme`'s rates; `mini` for the week grid. */
export function DayBar({ scheme, profile, mini = false }: { scheme: Pick<TariffScheme, 'rates'>; profile: Pick<DayProfile, 'name' | 'switches'>; mini?: boolean }) {
  const segs = daySegments(profile);
  return (
    <div className={mini ? 'day-bar-wrap mini' : 'day-bar-wrap'}>
      <div className="day-bar" role="img" aria-label={describe(scheme, profile.name, segs)} data-testid="day-bar">
        {segs.map((g, i) => (
          <div
            key={i}
            className={g.carried ? 'day-run carried' : 'day-run'}
            data-rate={g.rate}
            title={`${timeText(g.from)}–${timeText(g.to)} ${rateLabel(scheme, g.rate)}${g.carried ? ' (carried over from the previous day)' : ''}`}
            style={{ left: `${(g.from / 1440) * 100}%`, width: `${((g.to - g.from) / 1440) * 100}%`, background: rateColour(scheme, g.rate) }}
          >
            {!mini && g.to - g.from >= 120 && <span className="day-run-label">{scheme.rates.find((r) => r.number === g.rate)?.name ?? `T${g.rate}`}</span>}
          </div>
        ))}
      </div>
      {!mini && (
        <div className="day-ticks" aria-hidden="true">
          {TICKS.map((h) => (
            <span key={h} style={{ left: `${(h / 24) * 100}%` }}>
              {String(h).padStart(2, '0')}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
