/**
 * The report form: kind (billing, balance, virtual meter), what it covers (meter, place, customer or virtual meter,
 * picked from the meter manager and the virtual meters), the period (local dates, both included) and an optional
 * time zone (default: the meter's or place's).
 */
import type { FleetTreeView } from '../../../contract';
import { lastMonth, useReports } from '../../state/reports';

export function ReportForm({ tree }: { tree: FleetTreeView | null }) {
  const form = useReports((s) => s.form);
  const running = useReports((s) => s.running);
  const vms = useReports((s) => s.virtualMeters);
  const set = useReports.getState().setForm;
  const places = tree?.places ?? [];
  const placeLabel = (id: number) => {
    const names: string[] = [];
    for (let p = places.find((x) => x.id === id); p; p = places.find((x) => x.id === p!.parentId)) names.unshift(p.name);
    return names.join(' / ');
  };
  const placeOptions = places.map((p) => ({ id: p.id, label: `${placeLabel(p.id)} (${p.kind})` })).sort((a, b) => a.label.localeCompare(b.label));
  const targetKind = form.kind === 'balance' ? 'place' : form.kind === 'virtual' ? 'virtual' : form.targetKind;
  return (
    <form className="panel report-form" aria-label="New report" onSubmit={(e) => { e.preventDefault(); void useReports.getState().run(); }}>
      <fieldset className="radio-row">
        <legend className="visually-hidden">Report</legend>
        {(['billing', 'balance', 'virtual'] as const).map((k) => (
          <label key={k} className="check"><input type="radio" name="kind" checked={form.kind === k} onChange={() => set({ kind: k })} />{k === 'billing' ? 'Billing' : k === 'balance' ? 'Balance' : 'Virtual meter'}</label>
        ))}
      </fieldset>
      <div className="filters">
        {form.kind === 'billing' && (
          <label className="form-field">Covers
            <select aria-label="Covers" value={form.targetKind} onChange={(e) => set({ targetKind: e.target.value as typeof form.targetKind })}>
              <option value="meter">a meter</option><option value="place">a place and below</option><option value="customer">a customer</option><option value="virtual">a virtual meter</option>
            </select>
          </label>
        )}
        {targetKind === 'meter' && (
          <label className="form-field">Meter
            <input aria-label="Meter" list="report-meters" value={form.serial} onChange={(e) => set({ serial: e.target.value })} placeholder="serial number" />
            <datalist id="report-meters">{(tree?.meters ?? []).map((m) => <option key={m.id} value={m.serial}>{m.installation?.placePath ?? ''}</option>)}</datalist>
          </label>
        )}
        {targetKind === 'place' && (
          <label className="form-field">Place
            <select aria-label="Place" value={form.placeId ?? ''} onChange={(e) => set({ placeId: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">choose…</option>
              {placeOptions.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
            </select>
          </label>
        )}
        {targetKind === 'customer' && (
          <label className="form-field">Customer
            <select aria-label="Customer" value={form.customerNumber} onChange={(e) => set({ customerNumber: e.target.value })}>
              <option value="">choose…</option>
              {(tree?.customers ?? []).map((c) => <option key={c.id} value={c.number}>{c.number} {c.name}</option>)}
            </select>
          </label>
        )}
        {targetKind === 'virtual' && (
          <label className="form-field">Virtual meter
            <select aria-label="Virtual meter" value={form.virtualName} onChange={(e) => set({ virtualName: e.target.value })}>
              <option value="">choose…</option>
              {vms.map((v) => <option key={v.id} value={v.name}>{v.name}</option>)}
            </select>
          </label>
        )}
        <label className="form-field">From<input aria-label="From" type="date" value={form.fromDate} onChange={(e) => set({ fromDate: e.target.value })} /></label>
        <label className="form-field">To (included)<input aria-label="To (included)" type="date" value={form.toDate} onChange={(e) => set({ toDate: e.target.value })} /></label>
        <label className="form-field">Time zone<input aria-label="Time zone" value={form.zone} placeholder="the meter's" onChange={(e) => set({ zone: e.target.value })} size={16} /></label>
        <button type="button" className="button button-light" onClick={() => set(lastMonth())}>Last month</button>
        <button type="submit" className="button button-primary" disabled={running}>{running ? 'Running…' : 'Run report'}</button>
      </div>
    </form>
  );
}
