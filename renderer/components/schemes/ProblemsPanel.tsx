/**
 * The live problems of the scheme being edited: every error and warning with its message and section, updated
 * on every change. Choosing a problem shows its section and puts the keyboard focus on the field.
 */
import { sectionOfPath, SCHEME_SECTIONS } from '../../lib/scheme-paths';
import { useSchemeEditor } from '../../state/scheme-editor';

const SECTION_LABEL = new Map<string, string>(SCHEME_SECTIONS.map((s) => [s.id, s.label]));

/** The live problems of the draft; each one jumps to its field. */
export function ProblemsPanel() {
  const problems = useSchemeEditor((s) => s.problems);
  const jumpTo = useSchemeEditor((s) => s.jumpTo);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const summary =
    problems.length === 0 ? 'No problems: the scheme fits the meter model.' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return (
    <section className="panel problems-panel" aria-label="Problems" data-testid="scheme-problems" data-errors={errors} data-warnings={warnings}>
      <div className="panel-head">
        <h2>Problems</h2>
      </div>
      <p className={errors ? 'problems-summary has-errors' : 'problems-summary'} role="status" aria-live="polite" data-testid="problems-summary">
        {summary}
      </p>
      {errors > 0 && <p className="muted hint">A scheme with errors can be saved but not staged for a meter.</p>}
      <ul className="problem-list">
        {problems.map((p, i) => (
          <li key={`${p.code}-${p.path}-${i}`}>
            <button type="button" className={`problem problem-${p.severity}`} data-testid="problem" data-severity={p.severity} data-path={p.path} data-code={p.code} onClick={() => jumpTo(p.path)}>
              <span className={`badge severity-${p.severity}`}>{p.severity === 'error' ? 'Error' : 'Warning'}</span>
              <span className="problem-message">{p.message}</span>
              <span className="problem-where muted">{SECTION_LABEL.get(sectionOfPath(p.path)) ?? 'General'}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
