/**
 * The editor's tab strip (WAI-ARIA tabs: Left/Right/Home/End move and show): the scheme sections with their
 * error/warning counts, then History and Simulation.
 */
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { countsBySection, SCHEME_SECTIONS } from '../../lib/scheme-paths';
import { type EditorTab, useSchemeEditor } from '../../state/scheme-editor';

/** The editor's tabs in order: the scheme sections, then History and Simulation. */
export const EDITOR_TABS: readonly { id: EditorTab; label: string }[] = [...SCHEME_SECTIONS.map((s) => ({ id: s.id, label: s.label })), { id: 'history', label: 'History' }, { id: 'simulation', label: 'Simulation' }];

/** Id of the tab button / panel of `tab` (for aria-controls / aria-labelledby). */
export const tabId = (tab: EditorTab) => `scheme-tab-${tab}`;
/** Id of the tab panel of `tab`. */
export const panelId = (tab: EditorTab) => `scheme-panel-${tab}`;

/** The tab strip of the scheme editor. */
export function EditorTabs() {
  const tab = useSchemeEditor((s) => s.tab);
  const show = useSchemeEditor((s) => s.show);
  const problems = useSchemeEditor((s) => s.problems);
  const counts = useMemo(() => countsBySection(problems), [problems]);
  const refs = useRef(new Map<EditorTab, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent) => {
    const i = EDITOR_TABS.findIndex((t) => t.id === tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: EDITOR_TABS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = EDITOR_TABS[(to + EDITOR_TABS.length) % EDITOR_TABS.length]!;
    show(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="editor-tabs" role="tablist" aria-label="Scheme sections" onKeyDown={onKeyDown}>
      {EDITOR_TABS.map((t) => {
        const c = t.id in counts ? counts[t.id as keyof typeof counts] : null;
        return (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
            }}
            type="button"
            role="tab"
            id={tabId(t.id)}
            aria-controls={panelId(t.id)}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            className="editor-tab"
            data-errors={c?.errors ?? 0}
            onClick={() => show(t.id)}
          >
            {t.label}
            {c && c.errors > 0 && (
              <span className="tab-count count-error" aria-label={`${c.errors} error${c.errors === 1 ? '' : 's'}`}>
                {c.errors}
              </span>
            )}
            {c && c.errors === 0 && c.warnings > 0 && (
              <span className="tab-count count-warning" aria-label={`${c.warnings} warning${c.warnings === 1 ? '' : 's'}`}>
                {c.warnings}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
