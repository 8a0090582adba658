/**
 * Editor section "Week profiles": each week profile as a Monday…Sunday grid, a day-profile select per day with
 * that day's mini 24-hour bar under it. A week profile still used by a season cannot be removed.
 */
import { WEEKDAYS, type TariffScheme } from '../../../schemes/model';
import { freeId, insertAt, removeAt, renameWeekProfile } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { DayBar } from './DayBar';
import { IdInput } from './IdInput';
import { SelectInput, TextInput } from './inputs';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

function WeekCard({ index }: { index: number }) {
  const draft = useSchemeEditor((s) => s.draft)!;
  const update = useSchemeEditor((s) => s.update);
  const w = draft.weekProfiles[index]!;
  const seasons = draft.seasons.filter((s) => s.weekProfile === w.id).length;
  const choices = draft.dayProfiles.map((p) => ({ value: p.id, label: p.name }));
  return (
    <section className="profile-card" aria-label={`Week profile ${w.name}`} data-path={`weekProfiles.${index}`} data-testid="week-profile">
      <div className="profile-head">
        <TextInput path={['weekProfiles', index, 'name']} label="Name" maxLength={40} />
        <IdInput path={['weekProfiles', index, 'id']} label="ID" rename={renameWeekProfile} />
        <span className="muted">
          Used by {seasons} season{seasons === 1 ? '' : 's'}
        </span>
        <button
          type="button"
          className="link-button danger push-right"
          disabled={seasons > 0}
          title={seasons > 0 ? 'Change the seasons that use it first.' : undefined}
          onClick={() => update((d) => removeAt(d, ['weekProfiles'], index))}
        >
          Remove week profile
        </button>
      </div>
      <div className="week-grid">
        {WEEKDAYS.map((day, k) => {
          const profile = draft.dayProfiles.find((p) => p.id === w.days[day]);
          return (
            <div key={day} className="week-day">
              <SelectInput path={['weekProfiles', index, 'days', day]} label={DAY_NAMES[k]!} choices={choices} />
              {profile ? <DayBar scheme={draft} profile={profile} mini /> : <div className="day-bar-missing">no day profile</div>}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function newWeek(d: TariffScheme) {
  const first = d.dayProfiles[0]?.id ?? '';
  return {
    id: freeId('week', d.weekProfiles.map((w) => w.id)),
    name: `Week profile ${d.weekProfiles.length + 1}`,
    days: Object.fromEntries(WEEKDAYS.map((day) => [day, first])) as TariffScheme['weekProfiles'][number]['days'],
  };
}

/** Editor section "Week profiles": one Monday…Sunday grid per week profile. */
export function WeekProfilesSection() {
  const count = useSchemeEditor((s) => s.draft?.weekProfiles.length ?? 0);
  const update = useSchemeEditor((s) => s.update);
  return (
    <div className="scheme-section" data-path="weekProfiles">
      {Array.from({ length: count }, (_, i) => (
        <WeekCard key={i} index={i} />
      ))}
      <div className="section-actions">
        <button type="button" className="button button-light" onClick={() => update((d) => insertAt(d, ['weekProfiles'], newWeek(d)))}>
          Add week profile
        </button>
      </div>
    </div>
  );
}
