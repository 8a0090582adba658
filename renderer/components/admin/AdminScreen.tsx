/**
 * The Administration screen (administrators manage; auditors see it read-only): users, meter groups, and the stored
 * meter passwords (metadata only). Three sections behind tabs; the lists load when the screen opens.
 */
import { useEffect, useState } from 'react';
import { useAdmin } from '../../state/admin';
import { useSchemeTree } from '../../state/scheme-tree';
import { ErrorBanner } from '../ErrorBanner';
import { CredentialsPanel } from './CredentialsPanel';
import { MeterGroupsPanel } from './MeterGroupsPanel';
import { UsersPanel } from './UsersPanel';

const SECTIONS = [
  { id: 'users', label: 'Users' },
  { id: 'groups', label: 'Meter groups' },
  { id: 'credentials', label: 'Meter passwords' },
] as const;
type Section = (typeof SECTIONS)[number]['id'];

export function AdminScreen() {
  const [section, setSection] = useState<Section>('users');
  const error = useAdmin((s) => s.error);
  const notice = useAdmin((s) => s.notice);
  useEffect(() => {
    void useAdmin.getState().refresh();
    void useSchemeTree.getState().refresh();
  }, []);
  return (
    <main className="main" aria-label="Administration">
      <div className="editor-tabs" role="tablist" aria-label="Administration sections">
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            id={`admin-tab-${s.id}`}
            aria-controls={`admin-panel-${s.id}`}
            aria-selected={section === s.id}
            className="editor-tab"
            onClick={() => setSection(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      <ErrorBanner message={error} onDismiss={() => useAdmin.getState().dismiss()} />
      {notice && (
        <p className="written" role="status" aria-label="Administration notice">
          {notice}
        </p>
      )}
      <div role="tabpanel" id={`admin-panel-${section}`} aria-labelledby={`admin-tab-${section}`}>
        {section === 'users' && <UsersPanel />}
        {section === 'groups' && <MeterGroupsPanel />}
        {section === 'credentials' && <CredentialsPanel />}
      </div>
    </main>
  );
}
