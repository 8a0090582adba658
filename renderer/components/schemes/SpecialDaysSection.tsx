/**
 * Editor section "Special days": holidays and other dates on which a day profile replaces the week profile's —
 * a fixed date or every year — with "Add holiday pack…" (public holidays of a country/region) and
 * "Import iCal…" (an .ics calendar); both preview first and leave out dates the scheme already has.
 */
import { useState } from 'react';
import type { DayProfile, SpecialDay } from '../../../schemes/model';
import { compareSpecialDays, withKind } from '../../lib/special-days';
import { insertAt, removeAt } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { HolidayPackDialog, ICalDialog } from './HolidayDialogs';
import { DateInput, MONTH_CHOICES, NumberInput, SelectInput, TextInput } from './inputs';
import { RowsTable } from '../shared/RowsTable';

const NONE: readonly SpecialDay[] = [];
const NO_PROFILES: readonly DayProfile[] = [];

/** Editor section "Special days": the list and its holiday-pack / iCal dialogs. */
export function SpecialDaysSection() {
  const days = useSchemeEditor((s) => s.draft?.specialDays ?? NONE);
  const profiles = useSchemeEditor((s) => s.draft?.dayProfiles ?? NO_PROFILES);
  const update = useSchemeEditor((s) => s.update);
  const set = useSchemeEditor((s) => s.set);
  const [dialog, setDialog] = useState<'pack' | 'ical' | null>(null);
  const add = () =>
    update((s) => insertAt(s, ['specialDays'], { kind: 'fixed', date: `${new Date().getFullYear()}-12-25`, name: 'Holiday', dayProfile: s.dayProfiles[0]?.id ?? '' }));
  const base = (i: number) => ['specialDays', i] as const;
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
        <button type="button" className="button button-light push-right" disabled={days.length < 2} onClick={() => update((s) => ({ ...s, specialDays: [...s.specialDays].sort(compareSpecialDays) }))}>
          Sort by date
        </button>
      </div>
      <RowsTable
        label="Special days"
        scroll="box"
        rows={days}
        rowTestId="special-day-row"
        rowProps={(d) => ({ 'data-kind': d.kind })}
        columns={[
          {
            header: 'Every year',
            cell: (d, i) => (
              <label className="check">
                <input type="checkbox" checked={d.kind === 'recurring'} onChange={(e) => set(base(i), withKind(d, e.target.checked ? 'recurring' : 'fixed', new Date().getFullYear()))} />
                <span className="visually-hidden">Special day {i + 1} every year</span>
              </label>
            ),
          },
          {
            header: 'Date',
            cell: (d, i) =>
              d.kind === 'fixed' ? (
                <DateInput path={[...base(i), 'date']} label={`Special day ${i + 1} date`} hideLabel />
              ) : (
                <span className="row-inline">
                  <NumberInput path={[...base(i), 'day']} label={`Special day ${i + 1} day of month`} hideLabel min={1} max={31} width="narrow" />
                  <SelectInput path={[...base(i), 'month']} label={`Special day ${i + 1} month`} hideLabel choices={MONTH_CHOICES} />
                </span>
              ),
          },
          { header: 'Name', cell: (_d, i) => <TextInput path={[...base(i), 'name']} label={`Special day ${i + 1} name`} hideLabel maxLength={80} /> },
          {
            header: 'Day profile',
            cell: (_d, i) => <SelectInput path={[...base(i), 'dayProfile']} label={`Special day ${i + 1} day profile`} hideLabel choices={profiles.map((p) => ({ value: p.id, label: p.name }))} />,
          },
          { header: 'Source', className: 'muted source-cell', cellProps: (d) => ({ title: d.source ?? 'Typed in the editor' }), cell: (d) => d.source ?? 'typed' },
        ]}
        onRemove={(i) => update((s) => removeAt(s, ['specialDays'], i))}
        removeLabel={(d, i) => `Remove special day ${d.name || i + 1}`}
        empty="No special days: every date follows its season’s week profile."
      />
      {dialog === 'pack' && <HolidayPackDialog onClose={() => setDialog(null)} />}
      {dialog === 'ical' && <ICalDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
