/**
 * Editor section "Rates": the tariff rates (T1…Tn) with their bill names and display colours. Removing a rate
 * that day profiles still use is allowed; validation then lists every switch time that refers to it.
 */
import type { TariffScheme } from '../../../schemes/model';
import { insertAt, rateColour, removeAt } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { RowsTable } from '../shared/RowsTable';
import { NumberInput, TextInput } from './inputs';

function nextRateNumber(s: TariffScheme): number {
  const used = new Set(s.rates.map((r) => r.number));
  for (let n = 1; n <= 32; n++) if (!used.has(n)) return n;
  return 32;
}

/** Editor section "Rates": the rate table and "Add rate". */
export function RatesSection() {
  const draft = useSchemeEditor((s) => s.draft);
  const update = useSchemeEditor((s) => s.update);
  const set = useSchemeEditor((s) => s.set);
  if (!draft) return null;
  const usage = (n: number) => draft.dayProfiles.reduce((k, p) => k + p.switches.filter((x) => x.rate === n).length, 0);
  return (
    <div className="scheme-section" data-path="rates">
      <RowsTable
        label="Rates"
        rows={draft.rates}
        rowTestId="rate-row"
        columns={[
          { header: 'Rate number', cell: (_r, i) => <NumberInput path={['rates', i, 'number']} label={`Rate ${i + 1} number`} hideLabel min={1} max={32} width="narrow" /> },
          { header: 'Name on the bill', cell: (_r, i) => <TextInput path={['rates', i, 'name']} label={`Rate ${i + 1} name`} hideLabel maxLength={40} /> },
          {
            header: 'Colour',
            cell: (r, i) => (
              <input type="color" aria-label={`Rate ${i + 1} colour`} data-path={`rates.${i}.colour`} value={rateColour(draft, r.number)} onChange={(e) => set(['rates', i, 'colour'], e.target.value)} />
            ),
          },
          { header: 'Used by', className: 'muted', cell: (r) => `${usage(r.number)} switch times` },
        ]}
        onRemove={(i) => update((d) => removeAt(d, ['rates'], i))}
        removeLabel={(r, i) => `Remove rate ${r.name || i + 1}`}
        addLabel="Add rate"
        onAdd={() => update((d) => insertAt(d, ['rates'], { number: nextRateNumber(d), name: `Rate ${nextRateNumber(d)}` }))}
      />
    </div>
  );
}
