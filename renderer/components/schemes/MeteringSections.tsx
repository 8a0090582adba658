/**
 * Editor sections "Maximum demand" (integration period, block or sliding, quantities, per rate, billing dates,
 * reset lockout), "Load profile" (capture period, channels, depth) and "Pulse outputs" (terminal, quantity,
 * constant, pulse width).
 */
import { QUANTITIES } from '../../../schemes/model';
import { QUANTITY_LABELS } from '../../lib/quantities';
import { insertAt, removeAt } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { CheckInput, MONTH_CHOICES, NumberInput, SelectInput, type Choice } from './inputs';
import { QuantityChecks } from './QuantityChecks';
import { RowsTable } from '../shared/RowsTable';

const PERIODS: readonly Choice[] = [5, 10, 15, 30, 60].map((m) => ({ value: m, label: `${m} minutes` }));
const QUANTITY_CHOICES: readonly Choice[] = QUANTITIES.map((q) => ({ value: q, label: QUANTITY_LABELS[q] }));
const BILLING_MONTHS: readonly Choice[] = [{ value: 0, label: 'Every month' }, ...MONTH_CHOICES];

function BillingDates() {
  const dates = useSchemeEditor((s) => s.draft?.maximumDemand.billingDates ?? []);
  const update = useSchemeEditor((s) => s.update);
  const set = useSchemeEditor((s) => s.set);
  return (
    <fieldset className="list-fieldset" data-path="maximumDemand.billingDates">
      <legend>Billing (MD reset) dates</legend>
      {dates.map((d, i) => (
        <div key={i} className="row-inline">
          <NumberInput path={['maximumDemand', 'billingDates', i, 'day']} label={`Billing date ${i + 1} day`} hideLabel min={1} max={28} width="narrow" />
          <select
            aria-label={`Billing date ${i + 1} month`}
            data-path={`maximumDemand.billingDates.${i}.month`}
            value={d.month ?? 0}
            onChange={(e) => set(['maximumDemand', 'billingDates', i], Number(e.target.value) === 0 ? { day: d.day } : { day: d.day, month: Number(e.target.value) })}
          >
            {BILLING_MONTHS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
          <button type="button" className="link-button danger" aria-label={`Remove billing date ${i + 1}`} onClick={() => update((s) => removeAt(s, ['maximumDemand', 'billingDates'], i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-light" onClick={() => update((s) => insertAt(s, ['maximumDemand', 'billingDates'], { day: 1 }))}>
        Add billing date
      </button>
    </fieldset>
  );
}

/** Editor section "Maximum demand". */
export function MaximumDemandSection() {
  const method = useSchemeEditor((s) => s.draft?.maximumDemand.method);
  const set = useSchemeEditor((s) => s.set);
  return (
    <div className="scheme-section" data-path="maximumDemand">
      <div className="form-grid">
        <SelectInput path={['maximumDemand', 'integrationPeriodMinutes']} label="Integration (demand) period" choices={PERIODS} />
        <Methods method={method} onChange={(m) => set(['maximumDemand', 'method'], m)} />
        <NumberInput path={['maximumDemand', 'subIntervals']} label="Sub-intervals (sliding)" min={1} max={15} />
        <NumberInput path={['maximumDemand', 'resetLockoutDays']} label="Billing-reset lockout (days)" min={0} max={31} />
      </div>
      <CheckInput path={['maximumDemand', 'perRate']} label="Separate MD register per rate" />
      <QuantityChecks path={['maximumDemand', 'quantities']} legend="Quantities with a maximum demand register" />
      <BillingDates />
    </div>
  );
}

function Methods({ method, onChange }: { method: string | undefined; onChange: (m: 'block' | 'sliding') => void }) {
  return (
    <fieldset className="radio-row" data-path="maximumDemand.method">
      <legend>Method</legend>
      <label className="check">
        <input type="radio" name="md-method" checked={method === 'block'} onChange={() => onChange('block')} />
        Block
      </label>
      <label className="check">
        <input type="radio" name="md-method" checked={method === 'sliding'} onChange={() => onChange('sliding')} />
        Sliding
      </label>
    </fieldset>
  );
}

/** Editor section "Load profile". */
export function LoadProfileSection() {
  return (
    <div className="scheme-section" data-path="loadProfile">
      <div className="form-grid">
        <NumberInput path={['loadProfile', 'capturePeriodMinutes']} label="Capture period (minutes)" min={1} max={60} />
        <NumberInput path={['loadProfile', 'depthDays']} label="Depth (days; 0 = as deep as the memory allows)" min={0} max={1000} />
      </div>
      <QuantityChecks path={['loadProfile', 'channels']} legend="Channels recorded" />
    </div>
  );
}

/** Editor section "Pulse outputs". */
export function PulseOutputsSection() {
  const count = useSchemeEditor((s) => s.draft?.pulseOutputs.length ?? 0);
  const update = useSchemeEditor((s) => s.update);
  const add = () => update((s) => insertAt(s, ['pulseOutputs'], { output: s.pulseOutputs.length + 1, quantity: 'active-import', pulsesPerUnit: 1000, widthMs: 80 }));
  return (
    <div className="scheme-section" data-path="pulseOutputs">
      <RowsTable
        label="Pulse outputs"
        rows={Array.from({ length: count }, (_, i) => i)}
        empty="No pulse outputs are set up."
        columns={[
          { header: 'Terminal', cell: (i) => <NumberInput path={['pulseOutputs', i, 'output']} label={`Pulse output ${i + 1} terminal`} hideLabel min={1} max={8} width="narrow" /> },
          { header: 'Quantity', cell: (i) => <SelectInput path={['pulseOutputs', i, 'quantity']} label={`Pulse output ${i + 1} quantity`} hideLabel choices={QUANTITY_CHOICES} /> },
          { header: 'Pulses per kWh / kvarh', cell: (i) => <NumberInput path={['pulseOutputs', i, 'pulsesPerUnit']} label={`Pulse output ${i + 1} pulses per unit`} hideLabel min={0} step={0.001} /> },
          { header: 'Pulse width (ms)', cell: (i) => <NumberInput path={['pulseOutputs', i, 'widthMs']} label={`Pulse output ${i + 1} pulse width`} hideLabel min={1} max={1000} width="narrow" /> },
        ]}
        onRemove={(i) => update((s) => removeAt(s, ['pulseOutputs'], i))}
        removeLabel={(i) => `Remove pulse output ${i + 1}`}
        addLabel="Add pulse output"
        onAdd={add}
      />
    </div>
  );
}
