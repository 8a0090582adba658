/**
 * Stored meter passwords, per meter, per meter group, or the default, and per security level 1–3. WRITE-ONLY: the
 * list shows only metadata (what for, level, updated when and by whom); a password is typed only into the store
 * dialog, sent once in `credentials.set`, and never comes back (main keeps it encrypted: docs/security.md). Meter
 * jobs use it when the user types none. Administrators store, replace and delete; engineers and auditors see the list.
 */
import { useState } from 'react';
import type { CredentialInfoView } from '../../../contract';
import { credentialTarget } from '../../lib/admin-words';
import { formatInstantShort } from '../../lib/format';
import { useAdmin } from '../../state/admin';
import { useAppInfo } from '../../state/app-info';
import { useCan } from '../../state/auth';
import { ConfirmDialog } from '../schemes/TreeDialogs';
import { CredentialDialog } from './CredentialDialog';
import { RowsTable } from '../shared/RowsTable';

export function CredentialsPanel() {
  const credentials = useAdmin((s) => s.credentials);
  const zone = useAppInfo((s) => s.info?.timeZone ?? 'UTC');
  const manage = useCan('credentials.manage');
  const [editing, setEditing] = useState<CredentialInfoView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CredentialInfoView | null>(null);
  return (
    <section className="panel" aria-label="Meter passwords">
      <div className="panel-head">
        <h2>Stored meter passwords</h2>
        <span className="muted">
          Used when nobody types a password: the meter&apos;s own, else its group&apos;s, else the default. Stored encrypted and never shown again.
        </span>
        {manage && (
          <button type="button" className="button button-primary push-right" onClick={() => setEditing('new')}>
            Store a meter password…
          </button>
        )}
      </div>
      <RowsTable
        kind="list"
        scroll="box"
        label="Stored meter passwords"
        rows={credentials}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-credential-id': c.id, 'data-scope': c.scope, 'data-level': c.level })}
        columns={[
          { header: 'For', cell: (c) => credentialTarget(c) },
          { header: 'Security level', className: 'num', cell: (c) => c.level },
          { header: 'Password', className: 'muted', cell: () => 'stored (hidden)' },
          { header: `Updated (${zone})`, className: 'mono', cell: (c) => formatInstantShort(c.updatedUtc, zone) },
          { header: 'By', cell: (c) => c.updatedBy },
        ]}
        rowActions={
          manage
            ? (c) => (
                <>
                  <button type="button" className="link-button" aria-label={`Replace the level ${c.level} password of ${credentialTarget(c)}`} onClick={() => setEditing(c)}>
                    Replace…
                  </button>
                  <button type="button" className="link-button danger" aria-label={`Delete the level ${c.level} password of ${credentialTarget(c)}`} onClick={() => setDeleting(c)}>
                    Delete…
                  </button>
                </>
              )
            : undefined
        }
        empty="No meter password is stored: users type the password when a meter asks for one."
      />
      {editing && <CredentialDialog existing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete the level ${deleting.level} password of ${credentialTarget(deleting)}?`}
          confirm="Delete stored password"
          onConfirm={() => useAdmin.getState().deleteCredential(deleting.id)}
          onClose={() => setDeleting(null)}
        >
          <p>Meter jobs will then use a less specific stored password (group or default), or ask for one to be typed.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
