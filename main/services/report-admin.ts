/**
 * Use cases behind the reports: virtual meters (check a formula, save a version, delete) and a meter's tariff
 * history (list, record an assignment, delete one). Viewing needs `reports.view`, changing `reports.manage`; every
 * change is stored with its audit record in one transaction.
 */
import type { FormulaCheckView, TariffAssignInput, TariffHistoryEntry, VirtualMeterInput, VirtualMeterView } from '../../contract/reports';
import { recordChange } from '../audit/record-change';
import { checkFormula } from '../../reporting/formula-check';
import { compileFormula, formatLinear, FormulaError } from '../../reporting/formula';
import { fleetMeterBySerial, getFleetMeter } from '../store/fleet-meters';
import { StoreError } from '../core/errors';
import { readingMeterIds } from '../store/report-index';
import { assignTariff, deleteTariffAssignment, tariffHistory } from '../store/tariff-history';
import { deleteVirtualMeter, getVirtualMeter, listVirtualMeters, saveVirtualMeter } from '../store/virtual-meters';
import { authorize } from './authorize';
import type { AppContext } from '../core/context';

/** Every virtual meter. Needs `reports.view`. */
export function virtualMeters(ctx: AppContext): VirtualMeterView[] {
  authorize(ctx, 'reports.view');
  return listVirtualMeters(ctx.db);
}

/** Check `formula` against the grammar, the additive-quantity guard, units and the known meters. Needs `reports.view`. */
export function checkVirtualFormula(ctx: AppContext, formula: string): FormulaCheckView {
  authorize(ctx, 'reports.view');
  let compiled;
  try {
    compiled = compileFormula(formula);
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, unit: null, canonical: null, terms: [], problems: [{ message: e.message, position: e.position }] };
    throw e;
  }
  const known = (serial: string) => fleetMeterBySerial(ctx.db, serial) !== null || readingMeterIds(ctx.db, serial).length > 0;
  const checked = checkFormula(compiled, known);
  const terms = compiled.terms.map((t) => ({ text: t.ref.text, serial: t.ref.serial, channel: t.ref.channel, coefficient: t.coefficient, quantity: '' }));
  if ('problems' in checked) return { ok: false, unit: null, canonical: formatLinear(compiled), terms, problems: checked.problems.map((message) => ({ message, position: null })) };
  return {
    ok: true, unit: checked.unit, canonical: formatLinear(compiled), problems: [],
    terms: checked.terms.map((t) => ({ text: t.ref.text, serial: t.ref.serial, channel: t.ref.channel, coefficient: t.coefficient, quantity: t.quantity.label })),
  };
}

/**
 * Create a virtual meter or save a new formula version (audit `virtualMeter.saved`). Needs `reports.manage`.
 * @throws StoreError INVALID_DATA with every problem of the formula in plain words; NOT_FOUND, CONFLICT.
 */
export function saveVirtualMeterAs(ctx: AppContext, v: VirtualMeterInput): VirtualMeterView {
  authorize(ctx, 'reports.manage');
  const check = checkVirtualFormula(ctx, v.formula);
  if (!check.ok) throw new StoreError('INVALID_DATA', `The formula cannot be saved: ${check.problems.map((p) => p.message).join(' ')}`);
  const before = v.id === undefined ? null : getVirtualMeter(ctx.db, v.id);
  const by = ctx.actor?.username ?? ctx.operator;
  return recordChange(ctx, () => saveVirtualMeter(ctx.db, { ...v, unit: check.unit! }, by), (after) => ({
    action: 'virtualMeter.saved', object: `virtualMeter:${after.id}`,
    summary: { ...(before ? { before: { name: before.name, version: before.versions.at(-1)?.version, formula: before.versions.at(-1)?.formula } } : {}), after: { name: after.name, ...after.versions.at(-1) } },
  }));
}

/** Delete a virtual meter (audit `virtualMeter.deleted`). Needs `reports.manage`. */
export function deleteVirtualMeterAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'reports.manage');
  const before = getVirtualMeter(ctx.db, id);
  return recordChange(ctx, () => deleteVirtualMeter(ctx.db, id), (done) => (done ? { action: 'virtualMeter.deleted', object: `virtualMeter:${id}`, summary: { before: { name: before?.name } } } : null));
}

/** A fleet meter's tariff history. Needs `reports.view`. @throws StoreError NOT_FOUND. */
export function meterTariffHistory(ctx: AppContext, meterId: number): TariffHistoryEntry[] {
  authorize(ctx, 'reports.view');
  if (!getFleetMeter(ctx.db, meterId)) throw new StoreError('NOT_FOUND', `No fleet meter with id ${meterId}.`);
  return tariffHistory(ctx.db, meterId);
}

/** Record a scheme version in force on a meter from a time (audit `tariffAssignment.saved`). Needs `reports.manage`. */
export function assignTariffAs(ctx: AppContext, a: TariffAssignInput): TariffHistoryEntry {
  authorize(ctx, 'reports.manage');
  const serial = getFleetMeter(ctx.db, a.meterId)?.serial ?? null;
  const by = ctx.actor?.username ?? ctx.operator;
  return recordChange(ctx, () => assignTariff(ctx.db, a, by), (after) => ({ action: 'tariffAssignment.saved', meterSerial: serial, object: `tariffAssignment:${after.id}`, summary: { after } }));
}

/** Delete a recorded assignment (audit `tariffAssignment.deleted`). Needs `reports.manage`. */
export function deleteTariffAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'reports.manage');
  return recordChange(ctx, () => deleteTariffAssignment(ctx.db, id), (before) =>
    before ? { action: 'tariffAssignment.deleted', meterSerial: getFleetMeter(ctx.db, before.meterId)?.serial ?? null, object: `tariffAssignment:${id}`, summary: { before } } : null,
  ) !== null;
}
