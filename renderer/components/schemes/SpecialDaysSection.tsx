/**
 * Editor section "Special days": holidays and other dates on which a day profile replaces the week profile's —
 * a fixed date or every year — with "Add holiday pack…" (public holidays of a country/region) and
 * "Import iCal…" (an .ics calendar); both preview first and leave out dates the scheme already has.
 */
import { useState } from 'react';
import { compareSpecialDays, withKind } from '../../lib/special-days';
import { insertAt, removeAt } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { HolidayPackDialog, ICalDialog } from './HolidayDialogs';
import { DateInput, MONTH_CHOICES, NumberInput, SelectInput, TextInput } from './inputs';
import { ActionsHeader } from '../shared/ActionsHeader';

function Row({ index }: { index: number }) {
  const d = useSchemeEditor((s) => s.draft!.specialDays[index]!);
  const profiles = useSchemeEditor((s) => s.draft!.dayProfiles);
  const update = useSchemeEditor((s) => s.update);
  const set = useSchemeEditor((s) => s.set);
  const base = ['specialDays', index] as const;
  const n = index + 1;
  return (
    <tr data-testid="special-day-row" data-kind={d.kind}>
      <td>
        <label className="check">
          <input
            type="checkbox"
            checked={d.kind === 'recurring'}
            onChange={(e) => set(base, withKind(d, e.target.checked ? 'recurring' : 'fixed', new Date().getFullYear()))}
          />
          <span className="visually-hidden">Special day {n} every year</span>
        </label>
      </td>
      <td>
        {d.kind === 'fixed' ? (
          <DateInput path={[...base, 'date']} label={`Special day ${n} date`} hideLabel />
        ) : (
          <span className="row-inline">
            <NumberInput path={[...base, 'day']} label={`Special day ${n} day of month`} hideLabel min={1} max={31} width="narrow" />
            <SelectInput path={[...base, 'month']} label={`Special day ${n} month`} hideLabel choices={MONTH_CHOICES} />
          </span>
        )}
      </td>
      <td>
        <TextInput path={[...base, 'name']} label={`Special day ${n} name`} hideLabel maxLength={80} />
      </td>
      <td>
        <SelectInput path={[...base, 'dayProfile']} label={`Special day ${n} day profile`} hideLabel choices={profiles.map((p) => ({ value: p.id, label: p.name }))} />
      </td>
      <td className="muted source-cell" title={d.source ?? 'Typed in the editor'}>
        {d.source ?? 'typed'}
      </td>
      <td>
        <button type="button" className="link-button danger" aria-label={`Remove special day ${d.name || n}`} onClick={() => update((s) => removeAt(s, ['specialDays'], index))}>
          Remove
        </button>
      </td>
    </tr>
  );
}

/** Editor section "Special days": the list and its holiday-pack / iCal dialogs. */
export function SpecialDaysSection() {
  const count = useSchemeEditor((s) => s.draft?.specialDays.length ?? 0);
  const update = useSchemeEditor((s) => s.update);
  const [dialog, setDialog] = useState<'pack' | 'ical' | null>(null);
  const add = () =>
    update((s) => insertAt(s, ['specialDays'], { kind: 'fixed', date: `${new Date().getFullYear()}-12-25`, name: 'Holiday', dayProfile: s.dayProfiles[0]?.id ?? '' }));
  return (
    <div className="scheme-section" data-path="specialDays">
      <div className="section-actions">
        <button type="button" className="button button-light" onClick={add}>
          Add special day
        </button>
        <button type="button" className="button button-light" onClick={() => setDialog('pack')}>
          Add holiday pack…
        </button>
        <button type="button" className="button button-light" onClick={() => setDialog('ical')}>
          Import iCal…
        </button>
        <button type="button" className="button button-light push-right" disabled={count < 2} onClick={() => update((s) => ({ ...s, specialDays: [...s.specialDays].sort(compareSpecialDays) }))}>
          Sort by date
        </button>
      </div>
      {count === 0 ? (
        <p className="empty">No special days: every date follows its season’s week profile.</p>
      ) : (
        <div className="table-scroll">
          <table className="edit-table" aria-label="Special days">
            <thead>
              <tr>
                <th scope="col">Every year</th>
                <th scope="col">Date</th>
                <th scope="col">Name</th>
                <th scope="col">Day profile</th>
                <th scope="col">Source</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: count }, (_, i) => (
                <Row key={i} index={i} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog === 'pack' && <HolidayPackDialog onClose={() => setDialog(null)} />}
      {dialog === 'ical' && <ICalDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
