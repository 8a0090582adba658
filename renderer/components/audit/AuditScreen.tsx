/**
 * The Audit trail screen (auditors and administrators): the tamper check (Verify chain), the filter, the records
 * found with paging and trace links, the meter's own programming log beside ours when a meter is filtered, and the
 * CSV / signed-bundle exports.
 */
import { useEffect } from 'react';
import { useAdmin } from '../../state/admin';
import { useCan } from '../../state/auth';
import { useAudit } from '../../state/audit';
import { useMeters } from '../../state/meters';
import { ErrorBanner } from '../ErrorBanner';
import { AuditExports } from './AuditExports';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { MeterLogPanel } from './MeterLogPanel';
import { VerifyPanel } from './VerifyPanel';

export function AuditScreen() {
  const error = useAudit((s) => s.error);
  const canSeeUsers = useCan('users.view');
  useEffect(() => {
    void useAudit.getState().search();
    void useMeters.getState().refresh();
    if (canSeeUsers) void useAdmin.getState().refresh();
  }, [canSeeUsers]);
  return (
    <main className="main" aria-label="Audit trail">
      <ErrorBanner message={error} onDismiss={() => useAudit.getState().dismissError()} />
      <VerifyPanel />
      <section className="panel" aria-label="Find audit records">
        <AuditFilters />
      </section>
      <MeterLogPanel />
      <AuditTable />
      <AuditExports />
    </main>
  );
}
