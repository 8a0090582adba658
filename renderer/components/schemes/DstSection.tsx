/**
 * Editor section "DST": whether the meter changes to summer time, the time zone the rule must follow, the
 * rule's start and end (week, weekday, month, hour — the meter's form), the clock deviation, and what the
 * meter does with a switch time inside the repeated hour when the clocks go back. Validation compares the
 * rule with the zone's real changes.
 */
import { WEEKDAYS } from '../../../schemes/model';
import { useSchemeEditor } from '../../state/scheme-editor';
import { CheckInput, MONTH_CHOICES, NumberInput, SelectInput, TextInput, type Choice } from './inputs';
import { TIME_ZONE_LIST_ID } from '../shared/TimeZoneList';

const WEEK_CHOICES: readonly Choice[] = [
  { value: 1, label: 'First' },
  { value: 2, label: 'Second' },
  { value: 3, label: 'Third' },
  { value: 4, label: 'Fourth' },
  { value: 'last', label: 'Last' },
];
const WEEKDAY_CHOICES: readonly Choice[] = WEEKDAYS.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }));
const DEVIATIONS: readonly Choice[] = [
  { value: 30, label: '30 minutes' },
  { value: 60, label: '1 hour' },
  { value: 120, label: '2 hours' },
];

function Moment({ which, title, hint }: { which: 'start' | 'end'; title: string; hint: string }) {
  const p = ['dst', which] as const;
  return (
    <fieldset className="form-grid moment" data-path={`dst.${which}`}>
      <legend>{title}</legend>
      <SelectInput path={[...p, 'week']} label="Week of the month" choices={WEEK_CHOICES} />
      <SelectInput path={[...p, 'weekday']} label="Weekday" choices={WEEKDAY_CHOICES} />
      <SelectInput path={[...p, 'month']} label="Month" choices={MONTH_CHOICES} />
      <NumberInput path={[...p, 'hour']} label={`Hour (${hint})`} min={0} max={23} />
    </fieldset>
  );
}

/** Editor section "DST". */
export function DstSection() {
  const dst = useSchemeEditor((s) => s.draft?.dst);
  const set = useSchemeEditor((s) => s.set);
  if (!dst) return null;
  return (
    <div className="scheme-section" data-path="dst">
      <CheckInput path={['dst', 'enabled']} label="The meter changes to summer time (DST)" />
      <div className="form-grid">
        <TextInput path={['dst', 'zone']} label="Time zone the rule follows" list={TIME_ZONE_LIST_ID} placeholder="Europe/London" />
        <SelectInput path={['dst', 'deviationMinutes']} label="Clock moves by" choices={DEVIATIONS} />
      </div>
      {dst.enabled ? (
        <>
          <Moment which="start" title="Summer time starts (clocks go forward)" hint="local standard time" />
          <Moment which="end" title="Summer time ends (clocks go back)" hint="local summer time" />
        </>
      ) : (
        <p className="muted hint">The meter keeps standard time all year.</p>
      )}
      <fieldset className="radio-stack" data-path="dst.repeatedHour">
        <legend>A switch time inside the repeated hour (the day the clocks go back)</legend>
        <label className="check">
          <input type="radio" name="repeated-hour" checked={dst.repeatedHour === 'both-passes'} onChange={() => set(['dst', 'repeatedHour'], 'both-passes')} />
          Switches in both passes — the rate follows the wall clock, so the first pass’s rate comes back for the second pass
        </label>
        <label className="check">
          <input type="radio" name="repeated-hour" checked={dst.repeatedHour === 'first-pass'} onChange={() => set(['dst', 'repeatedHour'], 'first-pass')} />
          Switches in the first pass only — the meter keeps the new rate through the second pass
        </label>
      </fieldset>
    </div>
  );
}
