/**
 * The workstation window: toolbar (read a meter; the signed-in user), screen tabs, the setup-mode banner, the current
 * screen, status bar, and the export dialog. Mounted by ./auth/AuthGate.tsx only once it may be used. Live events from watched folders refresh their status and, when readings were imported, every list.
 */
import { useEffect } from 'react';
import { onEvent } from '../api/client';
import { refreshAfterImport } from '../state/actions';
import { useAppInfo } from '../state/app-info';
import { useAuth } from '../state/auth';
import { useExport } from '../state/export-job';
import { useMeters } from '../state/meters';
import { homeScreen, useNav } from '../state/nav';
import { usePorts } from '../state/ports';
import { useReadings } from '../state/readings';
import { useWatchedFolders } from '../state/watched-folders';
import { AdminScreen } from './admin/AdminScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { AuditScreen } from './audit/AuditScreen';
import { CollectionScreen } from './collection/CollectionScreen';
import { MeterManagerScreen } from './fleet/MeterManagerScreen';
import { SetupBanner } from './auth/SetupBanner';
import { ErrorBanner } from './ErrorBanner';
import { ExportDialog } from './ExportDialog';
import { ImportScreen } from './ImportScreen';
import { QuarantineScreen } from './QuarantineScreen';
import { ReadingsBrowser } from './ReadingsBrowser';
import { ReadMeterScreen } from './ReadMeterScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { SchemesScreen } from './schemes/SchemesScreen';
import { ScreenTabs } from './ScreenTabs';
import { CertificatesScreen } from './staging/CertificatesScreen';
import { StagingScreen } from './staging/StagingScreen';
import { Toolbar } from './Toolbar';
import { WatchedFoldersScreen } from './WatchedFoldersScreen';

function StatusBar() {
  const info = useAppInfo((s) => s.info);
  if (!info) return null;
  return (
    <footer className="statusbar">
      <span>
        v{info.version} · {info.mode === 'browser' ? 'browser mode' : 'desktop'}
      </span>
      <span>Operator: {info.operator}</span>
      <span>Time zone: {info.timeZone}</span>
      <span className="path" title={info.dbPath}>
        Store: {info.dbPath}
      </span>
    </footer>
  );
}

function CurrentScreen() {
  const screen = useNav((s) => s.screen);
  switch (screen) {
    case 'read':
      return <ReadMeterScreen />;
    case 'browse':
      return <ReadingsBrowser />;
    case 'import':
      return <ImportScreen />;
    case 'quarantine':
      return <QuarantineScreen />;
    case 'folders':
      return <WatchedFoldersScreen />;
    case 'schemes':
      return <SchemesScreen />;
    case 'staging':
      return <StagingScreen />;
    case 'certificates':
      return <CertificatesScreen />;
    case 'fleet':
      return <MeterManagerScreen />;
    case 'collection':
      return <CollectionScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'admin':
      return <AdminScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

export function App() {
  const infoError = useAppInfo((s) => s.error);
  const exportOpen = useExport((s) => s.open);
  // The user this window shows work of: kept while a session ended and the same user signs in again.
  const shownFor = useAuth((s) => s.shownFor);

  // Each user lands on their role's home screen (an auditor on the Audit trail); a new sign-in of the same user keeps the screen.
  useEffect(() => {
    useNav.getState().go(homeScreen(useAuth.getState().status?.permissions ?? []));
  }, [shownFor]);

  useEffect(() => {
    void useAppInfo.getState().load();
    void usePorts.getState().refresh();
    void useReadings.getState().refresh();
    void useMeters.getState().refresh();
    return onEvent('watchEvent', (e) => {
      void useWatchedFolders.getState().refresh();
      if (e.imported > 0) void refreshAfterImport();
    });
  }, []);

  return (
    <div className="app">
      <Toolbar />
      <ScreenTabs />
      <SetupBanner />
      {infoError && (
        <div className="top-banner">
          <ErrorBanner message={infoError} onDismiss={() => useAppInfo.getState().dismissError()} />
        </div>
      )}
      <div className="body">
        <CurrentScreen />
      </div>
      <StatusBar />
      {exportOpen && <ExportDialog />}
    </div>
  );
}
