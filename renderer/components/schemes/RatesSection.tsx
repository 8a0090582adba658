/**
 * Editor section "Rates": the tariff rates (T1…Tn) with their bill names and display colours. Removing a rate
 * that day profiles still use is allowed; validation then lists every switch time that refers to it.
 */
import type { TariffScheme } from '../../../schemes/model';
import { insertAt, rateColour, removeAt } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
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
      <table className="edit-table" aria-label="Rates">
        <thead>
          <tr>
            <th scope="col">Rate number</th>
            <th scope="col">Name on the bill</th>
            <th scope="col">Colour</th>
            <th scope="col">Used by</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {draft.rates.map((r, i) => (
            <tr key={i} data-testid="rate-row">
              <td>
                <NumberInput path={['rates', i, 'number']} label={`Rate ${i + 1} number`} hideLabel min={1} max={32} width="narrow" />
              </td>
              <td>
                <TextInput path={['rates', i, 'name']} label={`Rate ${i + 1} name`} hideLabel maxLength={40} />
              </td>
              <td>
                <input
                  type="color"
                  aria-label={`Rate ${i + 1} colour`}
                  data-path={`rates.${i}.colour`}
                  value={rateColour(draft, r.number)}
                  onChange={(e) => set(['rates', i, 'colour'], e.target.value)}
                />
              </td>
              <td className="muted">{usage(r.number)} switch times</td>
              <td>
                <button type="button" className="link-button danger" aria-label={`Remove rate ${r.name || i + 1}`} onClick={() => update((d) => removeAt(d, ['rates'], i))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="section-actions">
        <button
          type="button"
          className="button button-light"
          onClick={() => update((d) => insertAt(d, ['rates'], { number: nextRateNumber(d), name: `Rate ${nextRateNumber(d)}` }))}
        >
          Add rate
        </button>
      </div>
    </div>
  );
}
