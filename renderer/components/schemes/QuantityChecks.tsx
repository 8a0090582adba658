/** A group of checkboxes choosing quantities for a list at `path` (MD quantities, load-profile channels), in model order. */
import { QUANTITIES, type Quantity } from '../../../schemes/model';
import { QUANTITY_LABELS } from '../../lib/quantities';
import { type EditPath } from '../../lib/scheme-edit';
import { pathKey } from '../../lib/scheme-paths';
import { useSchemeEditor } from '../../state/scheme-editor';
import { useDraftValue, useFieldProblems } from './inputs';

/** Checkboxes for the quantity list at `path` under the heading `legend`. */
export function QuantityChecks({ path, legend }: { path: EditPath; legend: string }) {
  const chosen = useDraftValue<readonly Quantity[] | undefined>(path) ?? [];
  const set = useSchemeEditor((s) => s.set);
  const problems = useFieldProblems(path);
  const toggle = (q: Quantity, on: boolean) => set(path, on ? QUANTITIES.filter((x) => x === q || chosen.includes(x)) : chosen.filter((x) => x !== q));
  return (
    <fieldset className="check-grid" data-path={pathKey(path)} aria-invalid={problems.length > 0 || undefined}>
      <legend>{legend}</legend>
      {QUANTITIES.map((q) => (
        <label key={q} className="check">
          <input type="checkbox" checked={chosen.includes(q)} onChange={(e) => toggle(q, e.target.checked)} />
          {QUANTITY_LABELS[q]}
        </label>
      ))}
      {problems[0] && <span className="field-error">{problems[0].message}</span>}
    </fieldset>
  );
}
