/**
 * The Settings screen (issue 16): Optical probes (profiles, the profile of each port, the connection wizard) for every
 * signed-in user; Files and import, Policies and the settings file for those who may see settings (administrators
 * change them, auditors read them). Sections behind tabs; the values load when the screen opens.
 */
import { useEffect, useState } from 'react';
import { useCan } from '../../state/auth';
import { usePorts } from '../../state/ports';
import { useProbes } from '../../state/probes';
import { useSettings } from '../../state/settings';
import { ErrorBanner } from '../ErrorBanner';
import { GroupPanel } from './GroupPanel';
import { ProbesPanel } from './ProbesPanel';
import { SettingsFilePanel } from './SettingsFilePanel';

const SECTIONS = [
  { id: 'probes', label: 'Optical probes', settings: false },
  { id: 'files', label: 'Files and import', settings: true },
  { id: 'policies', label: 'Policies', settings: true },
  { id: 'file', label: 'Settings file', settings: true },
] as const;
type Section = (typeof SECTIONS)[number]['id'];

function Messages() {
  const s = useSettings();
  const p = useProbes();
  const error = s.error ?? p.error;
  const notice = s.notice ?? p.notice;
  return (
    <>
      <ErrorBanner message={error} onDismiss={() => (useSettings.getState().dismiss(), useProbes.getState().dismiss())} />
      {notice && (
        <p className="written" role="status" aria-label="Settings notice">
          {notice}
        </p>
      )}
    </>
  );
}

export function SettingsScreen() {
  const [section, setSection] = useState<Section>('probes');
  const canView = useCan('settings.view');
  const visible = SECTIONS.filter((s) => !s.settings || canView);
  useEffect(() => {
    // A notice belongs to the visit that caused it: coming back to the screen starts without the last one.
    useSettings.setState({ notice: null });
    useProbes.setState({ notice: null });
    void useProbes.getState().load();
    void usePorts.getState().refresh();
    if (canView) void useSettings.getState().load();
  }, [canView]);
  return (
    <main className="main" aria-label="Settings">
      <div className="editor-tabs" role="tablist" aria-label="Settings sections">
        {visible.map((s) => (
          <button key={s.id} type="button" role="tab" id={`settings-tab-${s.id}`} aria-controls={`settings-panel-${s.id}`} aria-selected={section === s.id} className="editor-tab" onClick={() => setSection(s.id)}>
            {s.label}
          </button>
        ))}
      </div>
      <Messages />
      <div role="tabpanel" id={`settings-panel-${section}`} aria-labelledby={`settings-tab-${section}`} className="settings-panels">
        {section === 'probes' && (
          <>
            <ProbesPanel />
            {canView && <GroupPanel group="probe" intro="The profile of a port that has none of its own and whose USB model no profile names." />}
          </>
        )}
        {section === 'files' && <GroupPanel group="files" intro="Where readings, exports and imported files go, and the import defaults. Folders are checked when saved: they must exist and take a new file (network shares and mapped drives too)." />}
        {section === 'policies' && <GroupPanel group="policy" intro="Rules every user works under. Each change is recorded in the audit trail with the values before and after." />}
        {section === 'file' && <SettingsFilePanel />}
      </div>
    </main>
  );
}
