/**
 * A meter's tariff history (which scheme version was in force on it from when): the verified programming
 * certificates of the workstation and the assignments users recorded, in time order; and the form to record one
 * (scheme and version from the library, in force from a UTC time, whether the meter records primary values because
 * it is programmed with its CT/VT ratios). Billing reports use each version for its part of a period.
 */
import { useEffect, useState } from 'react';
import type { FleetTreeView, SchemeSummaryView, TariffHistoryEntry } from '../../../contract';
import { api, messageOf } from '../../api/client';
import { useCan } from '../../state/auth';

export function TariffHistoryPanel({ tree }: { tree: FleetTreeView | null }) {
  const canManage = useCan('reports.manage');
  const canSeeSchemes = useCan('schemes.view');
  const [meterId, setMeterId] = useState<number | null>(null);
  const [entries, setEntries] = useState<readonly TariffHistoryEntry[]>([]);
  const [schemes, setSchemes] = useState<readonly SchemeSummaryView[]>([]);
  const [schemeId, setSchemeId] = useState<number | null>(null);
  const [version, setVersion] = useState(1);
  const [from, setFrom] = useState('');
  const [primary, setPrimary] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (canSeeSchemes) api['schemes.tree']({}).then((t) => setSchemes(t.schemes), (e: unknown) => setError(messageOf(e)));
  }, [canSeeSchemes]);
  const load = (id: number | null) => {
    setMeterId(id);
    setEntries([]);
    if (id !== null) api['tariffHistory.list']({ meterId: id }).then(setEntries, (e: unknown) => setError(messageOf(e)));
  };
  const assign = async () => {
    setError(null);
    if (meterId === null || schemeId === null || from === '') return setError('Choose the meter, the scheme and the time it is in force from.');
    try {
      await api['tariffHistory.assign']({ meterId, schemeId, schemeVersion: version, fromUtc: `${from}:00Z`, valuesPrimary: primary });
      load(meterId);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const scheme = schemes.find((s) => s.id === schemeId);
  return (
    <section className="panel" aria-label="Tariff history">
      <h3>Tariff history</h3>
      <div className="filters">
        <label className="form-field">Meter
          <select aria-label="Tariff history meter" value={meterId ?? ''} onChange={(e) => load(e.target.value === '' ? null : Number(e.target.value))}>
            <option value="">choose…</option>
            {(tree?.meters ?? []).map((m) => <option key={m.id} value={m.id}>{m.serial}{m.installation ? ` — ${m.installation.placePath}` : ''}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {meterId !== null && (entries.length === 0 ? <p className="empty">Nothing recorded: billing reports show this meter's energy as one total.</p> : (
        <table aria-label="Tariff history entries">
          <thead><tr><th>From (UTC)</th><th>Scheme</th><th>Source</th><th>Values</th><th>By</th><th>Note</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.source}-${e.id ?? e.jobId}`}>
                <td className="mono">{e.fromUtc.slice(0, 16).replace('T', ' ')}</td><td>{e.schemeName} v{e.schemeVersion}</td>
                <td>{e.source === 'certificate' ? `programmed (job ${e.jobId})` : 'recorded'}</td><td>{e.valuesPrimary ? 'primary' : 'secondary'}</td><td>{e.by}</td><td>{e.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {canManage && meterId !== null && (
        <form className="filters" aria-label="Record a tariff assignment" onSubmit={(e) => { e.preventDefault(); void assign(); }}>
          <label className="form-field">Scheme
            <select aria-label="Scheme" value={schemeId ?? ''} onChange={(e) => { const id = e.target.value === '' ? null : Number(e.target.value); setSchemeId(id); setVersion(schemes.find((s) => s.id === id)?.latestVersion ?? 1); }}>
              <option value="">choose…</option>
              {schemes.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.schemeId})</option>)}
            </select>
          </label>
          <label className="form-field">Version
            <select aria-label="Version" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
              {Array.from({ length: scheme?.latestVersion ?? 1 }, (_, i) => i + 1).map((v) => <option key={v} value={v}>{v}</option>)}
            </select>
          </label>
          <label className="form-field">In force from (UTC)<input aria-label="In force from (UTC)" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label className="check"><input type="checkbox" checked={primary} onChange={(e) => setPrimary(e.target.checked)} />programmed with its CT/VT ratios (records primary values)</label>
          <button type="submit" className="button button-primary">Record</button>
        </form>
      )}
    </section>
  );
}
