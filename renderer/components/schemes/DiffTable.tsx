/** Two scheme versions side by side: one row per difference (what, left value, right value), added / removed / changed. */
import type { SchemeDiffEntryView } from '../../../contract';

const KIND = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/** The differences between two scheme versions (schemes.diff entries) side by side. */
export function DiffTable({ title, leftTitle, rightTitle, entries }: { title: string; leftTitle: string; rightTitle: string; entries: readonly SchemeDiffEntryView[] }) {
  return (
    <section className="diff" aria-label={`Differences: ${title}`} data-testid="scheme-diff">
      <h3>
        {title}: {entries.length === 0 ? 'no differences' : `${entries.length} difference${entries.length === 1 ? '' : 's'}`}
      </h3>
      {entries.length > 0 && (
        <div className="table-scroll">
          <table aria-label="Differences">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">{leftTitle}</th>
                <th scope="col">{rightTitle}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={i} data-kind={e.kind} data-path={e.path}>
                  <td className="wrap">
                    <span className={`badge diff-${e.kind}`}>{KIND[e.kind]}</span> {e.label}
                  </td>
                  <td className="wrap mono diff-left">{e.left ?? <span className="muted">—</span>}</td>
                  <td className="wrap mono diff-right">{e.right ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
