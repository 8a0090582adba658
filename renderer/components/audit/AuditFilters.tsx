/**
 * The audit filter: meter (serial number, suggested from the stored meters), user (suggested from the users when
 * the role may see them), action (the plain names of the audit vocabulary), and a range of days in the workstation's
 * time zone. "Show" finds the first page; "Clear" shows everything again.
 */
import { AUDIT_ACTIONS } from '../../../contract';
import { ACTION_LABELS } from '../../lib/audit-words';
import { useAdmin } from '../../state/admin';
import { useAudit } from '../../state/audit';
import { useMeters } from '../../state/meters';
import { Field } from '../Field';

export function AuditFilters() {
  const filter = useAudit((s) => s.filter);
  const loading = useAudit((s) => s.loading);
  const setFilter = useAudit((s) => s.setFilter);
  const meters = useMeters((s) => s.list);
  const users = useAdmin((s) => s.users);
  return (
    <form
      className="filters"
      aria-label="Audit filters"
      onSubmit={(e) => {
        e.preventDefault();
        void useAudit.getState().search();
      }}
    >
      <Field label="Meter">
        {(c) => <input {...c} type="text" list="audit-meters" value={filter.meterSerial} placeholder="any meter" spellCheck={false} onChange={(e) => setFilter({ meterSerial: e.target.value })} />}
      </Field>
      <datalist id="audit-meters">
        {meters.filter((m) => m.serial).map((m) => (
          <option key={m.serial} value={m.serial ?? ''} />
        ))}
      </datalist>
      <Field label="User">
        {(c) => <input {...c} type="text" list="audit-users" value={filter.username} placeholder="any user" spellCheck={false} onChange={(e) => setFilter({ username: e.target.value })} />}
      </Field>
      <datalist id="audit-users">
        {users.map((u) => (
          <option key={u.username} value={u.username} />
        ))}
      </datalist>
      <Field label="Action">
        {(c) => (
          <select {...c} value={filter.action} onChange={(e) => setFilter({ action: e.target.value })}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="From day">{(c) => <input {...c} type="date" value={filter.from} onChange={(e) => setFilter({ from: e.target.value })} />}</Field>
      <Field label="To day">{(c) => <input {...c} type="date" value={filter.to} onChange={(e) => setFilter({ to: e.target.value })} />}</Field>
      <button type="submit" className="button button-primary" disabled={loading}>
        Show
      </button>
      <button type="button" className="button button-light" disabled={loading} onClick={() => void useAudit.getState().clear()}>
        Clear
      </button>
    </form>
  );
}
