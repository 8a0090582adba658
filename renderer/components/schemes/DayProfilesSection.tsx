/**
 * Editor section "Day profiles": each day profile as a 24-hour bar coloured by rate, with its switch times
 * (a time input and a rate select each) to add, change and remove. A profile still used by a week profile or a
 * special day cannot be removed (the reason is shown).
 */
import type { DayProfile, TariffScheme } from '../../../schemes/model';
import { minuteOf } from '../../lib/day-grid';
import { freeId, insertAt, rateLabel, removeAt, renameDayProfile } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { DayBar } from './DayBar';
import { IdInput } from './IdInput';
import { SelectInput, TextInput, TimeInput, type Choice } from './inputs';
import { RowsTable } from '../shared/RowsTable';

/** How many week days and special days use day profile `id`. */
export function dayProfileUse(s: TariffScheme, id: string): { weekDays: number; specialDays: number } {
  return {
    weekDays: s.weekProfiles.reduce((k, w) => k + Object.values(w.days).filter((d) => d === id).length, 0),
    specialDays: s.specialDays.filter((d) => d.dayProfile === id).length,
  };
}

function isSorted(p: DayProfile): boolean {
  const m = p.switches.map((s) => minuteOf(s.time) ?? -1);
  return m.every((v, i) => i === 0 || v > m[i - 1]!);
}

/** A new switch time an hour after the profile's last valid one (or 12:00), with the first rate. */
function nextSwitch(s: TariffScheme, p: DayProfile): { time: string; rate: number } {
  const last = Math.max(-1, ...p.switches.map((x) => minuteOf(x.time) ?? -1));
  const at = last < 0 ? 720 : Math.min(1439, last + 60);
  return { time: `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`, rate: s.rates[0]?.number ?? 1 };
}

function ProfileCard({ index }: { index: number }) {
  const draft = useSchemeEditor((s) => s.draft)!;
  const update = useSchemeEditor((s) => s.update);
  const p = draft.dayProfiles[index]!;
  const use = dayProfileUse(draft, p.id);
  const used = use.weekDays + use.specialDays > 0;
  const rates: Choice[] = draft.rates.map((r) => ({ value: r.number, label: rateLabel(draft, r.number) }));
  const base = ['dayProfiles', index] as const;
  return (
    <section className="profile-card" aria-label={`Day profile ${p.name}`} data-path={`dayProfiles.${index}`} data-testid="day-profile">
      <div className="profile-head">
        <TextInput path={[...base, 'name']} label="Name" maxLength={40} />
        <IdInput path={[...base, 'id']} label="ID" rename={renameDayProfile} />
        <span className="muted">
          Used on {use.weekDays} week day{use.weekDays === 1 ? '' : 's'} and {use.specialDays} special day{use.specialDays === 1 ? '' : 's'}
        </span>
        <button
          type="button"
          className="link-button danger push-right"
          disabled={used}
          title={used ? 'Change the week profiles and special days that use it first.' : undefined}
          onClick={() => update((d) => removeAt(d, ['dayProfiles'], index))}
        >
          Remove day profile
        </button>
      </div>
      <DayBar scheme={draft} profile={p} />
      <RowsTable
        label={`Switch times of ${p.name}`}
        tableClassName="switch-table"
        dataPath={`dayProfiles.${index}.switches`}
        rows={p.switches}
        rowTestId="switch-row"
        columns={[
          { header: 'From (local time)', cell: (_s, j) => <TimeInput path={[...base, 'switches', j, 'time']} label={`Switch ${j + 1} time`} hideLabel /> },
          { header: 'Rate', cell: (_s, j) => <SelectInput path={[...base, 'switches', j, 'rate']} label={`Switch ${j + 1} rate`} hideLabel choices={rates} /> },
        ]}
        onRemove={(j) => update((d) => removeAt(d, [...base, 'switches'], j))}
        removeLabel={(_s, j) => `Remove switch ${j + 1} of ${p.name}`}
        addLabel="Add switch time"
        onAdd={() => update((d) => insertAt(d, [...base, 'switches'], nextSwitch(d, d.dayProfiles[index]!)))}
        moreActions={
          !isSorted(p) && (
            <button
              type="button"
              className="button button-light"
              onClick={() => update((d) => ({ ...d, dayProfiles: d.dayProfiles.map((x, k) => (k === index ? { ...x, switches: [...x.switches].sort((a, b) => a.time.localeCompare(b.time)) } : x)) }))}
            >
              Sort by time
            </button>
          )
        }
      />
    </section>
  );
}

/** Editor section "Day profiles": one card per day profile, and "Add day profile". */
export function DayProfilesSection() {
  const count = useSchemeEditor((s) => s.draft?.dayProfiles.length ?? 0);
  const update = useSchemeEditor((s) => s.update);
  const add = () =>
    update((d) => {
      const id = freeId('profile', d.dayProfiles.map((p) => p.id));
      return insertAt(d, ['dayProfiles'], { id, name: `Day profile ${d.dayProfiles.length + 1}`, switches: [{ time: '00:00', rate: d.rates[0]?.number ?? 1 }] });
    });
  return (
    <div className="scheme-section" data-path="dayProfiles">
      <p className="muted hint">Each switch time starts its rate at that local time; before the first switch of a day the last rate of the day before carries on (hatched).</p>
      {Array.from({ length: count }, (_, i) => (
        <ProfileCard key={i} index={i} />
      ))}
      <div className="section-actions">
        <button type="button" className="button button-light" onClick={add}>
          Add day profile
        </button>
      </div>
    </div>
  );
}
