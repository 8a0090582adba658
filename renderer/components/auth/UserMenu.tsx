/**
 * The signed-in user in the header: display name (user name as its tooltip), role, "Change password…" and
 * "Sign out". In setup mode it names the computer user the actions are recorded as.
 */
import { useState } from 'react';
import { ROLE_LABELS } from '../../lib/permissions';
import { useAuth } from '../../state/auth';
import { ChangePasswordDialog } from './ChangePasswordDialog';

export function UserMenu() {
  const status = useAuth((s) => s.status);
  const busy = useAuth((s) => s.busy);
  const [changing, setChanging] = useState(false);
  if (!status?.user) return null;
  const u = status.user;
  if (status.setupMode) {
    return (
      <div className="user-menu" role="group" aria-label="Signed-in user">
        <span className="user-name" data-testid="signed-in-user" title="No users exist yet: actions are recorded as this computer user.">
          {u.username}
        </span>
        <span className="badge role-badge" data-testid="signed-in-role">
          Setup mode
        </span>
      </div>
    );
  }
  return (
    <div className="user-menu" role="group" aria-label="Signed-in user">
      <span className="user-name" data-testid="signed-in-user" title={`User name: ${u.username}${u.meterUserId ? ` · meter user ID ${u.meterUserId}` : ''}`}>
        {u.displayName || u.username}
      </span>
      <span className={`badge role-badge role-${u.role}`} data-testid="signed-in-role">
        {ROLE_LABELS[u.role]}
      </span>
      <button type="button" className="button" onClick={() => setChanging(true)}>
        Change password…
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => void useAuth.getState().signOut()}>
        Sign out
      </button>
      {changing && <ChangePasswordDialog username={u.username} onClose={() => setChanging(false)} />}
    </div>
  );
}
