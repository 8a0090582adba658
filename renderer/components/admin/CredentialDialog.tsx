/**
 * "Store a meter password" / "Replace …": which meters (one meter by serial number, a meter group, or the default
 * for every other meter), the security level 1–3, and the password (exactly 8 characters), typed into a password
 * field that is emptied as soon as it is sent. Replacing keeps the target and level and asks only for the password.
 * A level above 1 says what delegation exposes (issue 11.2, docs/security.md "Delegated meter passwords"): a meter's
 * own password may be sent on behalf of technicians for approved uploads, and whoever holds the probe can capture it.
 */
import { useState } from 'react';
import { METER_PASSWORD_LENGTH, type CredentialInfoView, type CredentialScope } from '../../../contract';
import { checkCredential, credentialTarget, type CredentialErrors, type CredentialForm } from '../../lib/admin-words';
import { useAdmin } from '../../state/admin';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { Modal } from '../Modal';

const SCOPES: readonly { id: CredentialScope; label: string }[] = [
  { id: 'meter', label: 'One meter' },
  { id: 'group', label: 'A meter group' },
  { id: 'default', label: 'Default (every other meter)' },
];

function fromExisting(c: CredentialInfoView | null): CredentialForm {
  return {
    scope: c?.scope ?? 'meter',
    meterSerial: c?.meterSerial ?? '',
    groupId: c?.groupId !== null && c?.groupId !== undefined ? String(c.groupId) : '',
    level: String(c?.level ?? 1) as CredentialForm['level'],
    password: '',
  };
}

export function CredentialDialog({ existing, onClose }: { existing: CredentialInfoView | null; onClose: () => void }) {
  const busy = useAdmin((s) => s.busy);
  const error = useAdmin((s) => s.error);
  const groups = useAdmin((s) => s.groups);
  const [f, setF] = useState<CredentialForm>(() => fromExisting(existing));
  const [errors, setErrors] = useState<CredentialErrors>({});
  const patch = (p: Partial<CredentialForm>) => setF((old) => ({ ...old, ...p }));
  const submit = async () => {
    const checked = checkCredential(f);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    patch({ password: '' });
    if (await useAdmin.getState().setCredential(checked.args)) onClose();
  };
  const title = existing ? `Replace the level ${existing.level} password of ${credentialTarget(existing)}` : 'Store a meter password';
  return (
    <Modal title={title} onClose={onClose}>
      <ErrorBanner message={error} onDismiss={() => useAdmin.getState().dismiss()} />
      {/* Not a <form> with a submit: the browser must not offer to save the meter password. */}
      <div className="user-form" role="group" aria-label="Stored meter password">
        {!existing && (
          <>
            <fieldset className="radio-row">
              <legend>For</legend>
              {SCOPES.map((s) => (
                <label key={s.id} className="check">
                  <input type="radio" name="credential-scope" checked={f.scope === s.id} onChange={() => patch({ scope: s.id })} />
                  {s.label}
                </label>
              ))}
            </fieldset>
            <div className="form-grid two">
              {f.scope === 'meter' && (
                <Field label="Meter serial number" error={errors.meterSerial}>
                  {(c) => <input {...c} type="text" value={f.meterSerial} spellCheck={false} autoComplete="off" onChange={(e) => patch({ meterSerial: e.target.value })} />}
                </Field>
              )}
              {f.scope === 'group' && (
                <Field label="Meter group" error={errors.groupId}>
                  {(c) => (
                    <select {...c} value={f.groupId} onChange={(e) => patch({ groupId: e.target.value })}>
                      <option value="">{groups.length ? 'Choose a group…' : 'No groups: add one under Meter groups'}</option>
                      {groups.map((g) => (
                        <option key={g.id} value={String(g.id)}>
                          {g.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
              <Field label="Security level">
                {(c) => (
                  <select {...c} value={f.level} onChange={(e) => patch({ level: e.target.value as CredentialForm['level'] })}>
                    <option value="1">1 — read, adjust the clock</option>
                    <option value="2">2</option>
                    <option value="3">3 — set the clock, program</option>
                  </select>
                )}
              </Field>
            </div>
          </>
        )}
        <Field label="Meter password" error={errors.password}>
          {(c) => (
            <input
              {...c}
              type="password"
              value={f.password}
              maxLength={32}
              placeholder={`${METER_PASSWORD_LENGTH} characters`}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => patch({ password: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && void submit()}
            />
          )}
        </Field>
        <p className="muted hint">The password is encrypted on this workstation and never shown again, not even to administrators.</p>
        {(existing?.level ?? Number(f.level)) > 1 && (
          <p className="note-warning hint" data-testid="delegation-warning">
            {(existing?.scope ?? f.scope) === 'meter'
              ? 'Delegation: when an engineer approves a program for this meter, a technician’s upload sends this password on their behalf. The workstation first checks the meter’s model and serial number and records each use, but whoever holds the probe sees what is sent: a fake meter that copies this meter’s identity can capture it (this one meter’s password, not others). No public Elster source shows how to change it afterwards, so change it on the meter when a probe is not trusted.'
              : 'Group and default passwords are never sent on a technician’s behalf (a captured one would open many meters): approved uploads by technicians need a password stored for the one meter.'}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-light" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void submit()}>
            {existing ? 'Replace password' : 'Store password'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
