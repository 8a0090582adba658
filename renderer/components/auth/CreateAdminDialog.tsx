/**
 * Setup mode: "Create administrator" — the first user, always an administrator (auth.setupAdmin). User name,
 * display name, the meter user ID written to meters this user programs (optional), and the password twice.
 * Fields are checked with the contract's rules before sending (../../lib/user-form.ts). On success this window is
 * signed in as the new administrator and setup mode ends: from now on every action needs a signed-in user.
 */
import { useState } from 'react';
import { checkNewUser, type NewUserErrors, type NewUserForm } from '../../lib/user-form';
import { useAppInfo, usePasswordRules } from '../../state/app-info';
import { useAuth } from '../../state/auth';
import { ErrorBanner } from '../ErrorBanner';
import { Modal } from '../Modal';
import { UserFields } from './UserFields';

const EMPTY: NewUserForm = { username: '', displayName: '', meterUserId: '', password: '', repeat: '' };

export function CreateAdminDialog({ onClose }: { onClose: () => void }) {
  const { busy, error, setupAdmin, dismissError } = useAuth();
  const [form, setForm] = useState<NewUserForm>(EMPTY);
  const [errors, setErrors] = useState<NewUserErrors>({});
  const rules = usePasswordRules();
  const submit = async () => {
    const checked = checkNewUser(form, rules);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    if (await setupAdmin(checked.args)) {
      // The status bar names the operator: now the new administrator.
      void useAppInfo.getState().load();
      onClose();
    }
  };
  return (
    <Modal
      title="Create administrator"
      onClose={() => {
        dismissError();
        onClose();
      }}
    >
      <p>
        The first user is an administrator. Once it exists, everyone signs in and every action is recorded under their name; the administrator adds the
        other users (technicians, engineers, auditors).
      </p>
      <ErrorBanner message={error} onDismiss={dismissError} />
      <form
        className="user-form"
        aria-label="Create administrator"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <UserFields form={form} errors={errors} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} />
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create administrator and sign in'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
