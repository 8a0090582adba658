/**
 * "Change password": the current password, then the new one twice (auth.changePassword). The user's other
 * sessions end; this window stays signed in. Checked with the contract's rules before sending.
 */
import { useState } from 'react';
import { newPasswordErrors } from '../../lib/user-form';
import { usePasswordRules } from '../../state/app-info';
import { useAuth } from '../../state/auth';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';
import { PasswordFields } from './UserFields';

export function ChangePasswordDialog({ username, onClose }: { username: string; onClose: () => void }) {
  const { busy, error, changePassword, dismissError } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState({ password: '', repeat: '' });
  const [errors, setErrors] = useState<{ current?: string; password?: string; repeat?: string }>({});
  const [done, setDone] = useState(false);
  const close = () => {
    dismissError();
    onClose();
  };
  const rules = usePasswordRules();
  const submit = async () => {
    const e = { ...(current ? {} : { current: 'Enter your current password.' }), ...newPasswordErrors(next, username, rules) };
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    if (await changePassword(current, next.password)) setDone(true);
    setCurrent('');
  };
  return (
    <Modal title="Change password" onClose={close}>
      <ErrorBanner message={error} onDismiss={dismissError} />
      {done ? (
        <>
          <p role="status">Your password was changed. Your other sessions (other windows, the command line) have ended.</p>
          <div className="modal-actions">
            <button type="button" className="button button-primary" onClick={close}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form
          className="user-form"
          aria-label="Change password"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label="Current password" error={errors.current}>
            {(c) => <input {...c} type="password" value={current} autoComplete="current-password" onChange={(e) => setCurrent(e.target.value)} />}
          </Field>
          <PasswordFields label="New password" password={next.password} repeat={next.repeat} errors={errors} onChange={(p) => setNext((n) => ({ ...n, ...p }))} />
          <div className="modal-actions">
            <button type="button" className="button button-light" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              Change password
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
