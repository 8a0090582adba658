/**
 * The one "rows + Remove, Add …" editor: a table of rows with a Remove button on each and an Add button under it,
 * used by the scheme editor sections (rates, seasons, day profiles, special days, metering) and the administration
 * panels (users, meter groups, stored meter passwords). The cells are the caller's; this component owns the table
 * layout, the accessible names ("Remove rate Day"), the empty state and where the buttons go.
 */
import type { Key, ReactNode } from 'react';
import { ActionsHeader } from './ActionsHeader';

/** One column: its header (visually hidden when `hideHeader`) and how a row's cell looks. */
export interface RowsColumn<T> {
  readonly header: string;
  readonly hideHeader?: boolean;
  readonly className?: string;
  readonly cell: (row: T, index: number) => ReactNode;
}

export interface RowsTableProps<T> {
  /** The table's accessible name ("Rates", "Users"). */
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly RowsColumn<T>[];
  readonly rowKey?: (row: T, index: number) => Key;
  /** `data-testid` of each row (e2e locators). */
  readonly rowTestId?: string;
  /** `data-path` of the section (the problems panel jumps to it). */
  readonly dataPath?: string;
  /** Remove row `index`; absent = no Remove buttons. */
  readonly onRemove?: (index: number, row: T) => void;
  /** Accessible name of a row's Remove button ("Remove rate Day"). */
  readonly removeLabel?: (row: T, index: number) => string;
  /** Why a row cannot be removed (the button is disabled with this as its title), or null. */
  readonly removeDenied?: (row: T, index: number) => string | null;
  /** More buttons of a row, before Remove. */
  readonly rowActions?: (row: T, index: number) => ReactNode;
  /** Shown instead of the table when there is no row. */
  readonly empty?: ReactNode;
  /** The Add button's text ("Add rate") and action; absent = no Add button. */
  readonly addLabel?: string;
  readonly onAdd?: () => void;
  /** Why nothing can be added (the Add button is disabled with this as its title), or null. */
  readonly addDenied?: string | null;
  /** More buttons beside Add ("Sort by time"). */
  readonly moreActions?: ReactNode;
  /** Extra class of the table (e.g. `switch-table`). */
  readonly tableClassName?: string;
}

/** The rows editor (see the file comment). */
export function RowsTable<T>(p: RowsTableProps<T>) {
  const actions = p.onRemove !== undefined || p.rowActions !== undefined;
  return (
    <div className="rows-table" data-path={p.dataPath}>
      {p.rows.length === 0 && p.empty !== undefined ? (
        <p className="empty">{p.empty}</p>
      ) : (
        <table className={p.tableClassName ? `edit-table ${p.tableClassName}` : 'edit-table'} aria-label={p.label}>
          <thead>
            <tr>
              {p.columns.map((c) => (
                <th key={c.header} scope="col" className={c.className}>
                  {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
                </th>
              ))}
              {actions && (
                <ActionsHeader />
              )}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((row, i) => {
              const denied = p.removeDenied?.(row, i) ?? null;
              return (
                <tr key={p.rowKey ? p.rowKey(row, i) : i} data-testid={p.rowTestId}>
                  {p.columns.map((c) => (
                    <td key={c.header} className={c.className}>
                      {c.cell(row, i)}
                    </td>
                  ))}
                  {actions && (
                    <td className="row-actions">
                      {p.rowActions?.(row, i)}
                      {p.onRemove && (
                        <button
                          type="button"
                          className="link-button danger"
                          aria-label={p.removeLabel ? p.removeLabel(row, i) : `Remove row ${i + 1}`}
                          disabled={denied !== null}
                          title={denied ?? undefined}
                          onClick={() => p.onRemove!(i, row)}
                        >
                          Remove
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {((p.onAdd && p.addLabel) || p.moreActions) && (
        <div className="section-actions">
          {p.onAdd && p.addLabel && (
            <button type="button" className="button button-light" onClick={p.onAdd} disabled={(p.addDenied ?? null) !== null} title={p.addDenied ?? undefined}>
              {p.addLabel}
            </button>
          )}
          {p.moreActions}
        </div>
      )}
    </div>
  );
}
