/**
 * The right side of the Tariff schemes screen: the open scheme's header (name, ID, model, version; unsaved
 * changes; Save…, Revert, Export, Stage for a meter…), the section tabs, the section shown, and the live
 * problems panel. A problem chosen in the panel shows its section and focuses its field.
 */
import { useEffect, useRef, useState } from 'react';
import { useDenied } from '../../state/auth';
import { goToStaging } from '../../state/staging';
import { useSchemeIo } from '../../state/scheme-actions';
import { isDirty, useSchemeEditor, type EditorTab } from '../../state/scheme-editor';
import { useSchemeTree } from '../../state/scheme-tree';
import { ErrorBanner } from '../ErrorBanner';
import { DayProfilesSection } from './DayProfilesSection';
import { DstSection } from './DstSection';
import { EditorTabs, panelId, tabId } from './EditorTabs';
import { GeneralSection } from './GeneralSection';
import { HistoryPanel } from './HistoryPanel';
import { LoadProfileSection, MaximumDemandSection, PulseOutputsSection } from './MeteringSections';
import { ProblemsPanel } from './ProblemsPanel';
import { RatesSection } from './RatesSection';
import { SaveDialog } from './SaveDialog';
import { SeasonsSection } from './SeasonsSection';
import { SimulationPanel } from './SimulationPanel';
import { SpecialDaysSection } from './SpecialDaysSection';
import { WeekProfilesSection } from './WeekProfilesSection';

function Section({ tab }: { tab: EditorTab }) {
  switch (tab) {
    case 'general':
      return <GeneralSection />;
    case 'rates':
      return <RatesSection />;
    case 'day-profiles':
      return <DayProfilesSection />;
    case 'week-profiles':
      return <WeekProfilesSection />;
    case 'seasons':
      return <SeasonsSection />;
    case 'special-days':
      return <SpecialDaysSection />;
    case 'dst':
      return <DstSection />;
    case 'maximum-demand':
      return <MaximumDemandSection />;
    case 'load-profile':
      return <LoadProfileSection />;
    case 'pulse-outputs':
      return <PulseOutputsSection />;
    case 'history':
      return <HistoryPanel />;
    case 'simulation':
      return <SimulationPanel />;
  }
}

/** Move the focus to the field a problem names (most precise match first) once its section is shown. */
function useFocusRequests(container: React.RefObject<HTMLElement | null>) {
  const focus = useSchemeEditor((s) => s.focus);
  useEffect(() => {
    const root = container.current;
    if (!focus || !root) return;
    for (const key of focus.keys) {
      const el = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(key)}"]`);
      if (!el) continue;
      const target = el.matches('input, select, textarea, button') ? el : (el.querySelector<HTMLElement>('input, select, textarea, button') ?? el);
      target.scrollIntoView({ block: 'center' });
      target.focus();
      return;
    }
  }, [focus, container]);
}

function Header({ onSave }: { onSave: () => void }) {
  const { storeId, version, baseVersion, info, draft } = useSchemeEditor();
  const dirty = useSchemeEditor(isDirty);
  const hasErrors = useSchemeEditor((s) => s.problems.some((p) => p.severity === 'error'));
  const editDenied = useDenied('schemes.edit');
  const stageDenied = useDenied('programs.stage');
  if (!draft || storeId === null) return null;
  return (
    <div className="editor-head">
      <div className="editor-title">
        <h2>{info?.name ?? draft.name}</h2>
        <span className="muted">
          ID <span className="mono">{draft.id}</span> · {draft.meterModel} · saved version {version}
          {version !== baseVersion ? ` (an older one; the latest is ${baseVersion})` : ''}
        </span>
        {dirty && (
          <span className="badge badge-unsaved" data-testid="unsaved-badge">
            Unsaved changes
          </span>
        )}
        {info?.deleted && <span className="badge badge-failed">Deleted</span>}
      </div>
      <div className="editor-buttons">
        <button type="button" className="button button-primary" disabled={!dirty || editDenied !== undefined} title={editDenied} onClick={onSave}>
          Save…
        </button>
        <button type="button" className="button button-light" disabled={!dirty || editDenied !== undefined} title={editDenied} onClick={() => useSchemeEditor.getState().revert()}>
          Revert
        </button>
        <button type="button" className="button button-light" onClick={() => void useSchemeTree.getState().exportScheme(storeId, version ?? undefined)}>
          Export file
        </button>
        <button
          type="button"
          className="button button-light"
          disabled={dirty || hasErrors || stageDenied !== undefined}
          title={stageDenied ?? (dirty ? 'Save the changes first.' : hasErrors ? 'Fix the errors first.' : undefined)}
          onClick={() => goToStaging(storeId, version ?? undefined)}
        >
          Stage for a meter…
        </button>
      </div>
    </div>
  );
}

/** The editor of the open scheme (or a short welcome when none is open). */
export function SchemeEditor() {
  const draft = useSchemeEditor((s) => s.draft);
  const tab = useSchemeEditor((s) => s.tab);
  const dirty = useSchemeEditor(isDirty);
  const { loading, error } = useSchemeIo();
  const [saving, setSaving] = useState(false);
  const editDenied = useDenied('schemes.edit');
  // A role that may not edit sees the sections read-only (History and Simulation stay usable).
  const readOnly = editDenied !== undefined && tab !== 'history' && tab !== 'simulation';
  const body = useRef<HTMLDivElement>(null);
  useFocusRequests(body);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (!draft) {
    return (
      <main className="main">
        <ErrorBanner message={error} onDismiss={() => useSchemeIo.getState().dismissError()} />
        <section className="panel welcome" aria-label="No scheme open">
          <h2>{loading ? 'Opening the scheme…' : 'No scheme open'}</h2>
          <p>Choose a scheme in the library on the left, or create one with “New scheme…”. Schemes can be grouped in folders; drag them to move them.</p>
        </section>
      </main>
    );
  }
  return (
    <main className="main scheme-main" aria-label="Scheme editor">
      <ErrorBanner message={error} onDismiss={() => useSchemeIo.getState().dismissError()} />
      <Header onSave={() => setSaving(true)} />
      <EditorTabs />
      <div className="editor-body">
        <div ref={body} className="panel editor-panel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
          {readOnly ? (
            <fieldset disabled className="read-only-section" aria-label="Read-only scheme section">
              <p className="muted hint" data-testid="scheme-read-only">
                {editDenied} The scheme is shown read-only.
              </p>
              <Section tab={tab} />
            </fieldset>
          ) : (
            <Section tab={tab} />
          )}
        </div>
        <ProblemsPanel />
      </div>
      {saving && <SaveDialog onClose={() => setSaving(false)} />}
    </main>
  );
}
