/**
 * The additive-quantity guard and unit check of a virtual meter (reference billing-and-balances.md "Additivity"):
 * every term must be an energy or interval energy (OBIS D = 8, 9, 29), all of one family (active, reactive or
 * apparent: kWh and kvarh never mix), and name a meter that exists. Demand, instantaneous power, voltage, current,
 * power factor, frequency and unknown codes are refused with a plain message naming the term. Pure.
 */
import type { LinearFormula, LinearTerm } from './formula';
import { describeQuantity, type EnergyFamily, type QuantityInfo, reportUnit } from './quantities';

/** Why a term is refused, in words, for each non-additive kind. */
const REFUSAL: Readonly<Record<string, string>> = {
  'average-demand': 'demand cannot be summed into an energy total; use the energy of the interval instead',
  'maximum-demand': 'maximum demand is not additive: the sum of two maxima is not the maximum of the sum',
  instantaneous: 'instantaneous power is a snapshot, not an energy: it cannot be summed over meters or intervals',
  voltage: 'voltages cannot be summed',
  current: 'currents of different meters cannot be summed into an energy',
  'power-factor': 'power factors cannot be summed',
  frequency: 'frequencies cannot be summed',
  other: 'it is not an energy the workstation knows how to add',
};

/** A formula's checked terms: the common energy family and report unit (kWh, kvarh, kVAh). */
export interface CheckedFormula {
  readonly family: EnergyFamily;
  readonly unit: string;
  readonly terms: readonly (LinearTerm & { readonly quantity: QuantityInfo })[];
}

/** Suggested energy channel for a refused code of an energy family (`1.6.0` → `1.29.0`). */
function suggestion(t: LinearTerm, q: QuantityInfo): string {
  if (q.family === null) return '';
  const c = q.code.split('.')[0];
  return ` Use an energy channel such as [${t.ref.serial}:${c}.29.0].`;
}

/**
 * Check the terms of `f`. `meterExists(serial)` says whether a meter of that serial number is known.
 * @returns the checked formula, or every problem as a plain sentence (one per term, in order).
 */
export function checkFormula(f: LinearFormula, meterExists: (serial: string) => boolean): CheckedFormula | { problems: string[] } {
  const problems: string[] = [];
  const terms = f.terms.map((t) => ({ ...t, quantity: describeQuantity(t.ref.channel) }));
  for (const t of terms) {
    if (!meterExists(t.ref.serial)) problems.push(`Term ${t.ref.text}: there is no meter with serial number "${t.ref.serial}" in the meter manager.`);
    if (!t.quantity.additive) {
      problems.push(`Term ${t.ref.text} is ${t.quantity.label}: ${REFUSAL[t.quantity.kind] ?? REFUSAL.other}.${t.quantity.kind === 'other' ? '' : suggestion(t, t.quantity)}`);
    }
  }
  const families = new Map<EnergyFamily, string>();
  for (const t of terms) if (t.quantity.additive && t.quantity.family !== null && !families.has(t.quantity.family)) families.set(t.quantity.family, t.ref.text);
  if (families.size > 1) {
    const parts = [...families.entries()].map(([fam, text]) => `${text} is ${fam} energy (${reportUnit(fam, 'energy')})`);
    problems.push(`The formula mixes units: ${parts.join(', ')}. A virtual meter adds one kind of energy only.`);
  }
  if (problems.length > 0) return { problems };
  const family = [...families.keys()][0] ?? 'active';
  return { family, unit: reportUnit(family, 'energy'), terms };
}
