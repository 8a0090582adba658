/**
 * Dialogs of the Users section: "Add user" (user name, role, display name, meter user ID, first password),
 * "Edit user" (display name, meter user ID, object scopes: the scheme folders and meter groups the user is limited
 * to — none ticked = all), and "Reset password". Checked with the contract's rules before sending.
 */
import { useState } from 'react';
import { meterUserIdSchema, ROLES, type Role, type UserView } from '../../../contract';
import { ROLE_DUTIES, ROLE_LABELS } from '../../lib/permissions';
import { checkNewUser, newPasswordErrors, schemaProblem, sentence, type NewUserErrors, type NewUserForm } from '../../lib/user-form';
import { useAdmin } from '../../state/admin';
import { usePasswordRules } from '../../state/app-info';
import { folderPath, useSchemeTree } from '../../state/scheme-tree';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';
import { PasswordFields, UserFields } from '../auth/UserFields';

function Actions({ label, busy, onClose }: { label: string; busy: boolean; onClose: () => void }) {
  return (
    <div className="modal-actions">
      <button type="button" className="button button-light" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={busy}>
        {label}
      </button>
    </div>
  );
}

/** Errors of a change are shown in the dialog, not behind it. */
function useDialogError() {
  const error = useAdmin((s) => s.error);
  return <ErrorBanner message={error} onDismiss={() => useAdmin.getState().dismiss()} />;
}

export function AddUserDialog({ onClose }: { onClose: () => void }) {
  const busy = useAdmin((s) => s.busy);
  const [form, setForm] = useState<NewUserForm>({ username: '', displayName: '', meterUserId: '', password: '', repeat: '' });
  const [role, setRole] = useState<Role>('technician');
  const [errors, setErrors] = useState<NewUserErrors>({});
  const banner = useDialogError();
  const rules = usePasswordRules();
  const submit = async () => {
    const checked = checkNewUser(form, rules);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    if (await useAdmin.getState().addUser({ ...checked.args, role })) onClose();
  };
  return (
    <Modal title="Add user" onClose={onClose}>
      {banner}
      <form className="user-form" aria-label="Add user" onSubmit={(e) => (e.preventDefault(), void submit())}>
        <Field label="Role">
          {(c) => (
            <select {...c} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]} — {ROLE_DUTIES[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UserFields form={form} errors={errors} onChange={(p) => setForm((f) => ({ ...f, ...p }))} />
        <Actions label="Add user" busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}

function CheckList({ legend, items, chosen, onToggle, empty }: { legend: string; items: { id: number; label: string }[]; chosen: number[]; onToggle: (id: number) => void; empty: string }) {
  return (
    <fieldset className="list-fieldset">
      <legend>{legend}</legend>
      {items.length === 0 && <span className="muted">{empty}</span>}
      {items.map((i) => (
        <label key={i.id} className="check">
          <input type="checkbox" checked={chosen.includes(i.id)} onChange={() => onToggle(i.id)} />
          {i.label}
        </label>
      ))}
    </fieldset>
  );
}

const toggle = (list: number[], id: number) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

export function EditUserDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const busy = useAdmin((s) => s.busy);
  const groups = useAdmin((s) => s.groups);
  const folders = useSchemeTree((s) => s.folders);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [meterUserId, setMeterUserId] = useState(user.meterUserId ?? '');
  const [folderIds, setFolderIds] = useState<number[]>([...user.schemeFolderIds]);
  const [groupIds, setGroupIds] = useState<number[]>([...user.meterGroupIds]);
  const [idError, setIdError] = useState<string | null>(null);
  // A change to an administrator's account is confirmed in a second step.
  const [confirming, setConfirming] = useState(false);
  const banner = useDialogError();
  const submit = async () => {
    const bad = meterUserId === '' ? null : schemaProblem(meterUserIdSchema, meterUserId);
    setIdError(bad ? sentence('The meter user ID', bad) : null);
    if (bad) return;
    if (user.role === 'administrator' && !confirming) return setConfirming(true);
    const ok = await useAdmin.getState().updateUser(
      { username: user.username, displayName: displayName.trim(), meterUserId: meterUserId === '' ? null : meterUserId, schemeFolderIds: folderIds, meterGroupIds: groupIds },
      `${user.username} updated.`,
    );
    if (ok) onClose();
  };
  return (
    <Modal title={`Edit ${user.username}`} onClose={onClose}>
      {banner}
      <form className="user-form" aria-label={`Edit ${user.username}`} onSubmit={(e) => (e.preventDefault(), void submit())}>
        <div className="form-grid two">
          <Field label="Display name">{(c) => <input {...c} type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}</Field>
          <Field label="Meter user ID (optional)" error={idError}>
            {(c) => <input {...c} type="text" value={meterUserId} maxLength={8} spellCheck={false} onChange={(e) => setMeterUserId(e.target.value)} />}
          </Field>
        </div>
        <p className="muted hint">Limit the user to some scheme folders or meter groups; with none ticked, the user may work on all of them.</p>
        <div className="form-grid two">
          <CheckList
            legend="Scheme folders"
            items={folders.map((f) => ({ id: f.id, label: folderPath(folders, f.id) }))}
            chosen={folderIds}
            onToggle={(id) => setFolderIds((l) => toggle(l, id))}
            empty="No scheme folders yet."
          />
          <CheckList
            legend="Meter groups"
            items={groups.map((g) => ({ id: g.id, label: `${g.name} (${g.serials.length})` }))}
            chosen={groupIds}
            onToggle={(id) => setGroupIds((l) => toggle(l, id))}
            empty="No meter groups yet."
          />
        </div>
        {confirming && (
          <p className="banner banner-warning" role="status">
            {user.username} is an administrator. Saving changes an administrator&apos;s account (limits, display name, meter user ID); the change is
            recorded in the audit trail. Press “Confirm changes” to save.
          </p>
        )}
        <Actions label={confirming ? 'Confirm changes' : 'Save'} busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}

export function ResetPasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const busy = useAdmin((s) => s.busy);
  const [pw, setPw] = useState({ password: '', repeat: '' });
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const banner = useDialogError();
  const rules = usePasswordRules();
  const submit = async () => {
    const e = newPasswordErrors(pw, user.username, rules);
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    if (await useAdmin.getState().resetPassword(user.username, pw.password)) onClose();
  };
  return (
    <Modal title={`Reset the password of ${user.username}`} onClose={onClose}>
      {banner}
      <p>
        {user.role === 'administrator' ? <strong>{user.username} is an administrator. </strong> : null}The user&apos;s open sessions end and a lock-out is cleared. Tell them the new password in person;
        they can change it after signing in.
      </p>
      <form className="user-form" aria-label="Reset password" onSubmit={(e) => (e.preventDefault(), void submit())}>
        <PasswordFields label="New password" password={pw.password} repeat={pw.repeat} errors={errors} onChange={(p) => setPw((o) => ({ ...o, ...p }))} />
        <Actions label="Set new password" busy={busy} onClose={onClose} />
      </form>
    </Modal>
  );
}
