/**
 * Editor section "Seasons": a timeline across January–December showing which season (and week profile) is in
 * force on each day, and the list of seasons with their start (month and day, every year) and week profile.
 * The part of January before the first start belongs to the year's last season (hatched).
 */
import type { TariffScheme } from '../../../schemes/model';
import { seasonSegments, TIMELINE_MONTHS } from '../../lib/day-grid';
import { insertAt, RATE_PALETTE, removeAt } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { MONTH_CHOICES, MONTHS, NumberInput, SelectInput, TextInput } from './inputs';
import { RowsTable } from '../shared/RowsTable';

/** Colour of week profile `id` on the timeline (by its place in the list). */
function weekColour(s: TariffScheme, id: string): string {
  const i = s.weekProfiles.findIndex((w) => w.id === id);
  return i < 0 ? '#c3c9d2' : (RATE_PALETTE[(i + 8) % RATE_PALETTE.length] ?? '#7a7a7a');
}

/** The year timeline of `scheme`'s seasons, coloured by week profile. */
export function SeasonTimeline({ scheme }: { scheme: TariffScheme }) {
  const segs = seasonSegments(scheme.seasons);
  const weekName = (id: string) => scheme.weekProfiles.find((w) => w.id === id)?.name ?? `${id} (missing)`;
  const label = `Season timeline: ${segs.map((g) => `${g.name} (${weekName(g.weekProfile)})${g.carried ? ' carried over from the year before' : ''}`).join(', then ')}`;
  return (
    <div className="timeline-wrap">
      <div className="timeline" role="img" aria-label={label} data-testid="season-timeline">
        {segs.map((g, i) => (
          <div
            key={i}
            className={g.carried ? 'timeline-run carried' : 'timeline-run'}
            title={`${g.name}: week profile ${weekName(g.weekProfile)}`}
            style={{ left: `${(g.from / 366) * 100}%`, width: `${((g.to - g.from) / 366) * 100}%`, background: weekColour(scheme, g.weekProfile) }}
          >
            {g.to - g.from >= 30 && <span className="day-run-label">{g.name}</span>}
          </div>
        ))}
      </div>
      <div className="day-ticks months" aria-hidden="true">
        {MONTHS.map((m, i) => (
          <span key={m} style={{ left: `${(TIMELINE_MONTHS[i]! / 366) * 100}%` }}>
            {m.slice(0, 3)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** Editor section "Seasons": timeline and the season list. */
export function SeasonsSection() {
  const draft = useSchemeEditor((s) => s.draft);
  const update = useSchemeEditor((s) => s.update);
  if (!draft) return null;
  const weeks = draft.weekProfiles.map((w) => ({ value: w.id, label: w.name }));
  return (
    <div className="scheme-section" data-path="seasons">
      <SeasonTimeline scheme={draft} />
      <RowsTable
        label="Seasons"
        rows={draft.seasons}
        rowTestId="season-row"
        columns={[
          { header: 'Season', cell: (_s, i) => <TextInput path={['seasons', i, 'name']} label={`Season ${i + 1} name`} hideLabel maxLength={40} /> },
          { header: 'Starts (month)', cell: (_s, i) => <SelectInput path={['seasons', i, 'start', 'month']} label={`Season ${i + 1} start month`} hideLabel choices={MONTH_CHOICES} /> },
          { header: 'Starts (day)', cell: (_s, i) => <NumberInput path={['seasons', i, 'start', 'day']} label={`Season ${i + 1} start day`} hideLabel min={1} max={31} width="narrow" /> },
          { header: 'Week profile', cell: (_s, i) => <SelectInput path={['seasons', i, 'weekProfile']} label={`Season ${i + 1} week profile`} hideLabel choices={weeks} /> },
        ]}
        onRemove={(i) => update((d) => removeAt(d, ['seasons'], i))}
        removeLabel={(s, i) => `Remove season ${s.name || i + 1}`}
        addLabel="Add season"
        onAdd={() => update((d) => insertAt(d, ['seasons'], { name: `Season ${d.seasons.length + 1}`, start: { month: 7, day: 1 }, weekProfile: d.weekProfiles[0]?.id ?? '' }))}
      />
    </div>
  );
}
