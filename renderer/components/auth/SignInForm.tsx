/**
 * The sign-in form: user name and password, "Sign in". A wrong password or an unknown user reads the same plain
 * sentence (the workstation never says which); a locked account names the time it unlocks; a disabled one says to
 * ask an administrator. The password field is emptied after each failed try and never kept.
 */
import { useState } from 'react';
import { useAuth } from '../../state/auth';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';

/** The form; `initialUser` pre-fills the user name (a session that ended), `onDone` runs after a sign-in. */
export function SignInForm({ initialUser = '', onDone }: { initialUser?: string; onDone?: () => void }) {
  const { busy, error, signIn, dismissError } = useAuth();
  const [username, setUsername] = useState(initialUser);
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string | null>(null);

  const submit = async () => {
    if (!username.trim() || !password) {
      setMissing(!username.trim() ? 'Enter your user name.' : 'Enter your password.');
      return;
    }
    setMissing(null);
    const ok = await signIn(username.trim(), password);
    setPassword('');
    if (ok) onDone?.();
  };

  return (
    <form
      className="sign-in-form"
      aria-label="Sign in"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorBanner message={error} onDismiss={dismissError} />
      <Field label="User name" error={missing && !username.trim() ? missing : null}>
        {(c) => <input {...c} type="text" value={username} autoComplete="username" spellCheck={false} autoFocus={!initialUser} onChange={(e) => setUsername(e.target.value)} />}
      </Field>
      <Field label="Password" error={missing && username.trim() && !password ? missing : null}>
        {(c) => <input {...c} type="password" value={password} autoComplete="current-password" autoFocus={!!initialUser} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
