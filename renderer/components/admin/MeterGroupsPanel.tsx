/**
 * Meter groups: named lists of meter serial numbers, used for group meter passwords and to limit users to some
 * meters. Administrators add, edit (name and serial numbers, one per line) and delete groups; others see the list.
 * Deleting a group also removes its stored meter passwords and the user limits that name it (the dialog says so).
 */
import { useState } from 'react';
import type { MeterGroupView } from '../../../contract';
import { parseSerials } from '../../lib/admin-words';
import { useAdmin } from '../../state/admin';
import { useCan } from '../../state/auth';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';
import { ConfirmDialog } from '../schemes/TreeDialogs';
import { RowsTable } from '../shared/RowsTable';

function GroupDialog({ group, onClose }: { group: MeterGroupView | null; onClose: () => void }) {
  const busy = useAdmin((s) => s.busy);
  const error = useAdmin((s) => s.error);
  const [name, setName] = useState(group?.name ?? '');
  const [serials, setSerials] = useState(group?.serials.join('\n') ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const list = parseSerials(serials);
  const submit = async () => {
    if (!name.trim()) return setNameError('Enter a name for the group.');
    setNameError(null);
    const ok = await useAdmin.getState().saveGroup({ ...(group ? { id: group.id } : {}), name: name.trim(), serials: list });
    if (ok) onClose();
  };
  return (
    <Modal title={group ? `Edit meter group “${group.name}”` : 'New meter group'} onClose={onClose}>
      <ErrorBanner message={error} onDismiss={() => useAdmin.getState().dismiss()} />
      <form className="user-form" aria-label="Meter group" onSubmit={(e) => (e.preventDefault(), void submit())}>
        <Field label="Group name" error={nameError}>
          {(c) => <input {...c} type="text" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={`Meter serial numbers (one per line; ${list.length} meter${list.length === 1 ? '' : 's'})`}>
          {(c) => <textarea {...c} rows={8} value={serials} spellCheck={false} className="mono" onChange={(e) => setSerials(e.target.value)} />}
        </Field>
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Save group
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Users limited to this group only: once it is gone they are limited to nothing, so they may work on every meter. */
function WidenedUsers({ groupId }: { groupId: number }) {
  const users = useAdmin((s) => s.users);
  const only = users.filter((u) => u.meterGroupIds.length === 1 && u.meterGroupIds[0] === groupId).map((u) => u.username);
  if (only.length === 0) return null;
  return (
    <p className="warning-box note-warning" data-testid="group-delete-widens">
      {only.join(', ')} {only.length === 1 ? 'is' : 'are'} limited to this group only, so the delete is refused: it would let {only.length === 1 ? 'that user' : 'them'}
      work on every meter. Limit them to another group first (Users → Edit…).
    </p>
  );
}

export function MeterGroupsPanel() {
  const groups = useAdmin((s) => s.groups);
  const manage = useCan('meterGroups.manage');
  const [editing, setEditing] = useState<MeterGroupView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<MeterGroupView | null>(null);
  return (
    <section className="panel" aria-label="Meter groups">
      <div className="panel-head">
        <h2>Meter groups</h2>
        <span className="muted">Group meters to give them one stored password, or to limit users to them.</span>
        {manage && (
          <button type="button" className="button button-primary push-right" onClick={() => setEditing('new')}>
            New group…
          </button>
        )}
      </div>
      <RowsTable
        kind="list"
        scroll="box"
        label="Meter groups"
        rows={groups}
        rowKey={(g) => g.id}
        rowProps={(g) => ({ 'data-group': g.name })}
        columns={[
          { header: 'Group', cell: (g) => g.name },
          { header: 'Meters', className: 'num', cell: (g) => g.serials.length },
          {
            header: 'Serial numbers',
            className: 'mono wrap',
            cell: (g) => `${g.serials.slice(0, 12).join(', ')}${g.serials.length > 12 ? ` … and ${g.serials.length - 12} more` : ''}`,
          },
        ]}
        rowActions={
          manage
            ? (g) => (
                <>
                  <button type="button" className="link-button" aria-label={`Edit group ${g.name}`} onClick={() => setEditing(g)}>
                    Edit…
                  </button>
                  <button type="button" className="link-button danger" aria-label={`Delete group ${g.name}`} onClick={() => setDeleting(g)}>
                    Delete…
                  </button>
                </>
              )
            : undefined
        }
        empty="No meter groups."
      />
      {editing && <GroupDialog group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete meter group “${deleting.name}”?`}
          confirm={`Delete group “${deleting.name}”`}
          onConfirm={() => useAdmin.getState().deleteGroup(deleting.id, deleting.name)}
          onClose={() => setDeleting(null)}
        >
          <p>The group&apos;s stored meter passwords are deleted with it, and users limited to it lose that limit. The meters and their readings stay.</p>
          <WidenedUsers groupId={deleting.id} />
        </ConfirmDialog>
      )}
    </section>
  );
}
