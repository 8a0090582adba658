/**
 * Users: the list (user name, display name, role, meter user ID, state, scopes, password changed) and — for
 * administrators — "Add user…", the role of each user (chosen in place, applied only after a confirmation that says
 * what the user gains and loses), Edit… (display name, meter user ID, scopes), Reset password…, Disable… / Enable,
 * Clear sign-in wait. Every change to an administrator's account is confirmed first. Auditors see the list only.
 */
import { useState } from 'react';
import { ROLES, type Role, type UserView } from '../../../contract';
import { roleChangeWords, scopeSummary, userState } from '../../lib/admin-words';
import { formatInstantShort } from '../../lib/format';
import { ROLE_LABELS } from '../../lib/permissions';
import { useAdmin } from '../../state/admin';
import { useAppInfo } from '../../state/app-info';
import { useAuth, useCan } from '../../state/auth';
import { useSchemeTree } from '../../state/scheme-tree';
import { ConfirmDialog } from '../schemes/TreeDialogs';
import { AddUserDialog, EditUserDialog, ResetPasswordDialog } from './UserDialogs';
import { RowsTable } from '../shared/RowsTable';

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit' | 'reset' | 'disable'; user: UserView }
  | { kind: 'role'; user: UserView; role: Role }
  | { kind: 'admin-change'; user: UserView; what: 'enable' | 'unlock' }
  | null;

/** A user's role: chosen in place by administrators (applied after the confirmation), else shown. */
function RoleCell({ u, manage, onDialog }: { u: UserView; manage: boolean; onDialog: (d: Dialog) => void }) {
  const busy = useAdmin((s) => s.busy);
  if (!manage) return ROLE_LABELS[u.role];
  return (
    <select aria-label={`Role of ${u.username}`} value={u.role} disabled={busy} onChange={(e) => onDialog({ kind: 'role', user: u, role: e.target.value as Role })}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

/** An administrator's buttons on a user's row. */
function UserActions({ u, onDialog }: { u: UserView; onDialog: (d: Dialog) => void }) {
  const busy = useAdmin((s) => s.busy);
  const me = useAuth((s) => s.status?.user?.username.toLowerCase() === u.username.toLowerCase());
  const update = useAdmin((s) => s.updateUser);
  const admin = u.role === 'administrator';
  return (
    <>
      <button type="button" className="link-button" aria-label={`Edit ${u.username}`} onClick={() => onDialog({ kind: 'edit', user: u })}>
        Edit…
      </button>
      <button type="button" className="link-button" aria-label={`Reset the password of ${u.username}`} onClick={() => onDialog({ kind: 'reset', user: u })}>
        Reset password…
      </button>
      {u.locked && !u.disabled && (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => (admin ? onDialog({ kind: 'admin-change', user: u, what: 'unlock' }) : void update({ username: u.username, unlock: true }, `${u.username}: sign-in wait cleared.`))}
        >
          Clear sign-in wait
        </button>
      )}
      {u.disabled ? (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          aria-label={`Enable ${u.username}`}
          onClick={() => (admin ? onDialog({ kind: 'admin-change', user: u, what: 'enable' }) : void update({ username: u.username, disabled: false }, `${u.username} enabled.`))}
        >
          Enable
        </button>
      ) : (
        <button
          type="button"
          className="link-button danger"
          disabled={busy || me}
          title={me ? 'You cannot disable your own account.' : undefined}
          aria-label={`Disable ${u.username}`}
          onClick={() => onDialog({ kind: 'disable', user: u })}
        >
          Disable…
        </button>
      )}
    </>
  );
}

/** Confirm a role change: what the user becomes and loses; refused changes (last administrator) show main's message. */
function RoleChangeDialog({ user, role, onClose }: { user: UserView; role: Role; onClose: () => void }) {
  const self = useAuth((s) => s.status?.user?.username.toLowerCase() === user.username.toLowerCase());
  const words = roleChangeWords(user, user.role, role, self);
  return (
    <ConfirmDialog
      title={words.title}
      confirm={words.confirm}
      danger={user.role === 'administrator' || role === 'administrator'}
      onConfirm={() => useAdmin.getState().updateUser({ username: user.username, role }, `${user.username} is now ${ROLE_LABELS[role].toLowerCase()}.`)}
      onClose={onClose}
    >
      {words.lines.map((l, i) => (
        <p key={i}>{l}</p>
      ))}
    </ConfirmDialog>
  );
}

/** Confirm enabling an administrator or clearing an administrator's sign-in wait. */
function AdminChangeDialog({ user, what, onClose }: { user: UserView; what: 'enable' | 'unlock'; onClose: () => void }) {
  const enable = what === 'enable';
  return (
    <ConfirmDialog
      title={enable ? `Enable administrator ${user.username}?` : `Clear the sign-in wait of administrator ${user.username}?`}
      confirm={enable ? `Enable ${user.username}` : 'Clear the wait'}
      onConfirm={() =>
        useAdmin.getState().updateUser(
          enable ? { username: user.username, disabled: false } : { username: user.username, unlock: true },
          enable ? `${user.username} enabled.` : `${user.username}: sign-in wait cleared.`,
        )
      }
      onClose={onClose}
    >
      <p>
        <strong>{user.username}</strong> is an administrator: {enable ? 'once enabled, they can sign in and' : 'the failed sign-ins were recorded; once cleared, whoever knows the password can sign in at once and'}{' '}
        manage users, stored meter passwords and settings. The change is recorded in the audit trail.
      </p>
    </ConfirmDialog>
  );
}

export function UsersPanel() {
  const users = useAdmin((s) => s.users);
  const loading = useAdmin((s) => s.loading);
  const manage = useCan('users.manage');
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const folders = useSchemeTree((s) => s.folders);
  const groups = useAdmin((s) => s.groups);
  const when = (utc: string) => formatInstantShort(utc, zone);
  const [dialog, setDialogState] = useState<Dialog>(null);
  // A dialog opens without the message of an earlier change.
  const setDialog = (d: Dialog) => {
    useAdmin.getState().dismiss();
    setDialogState(d);
  };
  const close = () => setDialogState(null);
  return (
    <section className="panel" aria-label="Users">
      <div className="panel-head">
        <h2>Users</h2>
        <span className="muted">{manage ? 'Each user signs in with their own name; every action is recorded under it.' : 'Read-only: only administrators manage users.'}</span>
        {manage && (
          <button type="button" className="button button-primary push-right" onClick={() => setDialog({ kind: 'add' })}>
            Add user…
          </button>
        )}
      </div>
      <RowsTable
        kind="list"
        scroll="tall"
        label="Users"
        rows={users}
        rowKey={(u) => u.username}
        rowProps={(u) => ({ 'data-username': u.username, 'data-role': u.role, 'data-state': u.disabled ? 'disabled' : u.locked ? 'locked' : 'active' })}
        columns={[
          { header: 'User name', className: 'mono', cell: (u) => u.username },
          { header: 'Display name', cell: (u) => u.displayName || '—' },
          { header: 'Role', cell: (u) => <RoleCell u={u} manage={manage} onDialog={setDialog} /> },
          { header: 'Meter user ID', className: 'mono', cell: (u) => u.meterUserId ?? '—' },
          { header: 'State', cell: (u) => userState(u, when) },
          { header: 'Limited to', className: 'wrap', cell: (u) => scopeSummary(u, folders, groups) },
          { header: 'Password changed', className: 'mono', cell: (u) => when(u.passwordChangedUtc) },
        ]}
        rowActions={manage ? (u) => <UserActions u={u} onDialog={setDialog} /> : undefined}
        empty={loading ? undefined : 'No users yet.'}
      />
      {dialog?.kind === 'add' && <AddUserDialog onClose={close} />}
      {dialog?.kind === 'edit' && <EditUserDialog user={dialog.user} onClose={close} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog user={dialog.user} onClose={close} />}
      {dialog?.kind === 'role' && <RoleChangeDialog user={dialog.user} role={dialog.role} onClose={close} />}
      {dialog?.kind === 'admin-change' && <AdminChangeDialog user={dialog.user} what={dialog.what} onClose={close} />}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog title={`Disable ${dialog.user.username}?`} confirm={`Disable ${dialog.user.username}`} onConfirm={() => useAdmin.getState().disableUser(dialog.user.username)} onClose={close}>
          <p>
            <strong>{dialog.user.username}</strong> can no longer sign in, and their open sessions end now. Their records in the audit trail stay. You can
            enable the account again later.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
