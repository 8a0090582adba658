/**
 * The one "rows + Remove, Add …" editor: a table of rows with a Remove button (or other row actions) on each and an
 * Add button under it, used by the scheme editor sections (rates, seasons, day profiles, special days, metering), the
 * administration panels (users, meter groups, stored meter passwords), the watched folders and the readings browser.
 * The cells are the caller's; this component owns the table layout, the accessible names ("Remove rate Day"), the
 * empty state and where the buttons go.
 *
 * Two kinds: `edit` (default; inputs in the cells, the empty message replaces the table) and `list` (rows shown,
 * changed through dialogs; rows highlight on hover and the empty message goes under the column headers).
 */
import type { Key, ReactNode, TdHTMLAttributes } from 'react';
import { ActionsHeader } from './ActionsHeader';

/** `data-*` attributes of a row or cell (e2e locators, styles). */
export type DataAttributes = Readonly<Record<`data-${string}`, string | number | undefined>>;

/** One column: its header (visually hidden when `hideHeader`) and how a row's cell looks. */
export interface RowsColumn<T> {
  readonly header: string;
  readonly hideHeader?: boolean;
  /** Class of every cell (`num`, `mono`, `wrap`, `muted`); the header takes only `num` (numbers right-aligned under it). */
  readonly className?: string;
  readonly cell: (row: T, index: number) => ReactNode;
  /** More attributes of a row's cell: its `title`, `data-col`. */
  readonly cellProps?: (row: T, index: number) => Pick<TdHTMLAttributes<HTMLTableCellElement>, 'title'> & DataAttributes;
}

export interface RowsTableProps<T> {
  /** The table's accessible name ("Rates", "Users"). */
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly RowsColumn<T>[];
  readonly rowKey?: (row: T, index: number) => Key;
  /** `data-testid` of each row (e2e locators). */
  readonly rowTestId?: string;
  /** More `data-*` attributes of a row (`data-username`, `data-state`). */
  readonly rowProps?: (row: T, index: number) => DataAttributes;
  /** `edit` (default) or `list`: see the file comment. */
  readonly kind?: 'edit' | 'list';
  /** Put the table in a scrolling box, `tall` = most of the window's height. */
  readonly scroll?: 'box' | 'tall';
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

const headerClass = (cellClass: string | undefined) => (cellClass?.split(' ').includes('num') ? 'num' : undefined);

/** The rows editor (see the file comment). */
export function RowsTable<T>(p: RowsTableProps<T>) {
  const actions = p.onRemove !== undefined || p.rowActions !== undefined;
  const list = p.kind === 'list';
  const noRows = p.rows.length === 0 && p.empty !== undefined;
  const tableClass = [list ? null : 'edit-table', p.tableClassName ?? null].filter((c) => c !== null).join(' ') || undefined;
  const table = (
    <table className={tableClass} aria-label={p.label}>
      <thead>
        <tr>
          {p.columns.map((c) => (
            <th key={c.header} scope="col" className={headerClass(c.className)}>
              {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
            </th>
          ))}
          {actions && <ActionsHeader />}
        </tr>
      </thead>
      <tbody>
        {p.rows.map((row, i) => {
          const denied = p.removeDenied?.(row, i) ?? null;
          return (
            <tr key={p.rowKey ? p.rowKey(row, i) : i} data-testid={p.rowTestId} {...p.rowProps?.(row, i)}>
              {p.columns.map((c) => (
                <td key={c.header} className={c.className} {...c.cellProps?.(row, i)}>
                  {c.cell(row, i)}
                </td>
              ))}
              {actions && (
                <td className="row-actions">
                  <div className="actions">
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
                  </div>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  const empty = noRows ? <p className="empty">{p.empty}</p> : null;
  const body = list ? (
    <>
      {table}
      {empty}
    </>
  ) : (
    (empty ?? table)
  );
  return (
    <div className="rows-table" data-path={p.dataPath}>
      {p.scroll ? <div className={p.scroll === 'tall' ? 'table-scroll tall' : 'table-scroll'}>{body}</div> : body}
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
