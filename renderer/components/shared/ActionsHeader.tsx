/** The header cell of a table's row-actions column: named "Actions" for screen readers, empty on screen. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}
