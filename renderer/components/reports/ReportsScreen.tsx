/**
 * The Reports screen (issue 15): stored runs in the sidebar (open one exactly as it was), the report form, the report
 * shown (header, actions, charts, tables), and the virtual meters.
 */
import { useEffect, useState } from 'react';
import type { FleetTreeView } from '../../../contract';
import { api, messageOf } from '../../api/client';
import { useCan } from '../../state/auth';
import { useReports } from '../../state/reports';
import { ErrorBanner } from '../ErrorBanner';
import { ReportForm } from './ReportForm';
import { ReportView } from './ReportView';
import { TariffHistoryPanel } from './TariffHistoryPanel';
import { VirtualMetersPanel } from './VirtualMetersPanel';

function RunsSidebar() {
  const runs = useReports((s) => s.runs);
  const shown = useReports((s) => s.report?.runId);
  return (
    <aside className="sidebar" aria-label="Report runs">
      <div className="sidebar-head"><strong>Report runs</strong></div>
      {runs.length === 0 && <p className="empty">No report run yet.</p>}
      <ul className="reading-list">
        {runs.map((r) => (
          <li key={r.id}>
            <button type="button" className="reading-item" aria-current={shown === r.id ? 'true' : undefined} onClick={() => void useReports.getState().open(r.id)}>
              <span className="reading-title">{r.title}</span>
              <span className="reading-meta">run {r.id} · {r.createdUtc.slice(0, 16).replace('T', ' ')} UTC · {r.createdBy}{r.rerunOf ? ` · re-run of ${r.rerunOf}` : ''}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

export function ReportsScreen() {
  const report = useReports((s) => s.report);
  const error = useReports((s) => s.error);
  const canSeeFleet = useCan('fleet.view');
  const [tree, setTree] = useState<FleetTreeView | null>(null);
  const [treeError, setTreeError] = useState<string | null>(null);
  useEffect(() => {
    void useReports.getState().refreshRuns();
    void useReports.getState().refreshVirtualMeters();
    if (canSeeFleet) api['fleet.tree']({}).then(setTree, (e: unknown) => setTreeError(messageOf(e)));
  }, [canSeeFleet]);
  return (
    <>
      <RunsSidebar />
      <main className="main" aria-label="Reports">
        <ErrorBanner message={error ?? treeError} onDismiss={() => { useReports.getState().dismissError(); setTreeError(null); }} />
        <ReportForm tree={tree} />
        {report && <ReportView report={report} />}
        <VirtualMetersPanel />
        <TariffHistoryPanel tree={tree} />
      </main>
    </>
  );
}
