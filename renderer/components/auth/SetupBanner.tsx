/**
 * Setup mode banner (no user exists yet): actions are recorded as the computer's user, and the workstation asks for
 * an administrator to be created ("Create administrator…"). Shown only to windows in setup mode.
 */
import { useState } from 'react';
import { useAuth } from '../../state/auth';
import { CreateAdminDialog } from './CreateAdminDialog';

export function SetupBanner() {
  const status = useAuth((s) => s.status);
  const [open, setOpen] = useState(false);
  if (!status?.setupMode) return null;
  return (
    <div className="top-banner">
      <div className="banner banner-setup" role="region" aria-label="Setup mode">
        <span className="banner-text">
          <strong>Setup mode:</strong> no users yet, so anyone at this computer can do anything, and actions are recorded as the computer user “
          {status.user?.username ?? '?'}”. Create an administrator so that every action needs a signed-in user.
        </span>
        <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
          Create administrator…
        </button>
      </div>
      {open && <CreateAdminDialog onClose={() => setOpen(false)} />}
    </div>
  );
}
