/**
 * The meter manager's sidebar: the place hierarchy (region → substation → feeder → place) with the meters installed
 * at each place, the meters not installed anywhere, and the actions: new region, new meter, import / export the
 * meter list, and "Add the emulated substation" so a newcomer can try collection at once.
 */
import { useRef, useState } from 'react';
import { fleetRows, uninstalledMeters } from '../../lib/fleet-tree';
import { useCan } from '../../state/auth';
import { useFleet } from '../../state/fleet';

export function FleetTreePanel() {
  const tree = useFleet((s) => s.tree);
  const selected = useFleet((s) => s.selected);
  const busy = useFleet((s) => s.busy);
  const manage = useCan('fleet.manage');
  const demo = useCan('collection.manage');
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const file = useRef<HTMLInputElement>(null);
  const rows = fleetRows(tree, collapsed);
  const loose = uninstalledMeters(tree);
  const toggle = (id: number) => setCollapsed((c) => (c.has(id) ? new Set([...c].filter((x) => x !== id)) : new Set([...c, id])));
  const importFile = async (f: File | undefined, dryRun: boolean) => {
    if (f) await useFleet.getState().importCsv(f.name, await f.text(), dryRun);
  };
  return (
    <aside className="sidebar scheme-sidebar" aria-label="Places and meters">
      <div className="sidebar-head">
        <strong>Places and meters</strong>
        <span className="muted">{tree.meters.length} meters</span>
      </div>
      <div className="tree-actions">
        {manage && (
          <>
            <button type="button" className="button button-light" onClick={() => useFleet.getState().select({ kind: 'place', id: 0 })}>
              New region…
            </button>
            <button type="button" className="button button-light" onClick={() => useFleet.getState().select({ kind: 'meter', id: 0 })}>
              New meter…
            </button>
            <button type="button" className="button button-light" disabled={busy} onClick={() => file.current?.click()}>
              Import meter list…
            </button>
            <input ref={file} type="file" accept=".csv,text/csv" hidden aria-label="Meter list CSV file" onChange={(e) => void importFile(e.target.files?.[0], false).then(() => (e.target.value = ''))} />
          </>
        )}
        <button type="button" className="button button-light" disabled={busy} onClick={() => void useFleet.getState().exportCsv()}>
          Export meter list
        </button>
        <button type="button" className="button button-light" aria-pressed={selected?.kind === 'customers'} onClick={() => useFleet.getState().select({ kind: 'customers', id: 0 })}>
          Customers ({tree.customers.length})
        </button>
        {demo && !tree.meters.some((m) => m.serial === 'EMU-B0001') && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void useFleet.getState().addEmulatedSubstation()}>
            Add the emulated substation
          </button>
        )}
      </div>
      <ul className="tree" role="tree" aria-label="Place hierarchy">
        {rows.map((r) => {
          const isSel = r.kind === 'place' ? selected?.kind === 'place' && selected.id === r.place.id : selected?.kind === 'meter' && selected.id === r.meter.id;
          const key = r.kind === 'place' ? `p${r.place.id}` : `m${r.meter.id}`;
          return (
            <li
              key={key}
              role="treeitem"
              aria-level={r.depth + 1}
              aria-selected={isSel}
              tabIndex={0}
              className="tree-row"
              style={{ paddingLeft: 8 + r.depth * 14 }}
              onClick={() => useFleet.getState().select(r.kind === 'place' ? { kind: 'place', id: r.place.id } : { kind: 'meter', id: r.meter.id })}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.click()}
            >
              {r.kind === 'place' ? (
                <>
                  <span className="tree-icon" aria-hidden="true" onClick={(e) => (e.stopPropagation(), toggle(r.place.id))}>
                    {collapsed.has(r.place.id) ? '▸' : '▾'}
                  </span>
                  <span className="tree-name">{r.place.name}</span>
                  <span className="tree-meta">
                    {r.place.kind} · {r.meters}
                  </span>
                </>
              ) : (
                <>
                  <span className="tree-icon" aria-hidden="true">
                    ⚡
                  </span>
                  <span className="tree-name mono">{r.meter.serial}</span>
                  <span className="tree-meta">{r.meter.enabled ? 'meter' : 'disabled'}</span>
                </>
              )}
            </li>
          );
        })}
        {loose.length > 0 && (
          <li className="tree-row muted" aria-level={1} role="treeitem" aria-selected={false}>
            Not installed ({loose.length})
          </li>
        )}
        {loose.map((m) => (
          <li key={`u${m.id}`} role="treeitem" aria-level={2} aria-selected={selected?.kind === 'meter' && selected.id === m.id} tabIndex={0} className="tree-row" style={{ paddingLeft: 22 }} onClick={() => useFleet.getState().select({ kind: 'meter', id: m.id })}>
            <span className="tree-name mono">{m.serial}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
