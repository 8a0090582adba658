/**
 * Virtual meters: the stored ones with their formula versions, and the editor — name, formula (checked as it is
 * typed: terms, unit, and every problem in plain words, e.g. a demand or voltage term refused by the
 * additive-quantity guard), in force from (optional: a meter exchange), time zone. Saving stores a new version.
 */
import { useEffect, useState } from 'react';
import { useCan } from '../../state/auth';
import { useReports } from '../../state/reports';

export function VirtualMetersPanel() {
  const vms = useReports((s) => s.virtualMeters);
  const check = useReports((s) => s.check);
  const canManage = useCan('reports.manage');
  const [name, setName] = useState('');
  const [formula, setFormula] = useState('');
  const [fromUtc, setFromUtc] = useState('');
  const [zone, setZone] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => void useReports.getState().checkFormula(formula), 250);
    return () => clearTimeout(t);
  }, [formula]);
  const edit = (n: string) => {
    const v = vms.find((x) => x.name === n);
    setName(n);
    if (v) {
      setFormula(v.versions.at(-1)?.formula ?? '');
      setZone(v.timeZone ?? '');
    }
  };
  const save = async () => {
    const existing = vms.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
    const ok = await useReports.getState().saveVirtualMeter({
      ...(existing ? { id: existing.id } : {}), name: name.trim(), formula, ...(fromUtc ? { fromUtc: `${fromUtc}:00Z` } : {}), ...(zone ? { timeZone: zone } : {}),
    });
    setSaved(ok ? `Saved "${name.trim()}".` : null);
  };
  return (
    <section className="panel" aria-label="Virtual meters">
      <h3>Virtual meters</h3>
      {vms.length === 0 ? <p className="empty">No virtual meter yet.</p> : (
        <table>
          <thead><tr><th>Name</th><th>Formula (latest version)</th><th className="num">Versions</th><th>Unit</th></tr></thead>
          <tbody>
            {vms.map((v) => (
              <tr key={v.id}>
                <td><button type="button" className="link-button" onClick={() => edit(v.name)}>{v.name}</button></td>
                <td className="mono">{v.versions.at(-1)?.formula}</td><td className="num">{v.versions.length}</td><td>{v.versions.at(-1)?.unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && (
        <form className="vm-editor" aria-label="Virtual meter editor" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <div className="filters">
            <label className="form-field">Name<input aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} /></label>
            <label className="form-field">In force from, UTC (optional)<input aria-label="In force from (UTC)" type="datetime-local" value={fromUtc} onChange={(e) => setFromUtc(e.target.value)} /></label>
            <label className="form-field">Time zone<input aria-label="Time zone" value={zone} onChange={(e) => setZone(e.target.value)} placeholder="the workstation's" size={16} /></label>
          </div>
          <label className="form-field">Formula
            <textarea aria-label="Formula" className="mono formula" rows={3} value={formula} onChange={(e) => setFormula(e.target.value)} placeholder="[F-0001:1.29.0] - [C-0002:1.29.0] - 2.5 * [C-0003:1.29.0]" spellCheck={false} />
          </label>
          <p className="hint">Terms are [serial:OBIS channel]; add and subtract meters, multiply or divide them by numbers. CT/VT ratios of each meter's installation are applied.</p>
          {check && (check.ok ? (
            <p className="clock-result" role="status">Formula OK: {check.terms.length} term{check.terms.length === 1 ? '' : 's'}, unit {check.unit} — {check.canonical}</p>
          ) : (
            <div role="status"><ul className="notes warning-box" aria-label="Formula problems">{check.problems.map((p) => <li key={p.message}>{p.message}</li>)}</ul></div>
          ))}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={!name.trim() || !check?.ok}>Save virtual meter</button>
            {saved && <span className="muted" role="status">{saved}</span>}
          </div>
        </form>
      )}
    </section>
  );
}
