/**
 * The workstation window: toolbar (read a meter; the signed-in user), screen tabs, the setup-mode banner, the current
 * screen, status bar, and the export dialog. Mounted by ./auth/AuthGate.tsx only once it may be used. Live events from watched folders refresh their status and, when readings were imported, every list.
 */
import { lazy, Suspense, useEffect } from 'react';
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
import { SetupBanner } from './auth/SetupBanner';
import { ErrorBanner } from './ErrorBanner';
import { ExportDialog } from './ExportDialog';
import { ReadMeterScreen } from './ReadMeterScreen';
import { ScreenTabs } from './ScreenTabs';
import { Toolbar } from './Toolbar';

// Every screen but Read meter is its own chunk, loaded when first opened: the first paint parses only what the Read
// meter screen needs (issue 13.12, start to a usable UI). The chunks are local files (same origin, CSP 'self').
const ReadingsBrowser = lazy(() => import('./ReadingsBrowser').then((m) => ({ default: m.ReadingsBrowser })));
const ImportScreen = lazy(() => import('./ImportScreen').then((m) => ({ default: m.ImportScreen })));
const QuarantineScreen = lazy(() => import('./QuarantineScreen').then((m) => ({ default: m.QuarantineScreen })));
const WatchedFoldersScreen = lazy(() => import('./WatchedFoldersScreen').then((m) => ({ default: m.WatchedFoldersScreen })));
const SchemesScreen = lazy(() => import('./schemes/SchemesScreen').then((m) => ({ default: m.SchemesScreen })));
const StagingScreen = lazy(() => import('./staging/StagingScreen').then((m) => ({ default: m.StagingScreen })));
const CertificatesScreen = lazy(() => import('./staging/CertificatesScreen').then((m) => ({ default: m.CertificatesScreen })));
const MeterManagerScreen = lazy(() => import('./fleet/MeterManagerScreen').then((m) => ({ default: m.MeterManagerScreen })));
const CollectionScreen = lazy(() => import('./collection/CollectionScreen').then((m) => ({ default: m.CollectionScreen })));
const ReportsScreen = lazy(() => import('./reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const AuditScreen = lazy(() => import('./audit/AuditScreen').then((m) => ({ default: m.AuditScreen })));
const AdminScreen = lazy(() => import('./admin/AdminScreen').then((m) => ({ default: m.AdminScreen })));
const SettingsScreen = lazy(() => import('./settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));

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
        <Suspense
          fallback={
            <main className="main" aria-busy="true">
              <p className="muted">Opening the screen…</p>
            </main>
          }
        >
          <CurrentScreen />
        </Suspense>
      </div>
      <StatusBar />
      {exportOpen && <ExportDialog />}
    </div>
  );
}
